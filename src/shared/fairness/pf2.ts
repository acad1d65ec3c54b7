// pf2, the fairness contract for shared tables, exactly as docs/PF2.md (a
// copy of the shared contract): identifier rules and round commitments (§2).
// Merkle trees are merkle.ts. Pure like pf1.ts: the server produces with this
// code and the player page verifies with it.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from './pf1.ts';

const utf8 = new TextEncoder();

function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8.encode(text)));
}

// ---------------------------------------------------------------- input checks

/** What is wrong with one input, so a caller at the edge can refuse it and say why. */
export type Pf2InputProblem = { field: string; reason: string };

/** Thrown by the builders below when given input the checks refuse; check first to never see it. */
export class Pf2InputError extends Error {
  readonly problem: Pf2InputProblem;
  constructor(problem: Pf2InputProblem) {
    super(`${problem.field}: ${problem.reason}`);
    this.problem = problem;
  }
}

/**
 * Printable ASCII (U+0020..U+007E) without "|" and ",": what PF2.md allows in
 * table, player, bet and spot ids. An id with "|" could forge the field
 * boundaries of a line, one with "," those of a list. Empty ids are refused
 * too: no line names nobody.
 */
const ID_PATTERN = /^[\x20-\x2b\x2d-\x7b\x7d\x7e]+$/;
const SECRET_PATTERN = /^[0-9a-f]{32}$/;
const HASH_PATTERN = /^[0-9a-f]{64}$/;

export function idProblem(field: string, value: unknown): Pf2InputProblem | null {
  if (typeof value !== 'string') return { field, reason: 'must be a string' };
  if (value.length === 0) return { field, reason: 'must not be empty' };
  if (!ID_PATTERN.test(value)) return { field, reason: 'must be printable ASCII without "|" or ","' };
  return null;
}

export function isPf2Id(value: unknown): value is string {
  return idProblem('id', value) === null;
}

/** A round secret: 16 bytes as 32 lowercase hex digits (§2). */
export function isRoundSecret(value: unknown): value is string {
  return typeof value === 'string' && SECRET_PATTERN.test(value);
}

/** A SHA-256 value as 64 lowercase hex digits (commitments, roots, digests). */
export function isHashHex(value: unknown): value is string {
  return typeof value === 'string' && HASH_PATTERN.test(value);
}

function isRoundNumber(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 1;
}

function firstProblem(...problems: (Pf2InputProblem | null)[]): Pf2InputProblem | null {
  return problems.find((problem) => problem !== null) ?? null;
}

function check(problem: Pf2InputProblem | null): void {
  if (problem !== null) throw new Pf2InputError(problem);
}

// ---------------------------------------------------------------- byte order

// eslint-disable-next-line no-control-regex -- the whole ASCII range, controls included, is what is asked
const ASCII = /^[\x00-\x7f]*$/;

/**
 * Sorts ascending by UTF-8 bytes. Everything pf2 sorts is ASCII (validated
 * ids, decimal numbers, hex), where JS's UTF-16 code-unit order equals byte
 * order; that is asserted, so a non-ASCII string can never be sorted wrongly.
 */
export function sortByBytes(texts: readonly string[]): string[] {
  for (const text of texts) if (!ASCII.test(text)) throw new Pf2InputError({ field: 'line', reason: 'is not ASCII' });
  return [...texts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

// ---------------------------------------------------------------- §2 commitments

export function commitmentInputProblem(table: unknown, round: unknown, player: unknown, secret: unknown): Pf2InputProblem | null {
  return firstProblem(
    idProblem('table', table),
    isRoundNumber(round) ? null : { field: 'round', reason: 'must be a positive integer' },
    idProblem('player', player),
    isRoundSecret(secret) ? null : { field: 'secret', reason: 'must be 32 lowercase hex digits' },
  );
}

/** hex(SHA-256(UTF-8("pf2|" + table + "|" + n + "|" + player + "|" + secret))). */
export function roundCommitment(table: string, round: number, player: string, secret: string): string {
  check(commitmentInputProblem(table, round, player, secret));
  return sha256Hex(`pf2|${table}|${round}|${player}|${secret}`);
}

/** Whether the secret opens the commitment; never throws (both come from the network). */
export function opensCommitment(table: string, round: number, player: string, secret: string, commitment: string): boolean {
  if (commitmentInputProblem(table, round, player, secret) !== null || !isHashHex(commitment)) return false;
  return roundCommitment(table, round, player, secret) === commitment;
}
