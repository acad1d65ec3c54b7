// A pf2 round as the player page receives it, built with the shared fairness
// code itself (real RFC 6962 trees, real Ed25519 signatures), so the page's
// checks are tested against what a server really sends — and against freezes
// tampered with the same tools.
import { ed25519 } from '@noble/curves/ed25519.js';
import { MerkleTree } from '../../src/shared/fairness/merkle.ts';
import { bytesToHex } from '../../src/shared/fairness/pf1.ts';
import { betAcknowledgementLine, bettorProofs, frozenLines, roundCommitment, sortByBytes, type LiveBet } from '../../src/shared/fairness/pf2.ts';
import { signStatement } from '../../src/shared/fairness/pf2-statements.ts';
import type { FrozenLinesOfPlayer, WireProof, WireStatement } from '../../src/shared/protocol.ts';

export const TABLE = 't1';
export const ROUND = 7;
export const CHAIN = 'ab'.repeat(32);
export const CHAIN_INDEX = 7;
export const ME = 'r-me';
export const SECRET = '0123456789abcdef0123456789abcdef';
export const COMMITMENT = roundCommitment(TABLE, ROUND, ME, SECRET);

const SIGNING_SEED = new Uint8Array(32).fill(7);
export const STATEMENT_KEY = bytesToHex(ed25519.getPublicKey(SIGNING_SEED));
export const OTHER_KEY = bytesToHex(ed25519.getPublicKey(new Uint8Array(32).fill(9)));

/** My bets the server acknowledged. */
export const MY_BETS = [
  { betId: 'm1', spot: 'red', amountMinor: 500 },
  { betId: 'm2', spot: 'straight:17', amountMinor: 100 },
];

/** Everyone's live bets: mine and two other players', whose references sort before and after mine. */
export function liveBets(mine = MY_BETS): LiveBet[] {
  return [
    { player: 'r-ann', betId: 'a1', spot: 'black', amountMinor: 200 },
    ...mine.map((bet) => ({ player: ME, ...bet })),
    { player: 'r-zed', betId: 'z1', spot: 'odd', amountMinor: 300 },
  ];
}

export function commitments(): Map<string, string> {
  return new Map([
    ['r-ann', roundCommitment(TABLE, ROUND, 'r-ann', 'a'.repeat(32))],
    [ME, COMMITMENT],
    ['r-zed', roundCommitment(TABLE, ROUND, 'r-zed', 'f'.repeat(32))],
  ]);
}

export function sign(statement: Record<string, string | number | null>, seed = SIGNING_SEED): WireStatement {
  return signStatement(statement, seed) as WireStatement;
}

const common = { table: TABLE, round: ROUND, chainIndex: CHAIN_INDEX, chain: CHAIN };

export function freezeStatement(tree: MerkleTree, overrides: Record<string, string | number | null> = {}): WireStatement {
  return sign({
    kind: 'pf2.freeze',
    ...common,
    game: 'roulette-eu',
    rulesVersion: 'roulette-eu.1',
    freeze: tree.root,
    lines: tree.size,
    // Counted from the lines, as the server counts them (a forged freeze counts its forgeries too).
    bettors: tree.lines.filter((line) => line.startsWith('c|')).length,
    bets: tree.lines.filter((line) => line.startsWith('b|')).length,
    revealWindowMs: 2_000,
    beaconChain: null,
    beaconRound: null,
    frozenAt: 1_000_000_000,
    ...overrides,
  });
}

export function revealAck(freeze: string, commitment = COMMITMENT): WireStatement {
  return sign({ kind: 'pf2.reveal', ...common, freeze, commitment, receivedAt: 1_000_000_100 });
}

export function revealedStatement(freeze: string): WireStatement {
  return sign({
    kind: 'pf2.revealed',
    ...common,
    freeze,
    revealed: 2,
    withheld: 1,
    withheldDigest: 'cd'.repeat(32),
    secretsDigest: 'ef'.repeat(32),
    closedAt: 1_000_002_000,
  });
}

export function receiptStatement(): WireStatement {
  return sign({ kind: 'pf2.receipt', ...common, recordHash: '12'.repeat(32), previousHash: '34'.repeat(32) });
}

/** A freeze over these lines and my private share of it, as the server would send both. */
export function frozenRound(lines: string[]): { tree: MerkleTree; statement: WireStatement; mine: FrozenLinesOfPlayer } {
  const tree = new MerkleTree(lines);
  const proofs = bettorProofs(tree, ME);
  return { tree, statement: freezeStatement(tree), mine: { round: ROUND, size: tree.size, freeze: tree.root, ...proofs } };
}

export function honestRound(): ReturnType<typeof frozenRound> {
  return frozenRound(frozenLines(commitments(), liveBets()));
}

/** The honest lines plus one more under my name: a bet I never made. */
export function linesWithForgedBet(): string[] {
  return sortByBytes([...frozenLines(commitments(), liveBets()), `b|${ME}|forged|zero|10000`]);
}

/**
 * The signed pf2.bets of a group commit that took these lines (PF2.md §7), with
 * the proofs of `mine` (all of them by default), as the server's ack carries it.
 * `others` are lines of other players' requests committed in the same batch.
 */
export function betsAcknowledgement(lines: readonly string[], others: readonly string[] = [], mine: readonly string[] = lines): { statement: WireStatement; lines: WireProof[] } {
  const tree = new MerkleTree(sortByBytes([...lines, ...others]));
  const statement = sign({ kind: 'pf2.bets', ...common, root: tree.root, size: tree.size, signedAt: 1_000_000_050 });
  return { statement, lines: mine.map((line) => tree.proof(tree.lines.indexOf(line))) };
}

/** My bet's acknowledgement line: `a|{me}|{commitment}|{betId}|{spot}|{amountMinor}|{acceptedSeq}`. */
export function myBetLine(bet: { betId: string; spot: string; amountMinor: number }, acceptedSeq: number, commitment = COMMITMENT): string {
  return betAcknowledgementLine({ player: ME, commitment, ...bet, acceptedSeq });
}
