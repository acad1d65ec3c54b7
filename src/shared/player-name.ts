// The names players pick, checked the same way by the join form and the
// server. A name is normalised (NFKC, trimmed, inner whitespace collapsed) so
// that look-alikes such as full-width `Ｄｅａｌｅｒ` become the name they imitate,
// and then refused rather than changed: too long, invisible or control
// characters, a mix of scripts, or a word that belongs to the staff.
import { z } from 'zod';
import { Limits } from './protocol.ts';

/** Words only staff may go by, compared after normalising and case folding. */
export const reservedNameWords: readonly string[] = [
  'admin',
  'administrator',
  'cashier',
  'croupier',
  'dealer',
  'host',
  'house',
  'manager',
  'mod',
  'moderator',
  'operator',
  'owner',
  'pitboss',
  'root',
  'security',
  'staff',
  'support',
  'system',
];

const separators = /[\s_.'-]+/gu;
/** Letters (each with at most two combining marks, as Indic scripts need), digits and a few separators. */
const allowedName = /^(?:[\p{L}\p{N}]\p{M}{0,2}|[ _.'-])+$/u;
/** Control, format (zero-width, bidi overrides), surrogate, private-use and unassigned code points. */
const invisible = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;
/** Scripts whose letters imitate each other; a name may use only one of them. */
const confusableScripts = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u];

/** The form a name is stored and shown in. */
export function normalisePlayerName(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/** Full case folding as far as JavaScript offers it: `ẞ`, `ß` and `SS` all become `ss`. */
function caseFolded(text: string): string {
  return text.toLowerCase().toUpperCase().toLowerCase();
}

/** What two names are compared by: case folded, separators dropped, so `Al ice`, `al.ice` and `ALICE` are one name. */
export function playerNameKey(name: string): string {
  return caseFolded(normalisePlayerName(name)).replace(separators, '');
}

function usesReservedWord(name: string): boolean {
  const folded = caseFolded(name);
  const words = folded.split(/[\s_.'\-\p{N}]+/u).filter((word) => word.length > 0);
  const lettersOnly = folded.replace(/[^\p{L}\p{M}]+/gu, '');
  return reservedNameWords.includes(lettersOnly) || words.some((word) => reservedNameWords.includes(word));
}

/** Why a normalised name is refused, in words a player understands; null when it is fine. */
export function playerNameProblem(name: string): string | null {
  if (name.length === 0) return 'Pick a name.';
  const length = [...name].length;
  if (length > Limits.maxNameLength) return `That name is ${length} characters long; the limit is ${Limits.maxNameLength}.`;
  if (invisible.test(name)) return 'That name contains invisible or control characters.';
  if (!allowedName.test(name)) return "Use letters, digits, spaces and . _ ' - only.";
  if (confusableScripts.filter((script) => script.test(name)).length > 1) return 'Use letters from one alphabet only.';
  if (usesReservedWord(name)) return 'That name is kept for the staff; pick another.';
  return null;
}

/** A player's name on the wire: normalised, then refused with a reason instead of cut or changed further. */
export const playerNameSchema = z
  .string()
  .max(Limits.maxNameLength * 8, `That name is too long; the limit is ${Limits.maxNameLength} characters.`)
  .transform((raw) => normalisePlayerName(raw))
  .superRefine((name, context) => {
    const problem = playerNameProblem(name);
    if (problem !== null) context.addIssue({ code: 'custom', message: problem });
  });
