// RFC 6962 §2.1 Merkle Tree Hash over text lines (SHA-256), its audit paths
// (inclusion proofs) and their verification, as docs/PF2.md §3 and §7 use
// them for the freeze and for bet-acknowledgement batches. Pure: no node:
// modules, so the player page verifies with the same code the server proves
// with.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from './pf1.ts';

const HASH_BYTES = 32;
const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;
const utf8 = new TextEncoder();

/** SHA-256(0x00 ‖ UTF-8(line)). */
export function leafHash(line: string): Uint8Array {
  const bytes = utf8.encode(line);
  const input = new Uint8Array(bytes.length + 1);
  input[0] = LEAF_PREFIX;
  input.set(bytes, 1);
  return sha256(input);
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + left.length + right.length);
  input[0] = NODE_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha256(input);
}

/** The Merkle Tree Hash of no lines: SHA-256 of the empty string. */
export const EMPTY_TREE_ROOT = bytesToHex(sha256(new Uint8Array(0)));

/** One line's place in a tree: 0-based leaf index and audit path (hex, leaf level first). */
export type InclusionProof = { index: number; line: string; path: string[] };

/**
 * A whole tree kept level by level, so the root costs n − 1 node hashes and
 * each proof log n lookups. Pairing neighbours level by level and carrying a
 * lone last node up unchanged gives exactly RFC 6962's split at the largest
 * power of two below the count: the left subtree is always complete.
 *
 * The hashes are computed when the root or a proof is first asked for, or
 * ahead of that in bounded steps with build(): a tree of tens of thousands of
 * lines takes longer to hash than one short turn of the event loop.
 */
export class MerkleTree {
  readonly lines: readonly string[];
  /** levels[0] are the leaf hashes, the last level holds the root alone (none for an empty tree); filled in order. */
  readonly #levels: Uint8Array[][] = [];
  /** How many nodes each level holds once complete: the count, then half of it rounded up, down to 1. */
  readonly #widths: number[] = [];
  /** Hex of each node, filled as proofs ask: every node is spelled once however many paths hold it. */
  readonly #hexLevels: (string | undefined)[][] = [];
  #pendingHashes = 0;

  constructor(lines: readonly string[]) {
    this.lines = Object.freeze([...lines]);
    for (let width = this.lines.length; width > 0; width = width === 1 ? 0 : Math.ceil(width / 2)) {
      this.#widths.push(width);
      this.#pendingHashes += width;
    }
  }

  /** Nodes (leaves included) still to compute; 0 once the tree is complete. */
  get pendingHashes(): number {
    return this.#pendingHashes;
  }

  /** Computes up to `maxHashes` more nodes, leaves first, then level by level; true once the tree is complete. */
  build(maxHashes: number): boolean {
    for (let count = 0; count < maxHashes && this.#pendingHashes > 0; count++) this.#computeNext();
    return this.#pendingHashes === 0;
  }

  #computeNext(): void {
    let depth = this.#levels.length - 1;
    if (depth < 0 || (this.#levels[depth] as Uint8Array[]).length === this.#widths[depth]) {
      this.#levels.push([]);
      depth += 1;
    }
    const level = this.#levels[depth] as Uint8Array[];
    const position = level.length;
    if (depth === 0) level.push(leafHash(this.lines[position] as string));
    else {
      const below = this.#levels[depth - 1] as Uint8Array[];
      const left = below[2 * position] as Uint8Array;
      const right = below[2 * position + 1];
      // A lone last node is carried up unchanged.
      level.push(right === undefined ? left : nodeHash(left, right));
    }
    this.#pendingHashes -= 1;
  }

  #complete(): void {
    this.build(Number.POSITIVE_INFINITY);
  }

  #hex(depth: number, position: number): string {
    const spelled = (this.#hexLevels[depth] ??= new Array<string | undefined>(this.#widths[depth] as number));
    let hex = spelled[position];
    if (hex === undefined) {
      hex = bytesToHex((this.#levels[depth] as Uint8Array[])[position] as Uint8Array);
      spelled[position] = hex;
    }
    return hex;
  }

  get size(): number {
    return this.lines.length;
  }

  /** The Merkle Tree Hash in hex. */
  get root(): string {
    this.#complete();
    const top = this.#levels[this.#levels.length - 1];
    return top === undefined ? EMPTY_TREE_ROOT : bytesToHex(top[0] as Uint8Array);
  }

  /** The RFC 6962 §2.1.1 audit path of the leaf at `index`. */
  proof(index: number): InclusionProof {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new RangeError(`no leaf ${index} in a tree of ${this.size}`);
    this.#complete();
    const path: string[] = [];
    let position = index;
    for (let depth = 0; depth < this.#levels.length - 1; depth++) {
      const sibling = position ^ 1;
      // A lone last node has no sibling at this level: it is carried up, adding nothing to the path.
      if (sibling < (this.#levels[depth] as Uint8Array[]).length) path.push(this.#hex(depth, sibling));
      position >>= 1;
    }
    return { index, line: this.lines[index] as string, path };
  }

  proofs(): InclusionProof[] {
    return this.lines.map((_, index) => this.proof(index));
  }
}

export function merkleRoot(lines: readonly string[]): string {
  return new MerkleTree(lines).root;
}

function decodeHash(hex: unknown): Uint8Array | null {
  if (typeof hex !== 'string' || hex.length !== 2 * HASH_BYTES) return null;
  try {
    return hexToBytes(hex);
  } catch {
    return null;
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}

/**
 * RFC 9162 §2.1.3.2 (the RFC 6962 audit path check, made exact): true when
 * `path` proves `line` is leaf `index` of the tree of `size` leaves with this
 * root. Never throws: every argument may come from the network.
 */
export function verifyInclusion(line: string, index: number, size: number, path: readonly string[], root: string): boolean {
  if (typeof line !== 'string' || !Array.isArray(path)) return false;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  const expected = decodeHash(root);
  if (expected === null) return false;
  let fn = index;
  let sn = size - 1;
  let hash = leafHash(line);
  for (const step of path) {
    const sibling = decodeHash(step);
    if (sibling === null || sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      hash = nodeHash(sibling, hash);
      // Climb past the levels where this node was a lone last node, carried up without a sibling.
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      hash = nodeHash(hash, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && bytesEqual(hash, expected);
}

/** verifyInclusion for a proof object as the server hands it out. */
export function verifyProof(proof: InclusionProof, size: number, root: string): boolean {
  if (typeof proof !== 'object' || proof === null) return false;
  return verifyInclusion(proof.line, proof.index, size, proof.path, root);
}
