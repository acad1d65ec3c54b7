// pf2 edge cases the vectors do not reach: empty and single-leaf trees, proofs
// that must fail, a 40,000-line tree in O(n log n), id and secret rules.
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '../../src/shared/fairness/pf1.ts';
import { EMPTY_TREE_ROOT, MerkleTree, leafHash, nodeHash, verifyInclusion, verifyProof } from '../../src/shared/fairness/merkle.ts';
import {
  Pf2InputError,
  commitmentInputProblem,
  idProblem,
  isPf2Id,
  opensCommitment,
  roundCommitment,
  sortByBytes,
} from '../../src/shared/fairness/pf2.ts';

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
  });
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

  it('sorts by bytes and refuses non-ASCII', () => {
    expect(sortByBytes(['b', 'B', '_', 'a', '0'])).toEqual(['0', 'B', '_', 'a', 'b']);
    expect(() => sortByBytes(['\u00e9'])).toThrow(Pf2InputError);
  });
});
