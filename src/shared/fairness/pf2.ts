// pf2, the fairness contract for shared tables, exactly as docs/PF2.md (a
// copy of the shared contract): identifier rules, round commitments (§2), the
// frozen lines and each bettor's proofs (§3), the bet-acknowledgement batch
// (§7), and the secrets, digests and client strings (§5, §9). Merkle trees
// are merkle.ts, the beacon round pf2-beacon.ts, statements pf2-statements.ts,
// the blackjack shoe pf2-shoe.ts. Pure like pf1.ts: the server produces
// with this code and the player page verifies with it.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from './pf1.ts';
import { MerkleTree, type InclusionProof } from './merkle.ts';

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

// ---------------------------------------------------------------- §3 frozen lines

export type LiveBet = { player: string; betId: string; spot: string; amountMinor: number };

/** amountMinor as a line writes it: a decimal integer without sign or leading zeros. */
function isAmountMinor(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function betProblem(bet: LiveBet): Pf2InputProblem | null {
  return firstProblem(
    idProblem('player', bet.player),
    idProblem('betId', bet.betId),
    idProblem('spot', bet.spot),
    isAmountMinor(bet.amountMinor) ? null : { field: 'amountMinor', reason: 'must be a non-negative safe integer' },
  );
}

/**
 * Everything wrong with a freeze's input, or null: the ids, and a commitment
 * for every player holding a live bet. `commitments` maps player to the
 * commitment recorded with its first accepted bet.
 */
export function frozenInputProblem(commitments: ReadonlyMap<string, string>, liveBets: readonly LiveBet[]): Pf2InputProblem | null {
  for (const bet of liveBets) {
    const problem = betProblem(bet);
    if (problem !== null) return problem;
    const commitment = commitments.get(bet.player);
    if (!isHashHex(commitment)) return { field: 'commitment', reason: `player ${bet.player} holds a live bet but no commitment` };
  }
  return null;
}

/**
 * The frozen lines D[0..m−1] (§3): `c|{player}|{commitment}` for every player
 * holding a live bet, `b|{player}|{betId}|{spot}|{amountMinor}` for every live
 * bet, sorted by UTF-8 bytes. Commitments of players without a live bet are
 * not lines: their player does not bet in this round.
 */
export function frozenLines(commitments: ReadonlyMap<string, string>, liveBets: readonly LiveBet[]): string[] {
  return sortByBytes(unsortedFrozenLines(commitments, liveBets, new Set()));
}

/**
 * The frozen lines of some of a round's live bets, unsorted: each bet's `b|`
 * line and a `c|` line for each of their players not yet in `seen` (added to
 * it). frozenLines is this for every bet, sorted; a big freeze makes the
 * lines a chunk of bets at a time and sorts them once.
 */
export function unsortedFrozenLines(commitments: ReadonlyMap<string, string>, liveBets: readonly LiveBet[], seen: Set<string>): string[] {
  check(frozenInputProblem(commitments, liveBets));
  const lines = liveBets.map((bet) => `b|${bet.player}|${bet.betId}|${bet.spot}|${bet.amountMinor}`);
  for (const { player } of liveBets) {
    if (seen.has(player)) continue;
    seen.add(player);
    lines.push(`c|${player}|${commitments.get(player) as string}`);
  }
  return lines;
}

/**
 * What a verifier refuses in published frozen lines (§3), or null: lines out
 * of order or repeated, a line of neither form, and a bettor without exactly
 * one `c|` line.
 */
export function frozenLinesProblem(lines: readonly string[]): string | null {
  const commitmentsOf = new Map<string, number>();
  const bettors = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (i > 0 && !((lines[i - 1] as string) < line)) return `line ${i} is not above line ${i - 1}: unsorted or repeated`;
    const fields = line.split('|');
    const shaped =
      (fields[0] === 'c' && fields.length === 3 && isHashHex(fields[2])) ||
      (fields[0] === 'b' && fields.length === 5 && /^(0|[1-9][0-9]*)$/.test(fields[4] as string));
    if (!shaped || !ASCII.test(line) || fields.slice(1, fields[0] === 'c' ? 2 : 4).some((field) => !isPf2Id(field))) {
      return `line ${i} is neither a c| nor a b| line`;
    }
    const player = fields[1] as string;
    if (fields[0] === 'c') commitmentsOf.set(player, (commitmentsOf.get(player) ?? 0) + 1);
    else bettors.add(player);
  }
  for (const player of new Set([...bettors, ...commitmentsOf.keys()])) {
    if (commitmentsOf.get(player) !== 1) return `player ${player} has ${commitmentsOf.get(player) ?? 0} c| lines`;
    if (!bettors.has(player)) return `player ${player} has a c| line but no bet`;
  }
  return null;
}

