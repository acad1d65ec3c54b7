// SHA-256 from node:crypto for the verifier's chain check, which hashes every
// record again: on records of many kilobytes OpenSSL is about eight times
// faster than the pure SHA-256 of src/shared/audit/record-format.ts. The
// same function over the same UTF-8 bytes (test/unit/record-hash.test.ts).
import { createHash } from 'node:crypto';
import type { Sha256Hex } from '../../shared/audit/record-format.ts';

export const nodeSha256Hex: Sha256Hex = (data) => createHash('sha256').update(data).digest('hex');
