// pf1, the provably-fair scheme, exactly as docs/FAIRNESS.md (a copy of the shared contract).
// This file is the single implementation used by the server (to produce
// outcomes) and by the player page (to verify them), so it must stay pure:
// no node: modules, no globals beyond TextEncoder and typed arrays.
import { sha256 } from '@noble/hashes/sha2.js';
import { hmac } from '@noble/hashes/hmac.js';

/** Seeds are SHA-256 outputs, so every link of the chain is this long. */
export const SEED_BYTES = 32;
/** Caps the work a (possibly hostile) proof can make a verifier do. */
export const MAX_CHAIN_LENGTH = 1_000_000;
const TWO_POW_32 = 0x1_0000_0000;
const WORDS_PER_BLOCK = 8;

// ---------------------------------------------------------------- hex

export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Lowercase hex only: the published values are lowercase, and one spelling per value keeps comparisons exact. */
export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw new Error(`hex has odd length ${hex.length}`);
  if (!/^[0-9a-f]*$/.test(hex)) throw new Error('hex must contain only 0-9 and a-f');
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ---------------------------------------------------------------- §1 seed chain

/** Returns h[0..length]: h[length] = terminal, h[i-1] = SHA-256(h[i]); h[0] is the commitment. */
export function buildChain(terminal: Uint8Array, length: number): Uint8Array[] {
  if (terminal.length !== SEED_BYTES) throw new Error(`terminal must be ${SEED_BYTES} bytes`);
  if (!Number.isInteger(length) || length < 1 || length > MAX_CHAIN_LENGTH) {
    throw new Error(`chain length must be an integer in 1..${MAX_CHAIN_LENGTH}`);
  }
  const chain = new Array<Uint8Array>(length + 1);
  // Copy so a caller wiping or reusing its buffer cannot change the chain.
  let link = terminal.slice();
  chain[length] = link;
  for (let i = length; i >= 1; i--) {
    link = sha256(link);
    chain[i - 1] = link;
  }
  return chain;
}

export function commitmentOf(chain: readonly Uint8Array[]): string {
  const head = chain[0];
  if (head === undefined) throw new Error('empty chain has no commitment');
  return bytesToHex(head);
}

/**
 * True when hashing the seed chainIndex times gives the commitment. Never
 * throws: malformed input (bad hex, wrong length, index out of range) is
 * simply not a match, since it comes from the network.
 */
export function seedMatchesCommitment(seedHex: string, chainIndex: number, commitmentHex: string): boolean {
  if (!Number.isInteger(chainIndex) || chainIndex < 1 || chainIndex > MAX_CHAIN_LENGTH) return false;
  let seed: Uint8Array;
  let commitment: Uint8Array;
  try {
    seed = hexToBytes(seedHex);
    commitment = hexToBytes(commitmentHex);
  } catch {
    return false;
  }
  if (seed.length !== SEED_BYTES || commitment.length !== SEED_BYTES) return false;
  return seedReaches(seed, chainIndex, commitment);
}

/**
 * The one walk down a seed chain: true when SHA-256 applied `steps` times to
 * the seed gives `link`. Both verifiers use it: the player page's (from the
 * commitment, above) and the export verifier's, which starts from the last
 * link it already checked so a whole chain costs its length once.
 */
export function seedReaches(seed: Uint8Array, steps: number, link: Uint8Array): boolean {
  let current = seed;
  for (let i = 0; i < steps; i++) current = sha256(current);
  return bytesEqual(current, link);
}

// ---------------------------------------------------------------- §2 client string

const utf8 = new TextEncoder();

