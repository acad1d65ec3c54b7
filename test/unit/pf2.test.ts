// pf2 edge cases the vectors do not reach: empty and single-leaf trees, proofs
// that must fail, a 40,000-line tree in O(n log n), id and secret rules,
// verifier checks on frozen lines, beacon arithmetic at its limits, strict
// base64 and Ed25519 encodings, and the blackjack shoe's segments.
import { describe, expect, it } from 'vitest';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex } from '../../src/shared/fairness/pf1.ts';
import { EMPTY_TREE_ROOT, MerkleTree, leafHash, nodeHash, verifyInclusion, verifyProof } from '../../src/shared/fairness/merkle.ts';
import {
  Pf2InputError,
  bettorProofs,
  commitmentInputProblem,
  frozenLines,
  frozenLinesProblem,
  idProblem,
  isPf2Id,
  opensCommitment,
  overflowClientString,
  roundClientString,
  roundCommitment,
  secretsString,
  sortByBytes,
  unsortedFrozenLines,
  withheldDigest,
} from '../../src/shared/fairness/pf2.ts';
import { beaconEmittedAt, beaconRoundFor, isRevealWindowMs } from '../../src/shared/fairness/pf2-beacon.ts';
import { fromBase64, signStatement, statementShapeProblem, toBase64, verifyStatement } from '../../src/shared/fairness/pf2-statements.ts';
import { DEALER_SEGMENT_START, segmentEnd, segmentStart, segmentedShoe } from '../../src/shared/fairness/pf2-shoe.ts';

const hash = (byte: string) => byte.repeat(64);
const secret = '0123456789abcdef0123456789abcdef';

