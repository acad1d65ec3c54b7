// Request ids, bet ids and the first client seed: unguessable and url-safe.
// Always crypto.getRandomValues, never Math.random (pf1 and the lint rule).
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/**
 * length characters of [A-Za-z0-9_-]; 64 symbols, so masking a byte to 6 bits
 * is unbiased. The first is a letter (5 bits: the alphabet's first 32), so an
 * id never begins with the "__" the server keeps for its own bet ids.
 */
export function randomId(length = 16): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let id = '';
  bytes.forEach((byte, index) => (id += ALPHABET[index === 0 ? byte & 31 : byte & 63]));
  return id;
}

/** A uniform number in [0, 1) from 32 random bits, for the reconnect jitter. */
export function randomUnit(): number {
  const word = new Uint32Array(1);
  crypto.getRandomValues(word);
  return (word[0] ?? 0) / 0x1_0000_0000;
}
