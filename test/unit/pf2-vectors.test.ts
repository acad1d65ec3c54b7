// pf2 against every vector in the shared contract's pf2-vectors.json, the
// real quicknet beacon signature (BLS12-381) included, through the production
// code: commitments, RFC 6962 trees and proofs, each round's freeze, proofs,
// secrets, client string and outcome (the game registry's own draw), the
// blackjack shoe, the acknowledgement batch, the beacon round and the signed
// statements. PF2_VECTORS names another vector file to check instead.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey, sign as nodeSign } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { buildChain, bytesToHex, cardName, hexToBytes, Pf1Stream, seedMatchesCommitment } from '../../src/shared/fairness/pf1.ts';
import { MerkleTree, merkleRoot, verifyInclusion, verifyProof, type InclusionProof } from '../../src/shared/fairness/merkle.ts';
import {
  acknowledgementBatch,
  bettorProofs,
  everyBettorsProofs,
  frozenLines,
  frozenLinesProblem,
  opensCommitment,
  overflowClientString,
  roundClientString,
  roundCommitment,
  secretsDigest,
  secretsString,
  withheldDigest,
  type BettorProofs,
  type LiveBet,
} from '../../src/shared/fairness/pf2.ts';
import { beaconEmittedAt, beaconRoundFor, QUICKNET } from '../../src/shared/fairness/pf2-beacon.ts';
import { beaconMessage, beaconRandomness, beaconSignatureProblem } from '../../src/shared/fairness/pf2-beacon-signature.ts';
import {
  signStatement,
  statementShapeProblem,
  statementSigningText,
  verifyStatement,
  type SignedStatement,
} from '../../src/shared/fairness/pf2-statements.ts';
import { DEALER_SEGMENT_START, segmentedShoe, segmentStart, SEAT_SEGMENT_LENGTH } from '../../src/shared/fairness/pf2-shoe.ts';
import { segmentedDealing } from '../../src/shared/games/blackjack-dealing.ts';
import { BlackjackRound } from '../../src/shared/games/blackjack-round.ts';
import { gameRules } from '../../src/shared/games/index.ts';
import type { GameId } from '../../src/shared/protocol.ts';

type RoundVector = {
  game: GameId;
  round: number;
  chainIndex: number;
  serverSeed: string;
  frozenLines: string[];
  freeze: string;
  secrets: Record<string, string>;
  inclusionProofs: Record<string, BettorProofs>;
  withheld: string[];
  withheldDigest: string;
  revealedSecrets: string[];
  secretsString: string;
  secretsDigest: string;
  frozenAt: number;
  revealWindowMs: number;
  beaconRound: number | null;
  beaconRandomness: string;
  clientString: string;
  outcome?: Record<string, unknown> | null;
  shoeSequence?: string[];
  overflow?: Record<string, { clientString: string; first10: string[] }>;
};
type Vectors = {
  scheme: string;
  table: string;
  chain: { terminal: string; length: number; seeds: string[]; commitment: string };
  commitments: { table: string; round: number; player: string; secret: string; commitment: string }[];
  merkle: { lines: string[]; root: string; proofs: InclusionProof[] }[];
  rounds: RoundVector[];
  beacon: {
    chain: { chainHash: string; publicKey: string; genesis: number; period: number; scheme: string };
    dst: string;
    roundFor: { frozenAt: number; revealWindowMs: number; beaconRound: number; emittedAt: number }[];
    real: { round: number; signature: string; randomness: string; message: string; emittedAt: number };
  };
  betBatch: { lines: string[]; root: string; proofs: InclusionProof[] };
  signatures: { ed25519PrivateSeedHex: string; publicKeyHex: string; publicKeyPem: string; statements: { canonical: string; signed: SignedStatement }[] };
};

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixturePath = `${repoRoot}test/fixtures/pf2-vectors.json`;
const upstreamPath = `${repoRoot}../shared/fairness/pf2-vectors.json`;
const vectorPath = process.env.PF2_VECTORS ?? fixturePath;
const vectors = JSON.parse(readFileSync(vectorPath, 'utf8')) as Vectors;