describe('RFC 6962 tree edges', () => {
  it('hashes no lines to SHA-256 of nothing and refuses a proof into it', () => {
    const tree = new MerkleTree([]);
    expect(tree.root).toBe(EMPTY_TREE_ROOT);
    expect(EMPTY_TREE_ROOT).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(() => tree.proof(0)).toThrow(RangeError);
    expect(verifyInclusion('', 0, 0, [], EMPTY_TREE_ROOT)).toBe(false);
  });

  it('makes a single leaf its own root with an empty path', () => {
    const tree = new MerkleTree(['only']);
    expect(tree.root).toBe(bytesToHex(leafHash('only')));
    expect(tree.proof(0)).toEqual({ index: 0, line: 'only', path: [] });
    expect(verifyInclusion('only', 0, 1, [], tree.root)).toBe(true);
    expect(verifyInclusion('other', 0, 1, [], tree.root)).toBe(false);
  });

  it('splits at the largest power of two below the count', () => {
    const leaves = ['a', 'b', 'c'].map(leafHash);
    const expected = nodeHash(nodeHash(leaves[0] as Uint8Array, leaves[1] as Uint8Array), leaves[2] as Uint8Array);
    expect(new MerkleTree(['a', 'b', 'c']).root).toBe(bytesToHex(expected));
  });

  it('rejects a wrong index, size, path, line or root', () => {
    const lines = Array.from({ length: 7 }, (_, i) => `line ${i}`);
    const tree = new MerkleTree(lines);
    const { index, line, path } = tree.proof(5);
    expect(verifyInclusion(line, index, 7, path, tree.root)).toBe(true);
    expect(verifyInclusion(line, 4, 7, path, tree.root)).toBe(false);
    expect(verifyInclusion(line, 6, 7, path, tree.root)).toBe(false);
    // A path fits several sizes when they give the leaf the same place (leaf 5 of 7 and of 8),
    // which is why the statements sign the size; leaf 6 of 7 is carried up, so its path fits no other.
    const last = tree.proof(6);
    expect(verifyInclusion(last.line, 6, 7, last.path, tree.root)).toBe(true);
    for (const size of [6, 8, 9, 12]) expect(verifyInclusion(last.line, 6, size, last.path, tree.root), `size ${size}`).toBe(false);
    expect(verifyInclusion(line, index, 5, path, tree.root)).toBe(false);
    expect(verifyInclusion(line, index, 7, path.slice(1), tree.root)).toBe(false);
    expect(verifyInclusion(line, index, 7, [...path, path[0] as string], tree.root)).toBe(false);
    expect(verifyInclusion(line, index, 7, [...path].reverse(), tree.root)).toBe(false);
    expect(verifyInclusion('line 4', index, 7, path, tree.root)).toBe(false);
    expect(verifyInclusion(line, index, 7, path, hash('0'))).toBe(false);
  });

  it('never throws on malformed proofs', () => {
    const tree = new MerkleTree(['a', 'b']);
    const { path } = tree.proof(0);
    expect(verifyInclusion('a', 0, 2, [(path[0] as string).toUpperCase()], tree.root)).toBe(false);
    expect(verifyInclusion('a', 0, 2, ['zz'], tree.root)).toBe(false);
    expect(verifyInclusion('a', -1, 2, path, tree.root)).toBe(false);
    expect(verifyInclusion('a', 0.5, 2, path, tree.root)).toBe(false);
    expect(verifyInclusion('a', 0, 2, path, 'not hex')).toBe(false);
    expect(verifyInclusion('a', 0, 2, null as unknown as string[], tree.root)).toBe(false);
    expect(verifyProof(null as never, 2, tree.root)).toBe(false);
  });

  it('gives the same root and proofs built in steps of any size as built at once', () => {
    for (let size = 0; size <= 33; size++) {
      const lines = Array.from({ length: size }, (_, i) => `line ${i}`);
      const whole = new MerkleTree(lines);
      for (const maxHashes of [1, 2, 3, 7, 64]) {
        const stepped = new MerkleTree(lines);
        const nodes = stepped.pendingHashes;
        let steps = 0;
        while (!stepped.build(maxHashes)) steps += 1;
        expect(stepped.pendingHashes).toBe(0);
        expect(steps, `size ${size}, ${maxHashes} a step`).toBe(Math.max(0, Math.ceil(nodes / maxHashes) - 1));
        expect(stepped.root, `size ${size}, ${maxHashes} a step`).toBe(whole.root);
        expect(stepped.proofs()).toEqual(whole.proofs());
      }
    }
  });

  it('builds 40,000 lines and every proof, each verifying, in O(n log n)', () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => `b|ply_${i}|bet|red|${i}`);
    const started = performance.now();
    const tree = new MerkleTree(lines);
    const proofs = tree.proofs();
    const elapsed = performance.now() - started;
    expect(proofs.every((proof) => proof.path.length <= 16)).toBe(true);
    for (const index of [0, 1, 16_383, 32_767, 32_768, 39_998, 39_999]) expect(verifyProof(proofs[index]!, 40_000, tree.root)).toBe(true);
    // Quadratic work (1.6·10⁹ steps) could not finish in this time on any machine that runs the suite.
    expect(elapsed).toBeLessThan(10_000);
  }, 30_000);
});