// ---------------------------------------------------------------- §3 a bettor's proofs

/** The line beside a block of a bettor's lines; `line` and `path` are null past an end of the tree (index −1 or size). */
export type Neighbour = InclusionProof | { index: number; line: null; path: null };

export type BettorProofs = { lines: InclusionProof[]; neighbours: Neighbour[] };

function neighbourAt(tree: MerkleTree, index: number): Neighbour {
  return index < 0 || index >= tree.size ? { index, line: null, path: null } : tree.proof(index);
}

/** A bettor's proofs from the indices of its lines (ascending): see bettorProofs. */
export function bettorProofsAt(tree: MerkleTree, indices: readonly number[]): BettorProofs {
  const neighbours: Neighbour[] = [];
  for (let k = 0; k < indices.length; k++) {
    const index = indices[k] as number;
    if (k === 0 || indices[k - 1] !== index - 1) neighbours.push(neighbourAt(tree, index - 1));
    if (k === indices.length - 1 || indices[k + 1] !== index + 1) neighbours.push(neighbourAt(tree, index + 1));
  }
  return { lines: indices.map((index) => tree.proof(index)), neighbours };
}

/** The player a frozen line names: the field after its kind (ids hold no "|"). */
function playerOf(line: string): string {
  const start = line.indexOf('|') + 1;
  const end = line.indexOf('|', start);
  return line.slice(start, end < 0 ? undefined : end);
}

/**
 * What a bettor privately receives at the freeze: each of its own lines with
 * its proof, and for each block of its lines (a maximal run of consecutive
 * leaves, in tree order) the line just before and just after it. Its `b|`
 * lines are always one block and its `c|` line another, unless the two touch,
 * when they are one run with one neighbour on each side (as the vectors give).
 */
export function bettorProofs(tree: MerkleTree, player: string): BettorProofs {
  check(idProblem('player', player));
  return bettorProofsAt(
    tree,
    tree.lines.flatMap((line, index) => (playerOf(line) === player ? [index] : [])),
  );
}

/** The indices of each player's lines, in one pass over the tree (ascending per player). */
export function lineIndicesByPlayer(lines: readonly string[]): Map<string, number[]> {
  const indicesOf = new Map<string, number[]>();
  lines.forEach((line, index) => {
    const player = playerOf(line);
    const indices = indicesOf.get(player);
    if (indices === undefined) indicesOf.set(player, [index]);
    else indices.push(index);
  });
  return indicesOf;
}

/** bettorProofs for every player the lines name, in one pass over the tree: O(m log m) for m lines. */
export function everyBettorsProofs(tree: MerkleTree): Map<string, BettorProofs> {
  return new Map([...lineIndicesByPlayer(tree.lines)].map(([player, indices]) => [player, bettorProofsAt(tree, indices)]));
}

// ---------------------------------------------------------------- §7 acknowledgement batches

export type BetAcknowledgement = LiveBet & { commitment: string; acceptedSeq: number };
export type CancelAcknowledgement = { player: string; betId: string };

