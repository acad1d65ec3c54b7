// The checks of docs/PF2.md §3 a bettor's page makes before it reveals its
// secret: the freeze statement is signed and names this round, my commitment
// and each bet the server acknowledged are frozen lines with valid inclusion
// proofs, and the lines around each block of mine name other players (or sit
// at an end of the tree), so no line I did not make carries my name. If any
// check fails the secret stays here: revealing it would let the round draw
// from a freeze the server may have rigged. Pure, and never throws.
import { verifyProof } from '../../../shared/fairness/merkle.ts';
import type { FrozenLinesOfPlayer, WireProof, WireStatement } from '../../../shared/protocol.ts';
import type { BetLine, FreezeCheck } from './pf2-state.ts';
import { statementProblem, type RoundIdentity } from './pf2-statement-checks.ts';

export type { BetLine };

export type FreezeCheckInput = {
  identity: RoundIdentity;
  statementKey: string | null;
  reference: string;
  commitment: string;
  statement: WireStatement;
  lines: FrozenLinesOfPlayer;
  /** My bets the server acknowledged and I did not cancel: each must be frozen. */
  acknowledgedBets: readonly BetLine[];
  /** Bets whose placement or cancel was still unacknowledged at the close: they may be frozen, or not. */
  requestedBets?: readonly BetLine[];
};

export function commitmentLine(reference: string, commitment: string): string {
  return `c|${reference}|${commitment}`;
}

export function betLine(reference: string, bet: BetLine): string {
  return `b|${reference}|${bet.betId}|${bet.spot}|${bet.amountMinor}`;
}

/** The player a frozen line names: the field after its kind (ids hold no "|"). */
export function playerOfLine(line: string): string | null {
  const parts = line.split('|');
  return parts.length >= 3 ? (parts[1] as string) : null;
}

function proofHolds(proof: WireProof, size: number, freeze: string): boolean {
  if (proof.line === null || proof.path === null) return false;
  return verifyProof({ index: proof.index, line: proof.line, path: proof.path }, size, freeze);
}

/** Maximal runs of consecutive leaf indices, in tree order. */
function blocksOf(indices: readonly number[]): [number, number][] {
  const sorted = [...indices].sort((a, b) => a - b);
  const blocks: [number, number][] = [];
  for (const index of sorted) {
    const last = blocks[blocks.length - 1];
    if (last !== undefined && last[1] === index - 1) last[1] = index;
    else blocks.push([index, index]);
  }
  return blocks;
}

function checkMyLines(input: FreezeCheckInput, size: number, freeze: string, problems: string[]): number[] {
  const { reference, lines } = input;
  const indices: number[] = [];
  const seen = new Set<string>();
  for (const proof of lines.lines) {
    if (proof.line === null || !proofHolds(proof, size, freeze)) {
      problems.push(`the proof of line ${proof.index} (${String(proof.line)}) does not verify against the freeze`);
      continue;
    }
    if (playerOfLine(proof.line) !== reference) problems.push(`I was sent line ${proof.index} that names someone else: ${proof.line}`);
    if (seen.has(proof.line) || indices.includes(proof.index)) problems.push(`line ${proof.index} (${proof.line}) was sent twice`);
    seen.add(proof.line);
    indices.push(proof.index);
  }
  const mine = commitmentLine(reference, input.commitment);
  if (!seen.has(mine)) problems.push('my commitment is not among the frozen lines');
  for (const line of seen) {
    if (line.startsWith(`c|${reference}|`) && line !== mine) problems.push(`a commitment I never made is frozen under my name: ${line}`);
  }
  const acknowledged = new Set(input.acknowledgedBets.map((bet) => betLine(reference, bet)));
  const requested = new Set((input.requestedBets ?? []).map((bet) => betLine(reference, bet)));
  for (const line of acknowledged) if (!seen.has(line)) problems.push(`my acknowledged bet is missing or altered in the freeze: ${line}`);
  for (const line of seen) {
    if (line.startsWith('b|') && !acknowledged.has(line) && !requested.has(line)) problems.push(`a bet I never made is frozen under my name: ${line}`);
  }
  return indices;
}

/** Each block of my lines must be bounded by lines of other players, or by an end of the tree. */
function checkNeighbours(input: FreezeCheckInput, indices: readonly number[], size: number, freeze: string, problems: string[]): void {
  const byIndex = new Map(input.lines.neighbours.map((proof) => [proof.index, proof]));
  for (const [first, last] of blocksOf(indices)) {
    for (const index of [first - 1, last + 1]) {
      const neighbour = byIndex.get(index);
      const atEnd = index < 0 || index >= size;
      if (neighbour === undefined) {
        problems.push(`the line beside my block of lines ${first}–${last} (leaf ${index}) was not sent`);
      } else if (neighbour.line === null) {
        if (!atEnd) problems.push(`leaf ${index} beside my lines was withheld though it is inside the tree`);
      } else if (!proofHolds(neighbour, size, freeze)) {
        problems.push(`the proof of the neighbouring line ${index} does not verify against the freeze`);
      } else if (playerOfLine(neighbour.line) === input.reference) {
        problems.push(`the neighbouring line ${index} also carries my name: ${neighbour.line}`);
      }
    }
  }
}

/** The checks of PF2.md §3, all of them: every problem is listed, so the alarm can say exactly what is wrong. */
export function checkFreeze(input: FreezeCheckInput): FreezeCheck {
  const problems: string[] = [];
  const statementIssue = statementProblem(input.statement, 'pf2.freeze', input.identity, input.statementKey);
  if (statementIssue !== null) return { ok: false, problems: [statementIssue] };
  const freeze = input.statement.freeze as string;
  const size = input.statement.lines as number;
  const { lines } = input;
  if (lines.round !== input.identity.round) problems.push(`my lines are for round ${lines.round}, not ${input.identity.round}`);
  if (lines.freeze !== freeze) problems.push('my lines were proven against a different freeze than the signed one');
  if (lines.size !== size) problems.push(`my lines come from a tree of ${lines.size} lines, the signed freeze has ${size}`);
  // One c| line per bettor and one b| line per bet: a freeze whose counts disagree with its size signs a tree it does not describe.
  const counted = (input.statement.bettors as number) + (input.statement.bets as number);
  if (counted !== size) problems.push(`the signed freeze counts ${counted} bettors and bets but ${size} lines`);
  if (problems.length > 0) return { ok: false, problems };
  const indices = checkMyLines(input, size, freeze, problems);
  const expectedCount = 1 + input.acknowledgedBets.length;
  const extraAllowed = (input.requestedBets ?? []).length;
  if (indices.length < expectedCount || indices.length > expectedCount + extraAllowed) {
    problems.push(`${indices.length} frozen lines carry my name, but I made ${expectedCount} (my commitment and ${input.acknowledgedBets.length} bets)`);
  }
  checkNeighbours(input, indices, size, freeze, problems);
  return { ok: problems.length === 0, problems };
}