describe('ids and secrets', () => {
  it.each(['a|b', 'a,b', 'tab\there', 'nl\n', '\u007f', 'caf\u00e9', '\u{1F600}', ''])('refuses the id %j', (id) => {
    expect(isPf2Id(id)).toBe(false);
    expect(idProblem('player', id)?.field).toBe('player');
    expect(() => roundCommitment('tbl', 1, id, secret)).toThrow(Pf2InputError);
    expect(opensCommitment('tbl', 1, id, secret, hash('a'))).toBe(false);
  });

  it('accepts printable ASCII ids', () => {
    expect(isPf2Id('ply_ab-12.x:y')).toBe(true);
    expect(isPf2Id('seat:3')).toBe(true);
  });

  it('says which input is wrong without throwing', () => {
    expect(commitmentInputProblem('tbl', 1, 'ply', secret)).toBeNull();
    expect(commitmentInputProblem('t|x', 1, 'ply', secret)?.field).toBe('table');
    expect(commitmentInputProblem('tbl', 0, 'ply', secret)?.field).toBe('round');
    expect(commitmentInputProblem('tbl', 1, 'ply', secret.toUpperCase())?.field).toBe('secret');
    expect(commitmentInputProblem('tbl', 1, 'ply', secret.slice(1))?.field).toBe('secret');
  });

  it('hashes the exact commitment preimage', () => {
    const expected = bytesToHex(sha256(new TextEncoder().encode(`pf2|tbl|7|ply|${secret}`)));
    expect(roundCommitment('tbl', 7, 'ply', secret)).toBe(expected);
  });

  it('sorts secrets, withheld players and lines by bytes and refuses non-ASCII', () => {
    expect(sortByBytes(['b', 'B', '_', 'a', '0'])).toEqual(['0', 'B', '_', 'a', 'b']);
    expect(() => sortByBytes(['\u00e9'])).toThrow(Pf2InputError);
    expect(secretsString([])).toBe('');
    expect(secretsString([secret, '0'.repeat(32), secret])).toBe(`${'0'.repeat(32)},${secret},${secret}`);
    expect(() => secretsString(['xyz'])).toThrow(Pf2InputError);
    expect(withheldDigest([])).toBe(EMPTY_TREE_ROOT);
    expect(() => withheldDigest(['a,b'])).toThrow(Pf2InputError);
  });

  it('checks client string inputs', () => {
    expect(() => roundClientString('zz', '', '')).toThrow(Pf2InputError);
    expect(() => roundClientString(hash('a'), '', 'beacon')).toThrow(Pf2InputError);
    expect(() => overflowClientString(hash('a'), 8)).toThrow(Pf2InputError);
  });
});

describe('frozen lines', () => {
  const commitments = new Map([
    ['ply_a', hash('a')],
    ['ply_b', hash('b')],
    ['ply_idle', hash('c')],
  ]);
  const bets = [
    { player: 'ply_b', betId: 'x1', spot: 'red', amountMinor: 5 },
    { player: 'ply_a', betId: 'x2', spot: 'odd', amountMinor: 10 },
  ];

  it('leaves out players without a live bet and sorts', () => {
    expect(frozenLines(commitments, bets)).toEqual([
      'b|ply_a|x2|odd|10',
      'b|ply_b|x1|red|5',
      `c|ply_a|${hash('a')}`,
      `c|ply_b|${hash('b')}`,
    ]);
    expect(frozenLines(commitments, [])).toEqual([]);
  });

  it('makes the same lines a chunk of bets at a time, one c| line per player across chunks', () => {
    const more = [...bets, { player: 'ply_b', betId: 'x3', spot: 'even', amountMinor: 7 }];
    const seen = new Set<string>();
    const chunks = [more.slice(0, 1), more.slice(1, 2), more.slice(2)].flatMap((chunk) => unsortedFrozenLines(commitments, chunk, seen));
    expect(sortByBytes(chunks)).toEqual(frozenLines(commitments, more));
    expect(seen).toEqual(new Set(['ply_a', 'ply_b']));
  });

  it('refuses a bet without a commitment, a bad id or a bad amount', () => {
    expect(() => frozenLines(new Map(), bets)).toThrow(Pf2InputError);
    expect(() => frozenLines(commitments, [{ ...bets[0]!, spot: 'red|1' }])).toThrow(Pf2InputError);
    expect(() => frozenLines(commitments, [{ ...bets[0]!, amountMinor: -1 }])).toThrow(Pf2InputError);
    expect(() => frozenLines(commitments, [{ ...bets[0]!, amountMinor: 1.5 }])).toThrow(Pf2InputError);
  });

  it('lets verifiers refuse unsorted, repeated or incomplete lines', () => {
    const lines = frozenLines(commitments, bets);
    expect(frozenLinesProblem(lines)).toBeNull();
    expect(frozenLinesProblem([lines[1]!, lines[0]!, ...lines.slice(2)])).toMatch(/unsorted/);
    expect(frozenLinesProblem([lines[0]!, ...lines])).toMatch(/repeated/);
    expect(frozenLinesProblem(lines.slice(0, 3))).toMatch(/ply_b has 0 c\| lines/);
    expect(frozenLinesProblem([...lines, `c|ply_b|${hash('f')}`].sort())).toMatch(/ply_b has 2/);
    expect(frozenLinesProblem([...lines, `c|ply_z|${hash('f')}`])).toMatch(/no bet/);
    expect(frozenLinesProblem(['b|ply_a|x|red|01'])).toMatch(/neither/);
    expect(frozenLinesProblem(['q|ply_a'])).toMatch(/neither/);
  });

  it('gives a lone bettor one block with both ends outside the tree', () => {
    const tree = new MerkleTree(frozenLines(commitments, [bets[1]!]));
    const proofs = bettorProofs(tree, 'ply_a');
    expect(proofs.lines.map((proof) => proof.index)).toEqual([0, 1]);
    expect(proofs.neighbours).toEqual([
      { index: -1, line: null, path: null },
      { index: 2, line: null, path: null },
    ]);
    expect(bettorProofs(tree, 'ply_b')).toEqual({ lines: [], neighbours: [] });
  });
});