/** A deterministic shuffle, so builders are shown their input in an order other than the answer's. */
function reversedInterleave<T>(items: readonly T[]): T[] {
  const reversed = [...items].reverse();
  return [...reversed.filter((_, i) => i % 2 === 1), ...reversed.filter((_, i) => i % 2 === 0)];
}

/** The builder's input a round's frozen lines came from, recovered from the lines themselves. */
function freezeInputOf(lines: readonly string[]): { commitments: Map<string, string>; bets: LiveBet[] } {
  const commitments = new Map<string, string>();
  const bets: LiveBet[] = [];
  for (const line of lines) {
    const [kind, player, ...rest] = line.split('|') as [string, string, ...string[]];
    if (kind === 'c') commitments.set(player, rest[0] as string);
    else bets.push({ player, betId: rest[0] as string, spot: rest[1] as string, amountMinor: Number(rest[2]) });
  }
  return { commitments, bets: reversedInterleave(bets) };
}

describe('vector file', () => {
  it(`is pf2 (${vectorPath})`, () => {
    expect(vectors.scheme).toBe('pf2');
  });

  it('matches the contract copy byte for byte', (context) => {
    if (!existsSync(upstreamPath)) {
      console.log(`no contract copy at ${upstreamPath} (checkout without the shared folder); skipping the comparison`);
      context.skip();
      return;
    }
    expect(readFileSync(fixturePath).equals(readFileSync(upstreamPath))).toBe(true);
  });

  it('has the chain every round names', () => {
    const built = buildChain(hexToBytes(vectors.chain.terminal), vectors.chain.length);
    expect(built.map(bytesToHex)).toEqual(vectors.chain.seeds);
  });
});

describe('§2 commitments', () => {
  it.each(vectors.commitments.map((entry) => [`${entry.player} round ${entry.round}`, entry] as const))('%s', (_, entry) => {
    expect(roundCommitment(entry.table, entry.round, entry.player, entry.secret)).toBe(entry.commitment);
    expect(opensCommitment(entry.table, entry.round, entry.player, entry.secret, entry.commitment)).toBe(true);
    expect(opensCommitment(entry.table, entry.round + 1, entry.player, entry.secret, entry.commitment)).toBe(false);
    expect(opensCommitment(entry.table, entry.round, `${entry.player}x`, entry.secret, entry.commitment)).toBe(false);
  });
});

describe('RFC 6962 trees', () => {
  it.each(vectors.merkle.map((tree) => [`${tree.lines.length} lines`, tree] as const))('%s: root and every proof', (_, vector) => {
    const tree = new MerkleTree(vector.lines);
    expect(tree.root).toBe(vector.root);
    expect(merkleRoot(vector.lines)).toBe(vector.root);
    expect(tree.proofs()).toEqual(vector.proofs);
    expect(vector.proofs).toHaveLength(vector.lines.length);
    for (const proof of vector.proofs) expect(verifyProof(proof, vector.lines.length, vector.root)).toBe(true);
  });
});

function checkBettorProofs(vector: RoundVector, tree: MerkleTree): void {
  const all = everyBettorsProofs(tree);
  expect([...all.keys()].sort()).toEqual(Object.keys(vector.inclusionProofs).sort());
  for (const [player, expected] of Object.entries(vector.inclusionProofs)) {
    expect(bettorProofs(tree, player), player).toEqual(expected);
    expect(all.get(player), player).toEqual(expected);
    for (const proof of [...expected.lines, ...expected.neighbours]) {
      if (proof.line === null) expect(proof.index === -1 || proof.index === tree.size).toBe(true);
      else expect(verifyProof(proof, tree.size, vector.freeze), `${player} leaf ${proof.index}`).toBe(true);
    }
  }
}

