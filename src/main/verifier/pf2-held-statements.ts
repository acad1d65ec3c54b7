// The signed statements a player's page holds (PF2.md §7 "Proofs"), read
// from whatever the player hands an auditor — the page's evidence download,
// a list of statements, one statement — and compared with the record they
// are about. Two validly signed statements that differ about one subject
// prove equivocation; a signed statement the record contradicts (a reveal
// acknowledged but missing, a decision acknowledged but absent or changed)
// proves the record was rewritten. Pure, record-local; the receipts' own
// check (record hash and predecessor) is pf2-receipts.ts's.
import { Check, type Finding } from '../../shared/audit-api.ts';
import { canonicalize } from '../../shared/audit/canonical-json.ts';
import { isBlackjackOutcome } from '../../shared/games/blackjack.ts';
import type { Outcome } from '../../shared/protocol.ts';
import type { RoundRecord } from '../../shared/audit-record.ts';

/** A statement and where it was read from (file#index), for the report. */
export type HeldStatement = { source: string; statement: Record<string, unknown> };

/** How deep and how many objects the reader walks: a player's file is small, a hostile one stays bounded. */
const maxDepth = 8;
const maxObjects = 200_000;

function isStatement(value: Record<string, unknown>): boolean {
  return typeof value.kind === 'string' && value.kind.startsWith('pf2.') && typeof value.sig === 'string';
}

/**
 * Every pf2 statement in a parsed file, wherever it sits (the page's
 * evidence keeps receipts as `{ round, statement }` and a round's statements
 * by name), each once.
 */
export function heldStatementsIn(parsed: unknown, source: string): HeldStatement[] {
  const found: HeldStatement[] = [];
  const seen = new Set<string>();
  let visited = 0;
  const walk = (value: unknown, depth: number): void => {
    if (depth > maxDepth || visited >= maxObjects || typeof value !== 'object' || value === null) return;
    visited += 1;
    if (Array.isArray(value)) {
      for (const item of value) walk(item, depth + 1);
      return;
    }
    const object = value as Record<string, unknown>;
    if (isStatement(object)) {
      const text = canonicalize(object);
      if (!seen.has(text)) {
        seen.add(text);
        found.push({ source: `${source}#${found.length}`, statement: object });
      }
      return;
    }
    for (const member of Object.values(object)) walk(member, depth + 1);
  };
  walk(parsed, 0);
  return found;
}

function sameStatement(held: Record<string, unknown>, recorded: Record<string, unknown> | null): boolean {
  return recorded !== null && canonicalize(held) === canonicalize(recorded);
}

function finding(field: string, message: string): Finding {
  return { check: Check.Chain, field, message };
}

/** What a held statement (other than a receipt) shows against the record of its round: nothing, or the proof. */
export function heldStatementFindings(record: RoundRecord, statement: Record<string, unknown>, source: string): Finding[] {
  const pf2 = record.pf2;
  if (pf2 === undefined || pf2 === null) return [finding('pf2', `${source} is a pf2 statement about a round the record says ran pf1`)];
  const recorded = pf2.statements;
  switch (statement.kind) {
    case 'pf2.freeze':
      return sameStatement(statement, recorded.freeze) ? [] : [finding('pf2.statements.freeze', `${source}: the player holds another signed pf2.freeze for this round: equivocation`)];
    case 'pf2.revealed':
      return sameStatement(statement, recorded.revealed) ? [] : [finding('pf2.statements.revealed', `${source}: the player holds another signed pf2.revealed for this round: equivocation`)];
    case 'pf2.void':
      return sameStatement(statement, recorded.void) ? [] : [finding('pf2.statements.void', `${source}: the player holds a signed pf2.void the record does not carry`)];
    case 'pf2.resume':
      return recorded.resumes.some((resume) => sameStatement(statement, resume)) ? [] : [finding('pf2.statements.resumes', `${source}: the player holds a signed pf2.resume the record does not carry`)];
    case 'pf2.reveal':
      return revealFindings(record, statement, source);
    case 'pf2.decision':
      return decisionFindings(record, statement, source);
    default:
      // pf2.bets signs a batch root; its lines are the page's to compare (it holds the proofs).
      return [];
  }
}

/** An acknowledged reveal: the record lists the bettor's reveal (not as withheld), of the freeze it names. */
function revealFindings(record: RoundRecord, statement: Record<string, unknown>, source: string): Finding[] {
  const pf2 = record.pf2!;
  if (statement.freeze !== pf2.freeze) return [finding('pf2.freeze', `${source}: the player's acknowledged reveal names another freeze: equivocation`)];
  const reference = pf2.commitments.find((entry) => entry.commitment === statement.commitment)?.reference;
  if (reference === undefined) return [finding('pf2.commitments', `${source}: an acknowledged reveal of a commitment the record does not hold`)];
  if (pf2.reveals.some((reveal) => reveal.reference === reference)) return [];
  return [finding('pf2.reveals', `${source}: the table acknowledged ${reference}'s reveal, yet the record lists no reveal for them${pf2.withheld.includes(reference) ? ' and calls them withheld' : ''}`)];
}

/** An acknowledged blackjack decision: the record's decision at its seq is the same seat, hand and action. */
function decisionFindings(record: RoundRecord, statement: Record<string, unknown>, source: string): Finding[] {
  const outcome = record.outcome as Outcome | null;
  if (outcome === null || !isBlackjackOutcome(outcome)) return [finding('outcome', `${source}: an acknowledged blackjack decision in a round with no blackjack outcome`)];
  const seq = statement.seq;
  const decision = typeof seq === 'number' && Number.isInteger(seq) && seq >= 1 ? outcome.decisions[seq - 1] : undefined;
  const same = decision !== undefined && decision.seat === statement.seat && decision.hand === statement.hand && decision.action === statement.action;
  if (same) return [];
  const field = typeof seq === 'number' ? `outcome.decisions[${seq - 1}]` : 'outcome.decisions';
  return [finding(field, `${source}: the table acknowledged decision ${String(seq)} as seat ${String(statement.seat)} hand ${String(statement.hand)} ${String(statement.action)}, but the record says ${decision === undefined ? 'nothing' : `${decision.action} on seat ${decision.seat} hand ${decision.hand}`}`)];
}
