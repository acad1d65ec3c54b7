// The record hash is one rule with two implementations: the pure SHA-256 the
// player page and src/shared use, and node:crypto's that the export
// verifier passes for speed. They must give the same hash for the same
// record, non-ASCII text included (UTF-8 bytes, never UTF-16), and the
// record format pins what that hash is over.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/shared/audit/canonical-json.ts';
import { recordHash, sha256Hex } from '../../src/shared/audit/record-format.ts';
import { nodeSha256Hex } from '../../src/main/verifier/node-sha256.ts';

const record = {
  format: 'pitboss.round/1',
  tableId: 'tbl_x',
  seq: 3,
  voidReason: 'dealer: «tilt» 🎲 \u0007',
  outcome: { pocket: 17, colour: 'black' },
  hash: 'f'.repeat(64),
};

describe('the record hash', () => {
  it('is SHA-256 of the UTF-8 bytes of the canonical JSON without the hash member', () => {
    const content: Record<string, unknown> = { ...record };
    delete content.hash;
    const expected = createHash('sha256').update(Buffer.from(canonicalize(content), 'utf8')).digest('hex');
    expect(recordHash(record)).toBe(expected);
    expect(recordHash(record, nodeSha256Hex)).toBe(expected);
  });

  it('gives the same hex from the shared and the node:crypto SHA-256, for text and bytes', () => {
    // The SHA-256 test vector of FIPS 180-2 ("abc"), then text with characters of 2, 3 and 4 UTF-8 bytes.
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const text of ['', 'abc', 'é€🎲', canonicalize(record), 'x'.repeat(100_000)]) {
      expect(sha256Hex(text)).toBe(nodeSha256Hex(text));
    }
    const bytes = Uint8Array.from({ length: 300 }, (_, index) => (index * 7) % 256);
    expect(sha256Hex(bytes)).toBe(nodeSha256Hex(bytes));
  });
});