/** Byte-wise order of UTF-8 encodings; differs from JS string order (UTF-16 code units) above U+FFFF. */
function compareUtf8(a: Uint8Array, b: Uint8Array): number {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    const difference = (a[i] as number) - (b[i] as number);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/** The round's client string: seeds sorted by UTF-8 bytes, joined with ",", duplicates kept. */
export function clientStringOf(seeds: readonly string[]): string {
  return seeds
    .map((seed) => ({ seed, bytes: utf8.encode(seed) }))
    .sort((a, b) => compareUtf8(a.bytes, b.bytes))
    .map((entry) => entry.seed)
    .join(',');
}

// ---------------------------------------------------------------- §3-4 byte stream

/** The round's word stream: HMAC-SHA256 blocks read as big-endian uint32, one block at a time. */
export class Pf1Stream {
  readonly #keyed: ReturnType<typeof hmac.create>;
  readonly #prefix: string;
  readonly #block = new Uint8Array(32);
  readonly #view = new DataView(this.#block.buffer);
  #blockIndex = 0;
  /** Words of the current block already handed out; starts full so the first read computes block 0. */
  #wordInBlock = WORDS_PER_BLOCK;
  #wordsUsed = 0;

  constructor(serverSeed: Uint8Array, clientString: string, round: number) {
    if (serverSeed.length !== SEED_BYTES) throw new Error(`server seed must be ${SEED_BYTES} bytes`);
    if (!Number.isSafeInteger(round) || round < 1) throw new Error('round must be a positive integer');
    // Keying once and cloning per block skips re-deriving the HMAC pads for every block.
    this.#keyed = hmac.create(sha256, serverSeed);
    this.#prefix = `${clientString}:${round}:`;
  }

  get wordsUsed(): number {
    return this.#wordsUsed;
  }

  nextWord(): number {
    if (this.#wordInBlock === WORDS_PER_BLOCK) {
      const message = utf8.encode(`${this.#prefix}${this.#blockIndex}`);
      this.#keyed.clone().update(message).digestInto(this.#block);
      this.#blockIndex++;
      this.#wordInBlock = 0;
    }
    const word = this.#view.getUint32(this.#wordInBlock * 4, false);
    this.#wordInBlock++;
    this.#wordsUsed++;
    return word;
  }

  /** Unbiased integer in [0, m) by rejection sampling (§4). */
  uniform(m: number): number {
    if (!Number.isInteger(m) || m < 1 || m > TWO_POW_32) throw new RangeError(`uniform(m) needs an integer 1 <= m <= 2^32, got ${m}`);
    // Plain numbers are exact here: every value stays below 2^33.
    const limit = TWO_POW_32 - (TWO_POW_32 % m);
    for (;;) {
      const word = this.nextWord();
      if (word < limit) return word % m;
    }
  }
}

// ---------------------------------------------------------------- §5 cards

const SUITS = ['S', 'H', 'D', 'C'] as const;
const RANKS = ['A', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'J', 'Q', 'K'] as const;
export type CardSuit = (typeof SUITS)[number];
const CARDS_PER_DECK = 52;
/** Card indices live in a Uint16Array. */
const MAX_DECKS = Math.floor(0xffff / CARDS_PER_DECK);

/** A fresh shoe in canonical order, dealt by forward partial Fisher–Yates. */
export class Shoe {
  readonly #stream: Pf1Stream;
  readonly #cards: Uint16Array;
  #dealt = 0;

  constructor(stream: Pf1Stream, decks: number) {
    if (!Number.isInteger(decks) || decks < 1 || decks > MAX_DECKS) throw new RangeError(`decks must be an integer in 1..${MAX_DECKS}`);
    this.#stream = stream;
    this.#cards = new Uint16Array(decks * CARDS_PER_DECK);
    for (let i = 0; i < this.#cards.length; i++) this.#cards[i] = i;
  }

  get remaining(): number {
    return this.#cards.length - this.#dealt;
  }

  /** Deals the next card index: j = t + uniform(N - t), swap a[t] and a[j], deal a[t]. */
  draw(): number {
    const t = this.#dealt;
    const size = this.#cards.length;
    if (t >= size) throw new Error('shoe is empty');
    const j = t + this.#stream.uniform(size - t);
    const card = this.#cards[j] as number;
    this.#cards[j] = this.#cards[t] as number;
    this.#cards[t] = card;
    this.#dealt++;
    return card;
  }
}

function assertCard(index: number): number {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`bad card index ${index}`);
  return index % CARDS_PER_DECK;
}

/** 1 (ace) .. 13 (king). */
export function cardRank(index: number): number {
  return (assertCard(index) % 13) + 1;
}

export function cardSuit(index: number): CardSuit {
  return SUITS[Math.floor(assertCard(index) / 13)] as CardSuit;
}

/** Rank then suit: "AS", "10H", "QC". */
export function cardName(index: number): string {
  return `${RANKS[cardRank(index) - 1] as string}${cardSuit(index)}`;
}