describe('beacon round edges', () => {
  it('never fixes a round before 1 and counts from genesis', () => {
    expect(beaconRoundFor(0, 2000)).toBe(1);
    expect(beaconEmittedAt(1)).toBe(1692803367);
    expect(() => beaconEmittedAt(0)).toThrow(RangeError);
    expect(() => beaconRoundFor(1.5, 2000)).toThrow(RangeError);
  });

  it('takes the round emitted exactly at the earliest time', () => {
    const emitted = beaconEmittedAt(1000) * 1000;
    expect(beaconRoundFor(emitted - 5000, 2000)).toBe(1000);
    expect(beaconRoundFor(emitted - 4999, 2000)).toBe(1001);
  });

  it('knows the reveal windows a table may choose', () => {
    expect([499, 500, 2000, 5000, 5001].map(isRevealWindowMs)).toEqual([false, true, true, true, false]);
  });
});

describe('strict signatures', () => {
  const seed = new Uint8Array(32).fill(7);
  const publicKey = ed25519.getPublicKey(seed);
  const statement = { kind: 'pf2.void', table: 'tbl', round: 3, chainIndex: 3, chain: hash('a'), reason: 'test', voidedAt: 1 };
  const signed = signStatement(statement, seed);

  it('round-trips base64 in its one spelling', () => {
    for (const length of [0, 1, 2, 3, 4, 64]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + 11) & 255);
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    }
    for (const bad of ['AB==', 'AAB=', 'AA', 'AA=', 'A===', 'AA==\n', ' AA==', 'AA-_', 'AA==AA==']) expect(fromBase64(bad), bad).toBeNull();
  });

  it('verifies its own signature and refuses a tampered statement or another key', () => {
    expect(statementShapeProblem(signed)).toBeNull();
    expect(verifyStatement(signed, publicKey)).toBe(true);
    expect(verifyStatement({ ...signed, reason: 'tset' }, publicKey)).toBe(false);
    expect(verifyStatement({ ...signed, extra: 1 }, publicKey)).toBe(false);
    expect(verifyStatement(signed, ed25519.getPublicKey(new Uint8Array(32).fill(8)))).toBe(false);
    expect(verifyStatement({ ...signed, sig: signed.sig.replace(/=+$/, '') }, publicKey)).toBe(false);
    expect(verifyStatement({ ...signed, nested: { a: 1 } }, publicKey)).toBe(false);
    expect(verifyStatement(null, publicKey)).toBe(false);
  });

  it('refuses S + L, the same signature in a non-canonical scalar', () => {
    const raw = fromBase64(signed.sig)!;
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(raw[i]!);
    let bumped = s + ed25519.Point.Fn.ORDER;
    const forged = raw.slice();
    for (let i = 32; i < 64; i++, bumped >>= 8n) forged[i] = Number(bumped & 255n);
    expect(verifyStatement({ ...signed, sig: toBase64(forged) }, publicKey)).toBe(false);
  });

  it('refuses a non-canonical public key encoding', () => {
    // y = p + 1 encodes the same point as y = 1 only under ZIP-215.
    const nonCanonical = new Uint8Array(32).fill(0xff);
    nonCanonical[0] = 0xee;
    nonCanonical[31] = 0x7f;
    expect(verifyStatement(signed, nonCanonical)).toBe(false);
  });

  it('checks the cofactorless equation: R with a small-order part added fails although noble alone accepts it', () => {
    const { Point } = ed25519;
    const order = Point.Fn.ORDER;
    const { scalar } = ed25519.utils.getExtendedPublicKey(seed);
    const torsion = Point.fromBytes(Uint8Array.from([0xec, ...new Array<number>(30).fill(0xff), 0x7f]), false); // (0, −1), order 2
    const nonce = 12345n;
    const rBytes = Point.BASE.multiply(nonce).add(torsion).toBytes();
    const little = (bytes: Uint8Array) => bytes.reduceRight((value, byte) => (value << 8n) | BigInt(byte), 0n);
    const body = { kind: 'pf2.void', table: 'tbl', round: 1, chainIndex: 1, chain: hash('b'), reason: 'r', voidedAt: 2 };
    const message = new TextEncoder().encode(
      `{"chain":"${hash('b')}","chainIndex":1,"kind":"pf2.void","reason":"r","round":1,"table":"tbl","voidedAt":2}`,
    );
    // S = r + k·a for R = [r]B + T: [8][S]B = [8]R + [8][k]A holds, [S]B = R + [k]A does not.
    const k = little(sha512(Uint8Array.from([...rBytes, ...publicKey, ...message]))) % order;
    let s = (nonce + k * scalar) % order;
    const forged = Uint8Array.from([...rBytes, ...new Array<number>(32).fill(0)]);
    for (let i = 32; i < 64; i++, s >>= 8n) forged[i] = Number(s & 255n);
    expect(ed25519.verify(forged, message, publicKey, { zip215: false })).toBe(true);
    expect(verifyStatement({ ...body, sig: toBase64(forged) }, publicKey)).toBe(false);
  });

  it('names shape problems', () => {
    expect(statementShapeProblem({ ...statement, kind: 'pf2.nope' })).toMatch(/unknown kind/);
    expect(statementShapeProblem({ ...statement, voidedAt: '1' })).toMatch(/voidedAt/);
    expect(statementShapeProblem({ ...statement, extra: 1 })).toMatch(/no member extra/);
    const withoutReason: Record<string, unknown> = { ...statement };
    delete withoutReason.reason;
    expect(statementShapeProblem(withoutReason)).toMatch(/lacks reason/);
    expect(statementShapeProblem({ ...statement, chain: 'AB' })).toMatch(/chain/);
  });
});