function checkSecrets(vector: RoundVector): void {
  const withheld = new Set(vector.withheld);
  const revealed = Object.entries(vector.secrets).flatMap(([player, secret]) => (withheld.has(player) ? [] : [secret]));
  expect(secretsString(revealed)).toBe(vector.secretsString);
  expect(vector.secretsString).toBe(vector.revealedSecrets.join(','));
  expect(secretsString(vector.revealedSecrets)).toBe(vector.secretsString);
  expect(secretsDigest(vector.secretsString)).toBe(vector.secretsDigest);
  expect(withheldDigest(reversedInterleave(vector.withheld))).toBe(vector.withheldDigest);
}

function checkBeacon(vector: RoundVector): void {
  if (vector.beaconRound === null) {
    expect(vector.beaconRandomness).toBe('');
  } else {
    expect(beaconRoundFor(vector.frozenAt, vector.revealWindowMs)).toBe(vector.beaconRound);
    expect(vector.beaconRandomness).toMatch(/^[0-9a-f]{64}$/);
  }
}

function checkBlackjackShoe(vector: RoundVector): void {
  const shoe = segmentedShoe(hexToBytes(vector.serverSeed), vector.clientString, vector.round);
  expect(shoe.sequence.map(cardName)).toEqual(vector.shoeSequence);
  const overflow = Object.entries(vector.overflow ?? {});
  expect(overflow.length).toBeGreaterThan(0);
  for (const [segment, expected] of overflow) {
    const q = Number(segment);
    expect(overflowClientString(vector.clientString, q)).toBe(expected.clientString);
    const source = shoe.overflow(q);
    expect(Array.from({ length: expected.first10.length }, () => cardName(source.draw())), `overflow ${q}`).toEqual(expected.first10);
    // The table's own Dealing: the segment's cards of s, then its overflow shoe from the start.
    const dealing = segmentedDealing(hexToBytes(vector.serverSeed), vector.clientString, vector.round);
    const sequence = vector.shoeSequence ?? [];
    const start = q === 0 ? DEALER_SEGMENT_START : segmentStart(q);
    const length = q === 0 ? sequence.length - DEALER_SEGMENT_START : SEAT_SEGMENT_LENGTH;
    const draw = q === 0 ? dealing.dealer : dealing.seat(q);
    const dealt = Array.from({ length: length + expected.first10.length }, () => cardName(draw()));
    expect(dealt, `segment ${q} as dealt`).toEqual([...sequence.slice(start, start + length), ...expected.first10]);
  }
  checkOpeningDeal(vector);
}

/** With all seven seats taken, the opening deal is s[0..15] in pf1's order: first cards, up card, second cards, hole card. */
function checkOpeningDeal(vector: RoundVector): void {
  const seats = [1, 2, 3, 4, 5, 6, 7];
  const round = new BlackjackRound(seats, segmentedDealing(hexToBytes(vector.serverSeed), vector.clientString, vector.round));
  while (round.phase !== 'done') {
    const turn = round.turn;
    if (turn.phase === 'insurance') round.apply({ seat: turn.seats[0] as number, hand: 0, action: 'no-insurance' });
    else if (turn.phase === 'play') round.apply({ seat: turn.seat, hand: turn.hand, action: 'stand' });
  }
  const s = vector.shoeSequence ?? [];
  const outcome = round.outcome;
  outcome.seats.forEach((seat, index) => expect(seat.hands[0]?.cards.slice(0, 2)).toEqual([s[index], s[index + 8]]));
  expect(outcome.dealer.cards.slice(0, 2)).toEqual([s[7], s[15]]);
  // Every seat stood: the dealer's further cards are s[184] onwards.
  const further = outcome.dealer.cards.slice(2);
  expect(further).toEqual(s.slice(DEALER_SEGMENT_START, DEALER_SEGMENT_START + further.length));
}