/** `a|{player}|{commitment}|{betId}|{spot}|{amountMinor}|{acceptedSeq}`. */
export function betAcknowledgementLine(bet: BetAcknowledgement): string {
  check(betProblem(bet));
  check(isHashHex(bet.commitment) ? null : { field: 'commitment', reason: 'must be 64 lowercase hex digits' });
  check(isRoundNumber(bet.acceptedSeq) ? null : { field: 'acceptedSeq', reason: 'must be a positive integer' });
  return `a|${bet.player}|${bet.commitment}|${bet.betId}|${bet.spot}|${bet.amountMinor}|${bet.acceptedSeq}`;
}

/** `x|{player}|{betId}`. */
export function cancelAcknowledgementLine(cancel: CancelAcknowledgement): string {
  check(firstProblem(idProblem('player', cancel.player), idProblem('betId', cancel.betId)));
  return `x|${cancel.player}|${cancel.betId}`;
}

/** One group commit's acknowledgements as the RFC 6962 tree `pf2.bets` signs (root, size) and each acknowledgement proves into. */
export function acknowledgementBatch(bets: readonly BetAcknowledgement[], cancels: readonly CancelAcknowledgement[]): MerkleTree {
  return new MerkleTree(sortByBytes([...bets.map(betAcknowledgementLine), ...cancels.map(cancelAcknowledgementLine)]));
}

// ---------------------------------------------------------------- §4-5 secrets and client strings

/** The bettors of frozen lines: the player of each `c|` line, in line order. */
export function frozenBettors(lines: readonly string[]): string[] {
  return lines.filter((line) => line.startsWith('c|')).map(playerOf);
}

/** The bettors whose commitment was not revealed (§4), sorted by bytes: the `withheld` list. */
export function withheldBettors(lines: readonly string[], revealed: ReadonlySet<string>): string[] {
  return sortByBytes(frozenBettors(lines).filter((player) => !revealed.has(player)));
}

/** Revealed secrets (one per revealed commitment, duplicates kept), sorted, joined with ","; '' when none. */
export function secretsString(revealed: readonly string[]): string {
  for (const secret of revealed) check(isRoundSecret(secret) ? null : { field: 'secret', reason: 'must be 32 lowercase hex digits' });
  return sortByBytes(revealed).join(',');
}

/** `secretsDigest` of `pf2.revealed`: hex SHA-256 of the secrets string. */
export function secretsDigest(secrets: string): string {
  return sha256Hex(secrets);
}

/** `withheldDigest` of `pf2.revealed`: hex SHA-256 of the withheld players sorted by bytes, joined with ",". */
export function withheldDigest(withheldPlayers: readonly string[]): string {
  for (const player of withheldPlayers) check(idProblem('player', player));
  return sha256Hex(sortByBytes(withheldPlayers).join(','));
}

/**
 * The round's client string (§5): hex(SHA-256(UTF-8(freeze + "|" + secrets +
 * "|" + beacon))), with `beaconRandomness` the beacon's 64 hex digits or ''
 * on a table without a beacon.
 */
export function roundClientString(freeze: string, secrets: string, beaconRandomness: string): string {
  check(isHashHex(freeze) ? null : { field: 'freeze', reason: 'must be 64 lowercase hex digits' });
  check(beaconRandomness === '' || isHashHex(beaconRandomness) ? null : { field: 'beacon', reason: 'must be 64 lowercase hex digits or empty' });
  return sha256Hex(`${freeze}|${secrets}|${beaconRandomness}`);
}

/** Blackjack seats 1..7; 0 stands for the dealer where a seat number is asked for. */
export const BLACKJACK_SEATS = 7;
export const DEALER_SEGMENT = 0;

/** §9: the client string of segment q's overflow shoe, hex(SHA-256(UTF-8(c + "|overflow|" + q))), q = 0 for the dealer. */
export function overflowClientString(clientString: string, segment: number): string {
  if (!Number.isInteger(segment) || segment < DEALER_SEGMENT || segment > BLACKJACK_SEATS) {
    throw new Pf2InputError({ field: 'segment', reason: `must be an integer in 0..${BLACKJACK_SEATS}` });
  }
  return sha256Hex(`${clientString}|overflow|${segment}`);
}