describe('blackjack segments', () => {
  it('places seat q at 16 + 24·(q − 1) and the dealer at 184', () => {
    expect([1, 2, 7].map(segmentStart)).toEqual([16, 40, 160]);
    expect(segmentStart(0)).toBe(184);
    expect(DEALER_SEGMENT_START).toBe(184);
    expect(segmentEnd(7)).toBe(184);
    expect(segmentEnd(0)).toBe(200);
    expect(() => segmentStart(8)).toThrow(RangeError);
  });

  it('reads a segment, then goes on with its overflow shoe', () => {
    const seed = new Uint8Array(32).fill(1);
    const shoe = segmentedShoe(seed, hash('c'), 5);
    const reader = shoe.segment(0);
    const dealt = Array.from({ length: 18 }, () => reader.draw());
    expect(dealt.slice(0, 16)).toEqual(shoe.sequence.slice(184, 200));
    const fresh = segmentedShoe(seed, hash('c'), 5).overflow(0);
    expect(dealt.slice(16)).toEqual([fresh.draw(), fresh.draw()]);
    // Readers are independent: a second reader of the segment (a bets-behind hand) starts over, overflow included.
    const second = shoe.segment(0);
    expect(Array.from({ length: 18 }, () => second.draw())).toEqual(dealt);
    const again = shoe.overflow(0);
    expect([again.draw(), again.draw()]).toEqual(dealt.slice(16));
  });
});