describe('rounds', () => {
  it.each(vectors.rounds.map((round) => [`${round.game} round ${round.round}`, round] as const))('%s', (_, vector) => {
    expect(seedMatchesCommitment(vector.serverSeed, vector.chainIndex, vectors.chain.commitment)).toBe(true);
    for (const line of vector.frozenLines.filter((entry) => entry.startsWith('c|'))) {
      const [, player, commitment] = line.split('|') as [string, string, string];
      expect(roundCommitment(vectors.table, vector.round, player, vector.secrets[player] as string), line).toBe(commitment);
    }
    const { commitments, bets } = freezeInputOf(vector.frozenLines);
    expect(frozenLines(commitments, bets)).toEqual(vector.frozenLines);
    expect(frozenLinesProblem(vector.frozenLines)).toBeNull();
    const tree = new MerkleTree(vector.frozenLines);
    expect(tree.root).toBe(vector.freeze);
    checkBettorProofs(vector, tree);
    checkSecrets(vector);
    checkBeacon(vector);
    expect(roundClientString(vector.freeze, vector.secretsString, vector.beaconRandomness)).toBe(vector.clientString);
    if (vector.game === 'blackjack') {
      checkBlackjackShoe(vector);
      return;
    }
    const stream = new Pf1Stream(hexToBytes(vector.serverSeed), vector.clientString, vector.round);
    expect(gameRules(vector.game).draw(stream)).toEqual(vector.outcome);
  });

  it('includes every game, and blackjack rounds carry a shoe instead of an outcome', () => {
    expect(new Set(vectors.rounds.map((round) => round.game))).toEqual(new Set(['roulette-eu', 'sicbo', 'baccarat', 'dragon-tiger', 'blackjack']));
    for (const round of vectors.rounds.filter((entry) => entry.game === 'blackjack')) expect(round.shoeSequence).toHaveLength(200);
  });
});

describe('§7 acknowledgement batch', () => {
  it('rebuilds the sorted lines, the root and every proof', () => {
    const bets = vectors.betBatch.lines
      .filter((line) => line.startsWith('a|'))
      .map((line) => {
        const [, player, commitment, betId, spot, amount, seq] = line.split('|') as string[];
        return { player, commitment, betId, spot, amountMinor: Number(amount), acceptedSeq: Number(seq) } as Parameters<typeof acknowledgementBatch>[0][number];
      });
    const cancels = vectors.betBatch.lines
      .filter((line) => line.startsWith('x|'))
      .map((line) => {
        const [, player, betId] = line.split('|') as [string, string, string];
        return { player, betId };
      });
    const tree = acknowledgementBatch(reversedInterleave(bets), cancels);
    expect(tree.lines).toEqual(vectors.betBatch.lines);
    expect(tree.root).toBe(vectors.betBatch.root);
    expect(tree.proofs()).toEqual(vectors.betBatch.proofs);
    for (const proof of vectors.betBatch.proofs) {
      expect(verifyInclusion(proof.line, proof.index, tree.size, proof.path, vectors.betBatch.root)).toBe(true);
    }
  });
});

describe('§6 beacon round', () => {
  it('knows quicknet as the vectors give it', () => {
    const { chainHash, publicKey, genesis, period, scheme } = QUICKNET;
    expect({ chainHash, publicKey, genesis, period, scheme }).toEqual(vectors.beacon.chain);
    expect(QUICKNET.dst).toBe(vectors.beacon.dst);
  });

  it.each(vectors.beacon.roundFor.map((entry) => [`frozen at ${entry.frozenAt}, window ${entry.revealWindowMs}`, entry] as const))(
    '%s',
    (_, entry) => {
      expect(beaconRoundFor(entry.frozenAt, entry.revealWindowMs)).toBe(entry.beaconRound);
      expect(beaconEmittedAt(entry.beaconRound)).toBe(entry.emittedAt);
      // The round fixed is the first emitted at or after the window's close plus 3 s.
      const earliest = entry.frozenAt + entry.revealWindowMs + 3000;
      expect(beaconEmittedAt(entry.beaconRound) * 1000).toBeGreaterThanOrEqual(earliest);
      if (entry.beaconRound > 1) expect(beaconEmittedAt(entry.beaconRound - 1) * 1000).toBeLessThan(earliest);
    },
  );
});

