// What pf2 (docs/PF2.md) adds to the wire: the commitment a bet carries, the
// reveal a bettor sends, and the signed statements and proofs the server
// sends back. A statement travels as the flat JSON object PF2.md §7 defines
// (its `sig` included), so a page can check it and keep it as proof.
import { z } from 'zod';

/** A round commitment (PF2.md §2): 64 lowercase hex digits. */
export const commitmentSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a commitment is 64 lowercase hex digits');
/** A round secret (PF2.md §2): 16 random bytes as 32 lowercase hex digits. */
export const roundSecretSchema = z.string().regex(/^[0-9a-f]{32}$/, 'a round secret is 32 lowercase hex digits');

/** A signed statement as sent: strings, integers and null, with `kind` and `sig`. */
export type WireStatement = Readonly<Record<string, string | number | null>> & { readonly kind: string; readonly sig: string };

/** A leaf of an RFC 6962 tree with its audit path; `line` and `path` null for a neighbour past an end of the tree. */
export type WireProof = { index: number; line: string | null; path: string[] | null };

/** The private part of a freeze (PF2.md §3): the bettor's own frozen lines and the lines around each block of them. */
export type FrozenLinesOfPlayer = { round: number; size: number; freeze: string; lines: WireProof[]; neighbours: WireProof[] };
