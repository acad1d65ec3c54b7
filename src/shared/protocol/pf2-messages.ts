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

/**
 * A round's public beacon (PF2.md §6): the drand chain its freeze named (chain
 * hash), the beacon round fixed (R, or R′ after a resume), when that round is
 * emitted (epoch ms), and its value (the BLS signature, 96 hex digits) once
 * the server obtained and checked it. `waitingSince` is set while the value is
 * late: from the emission time on, until it arrives.
 */
export type RoundBeacon = { chain: string; round: number; emitsAt: number; signature: string | null; waitingSince: number | null };

/** A leaf of an RFC 6962 tree with its audit path; `line` and `path` null for a neighbour past an end of the tree. */
export type WireProof = { index: number; line: string | null; path: string[] | null };

/** The private part of a freeze (PF2.md §3): the bettor's own frozen lines and the lines around each block of them. */
export type FrozenLinesOfPlayer = { round: number; size: number; freeze: string; lines: WireProof[]; neighbours: WireProof[] };