describe('§6 the real beacon value', () => {
  const { real } = vectors.beacon;
  it(`round ${real.round}: the message, the BLS signature under quicknet's key, the randomness and the emission time`, () => {
    expect(bytesToHex(beaconMessage(real.round))).toBe(real.message);
    expect(beaconSignatureProblem(real.round, real.signature)).toBeNull();
    expect(beaconRandomness(real.signature)).toBe(real.randomness);
    expect(beaconEmittedAt(real.round)).toBe(real.emittedAt);
  });

  it('refuses the value for another round, a changed byte, a non-canonical or non-G1 encoding, and garbage', () => {
    expect(beaconSignatureProblem(real.round + 1, real.signature)).toMatch(/does not verify/);
    const flipped = `${real.signature.slice(0, 40)}${real.signature[40] === '0' ? '1' : '0'}${real.signature.slice(41)}`;
    expect(beaconSignatureProblem(real.round, flipped)).not.toBeNull();
    // The compression flag cleared: the same x as an uncompressed-looking 48 bytes is not a canonical point.
    const first = Number.parseInt(real.signature.slice(0, 2), 16);
    const unflagged = `${(first & 0x7f).toString(16).padStart(2, '0')}${real.signature.slice(2)}`;
    expect(beaconSignatureProblem(real.round, unflagged)).not.toBeNull();
    // The point at infinity in compressed form is in G1 but is no signature.
    expect(beaconSignatureProblem(real.round, `c0${'0'.repeat(94)}`)).not.toBeNull();
    for (const garbage of ['', 'zz', real.signature.toUpperCase(), `${real.signature}00`, 42, null]) {
      expect(beaconSignatureProblem(real.round, garbage)).not.toBeNull();
    }
    expect(beaconSignatureProblem(0, real.signature)).toMatch(/positive integer/);
    // Another chain's key does not verify quicknet's value.
    expect(beaconSignatureProblem(real.round, real.signature, { publicKey: vectors.beacon.chain.publicKey.replace(/^83/, '93'), dst: QUICKNET.dst })).not.toBeNull();
  });
});

describe('§7 signed statements', () => {
  const { signatures } = vectors;
  const seed = hexToBytes(signatures.ed25519PrivateSeedHex);
  const publicKey = hexToBytes(signatures.publicKeyHex);
  // PKCS #8 for an Ed25519 seed: the fixed RFC 8410 prefix, then the 32 bytes.
  const nodeKey = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seed)]),
    format: 'der',
    type: 'pkcs8',
  });

  it('has the key pair the PEM names', () => {
    const pem = createPublicKey(nodeKey).export({ format: 'pem', type: 'spki' });
    expect(pem).toBe(signatures.publicKeyPem);
  });

  it.each(signatures.statements.map((entry) => [`${entry.signed.kind} round ${entry.signed.round}`, entry] as const))('%s', (_, entry) => {
    const { sig, ...unsigned } = entry.signed;
    expect(statementShapeProblem(entry.signed)).toBeNull();
    expect(statementSigningText(entry.signed)).toBe(entry.canonical);
    expect(statementSigningText(unsigned)).toBe(entry.canonical);
    expect(signStatement(unsigned, seed).sig).toBe(sig);
    expect(nodeSign(null, Buffer.from(entry.canonical, 'utf8'), nodeKey).toString('base64')).toBe(sig);
    expect(verifyStatement(entry.signed, publicKey)).toBe(true);
    // Any change to a signed member breaks the signature.
    const tampered = { ...entry.signed, round: entry.signed.round + 1 };
    expect(verifyStatement(tampered, publicKey)).toBe(false);
    expect(verifyStatement({ ...entry.signed, table: `${entry.signed.table}x` }, publicKey)).toBe(false);
  });
});
