// Checking a drand beacon value (docs/PF2.md §6): round r's value is a
// BLS12-381 signature on G1 over SHA-256(uint64 big-endian r), hashed to the
// curve with the chain's domain tag and verifiable with its public key on
// G2 (drand's "bls-unchained-g1-rfc9380", quicknet's scheme). Only the
// canonical 48-byte compressed encoding of a point in the G1 subgroup is
// accepted; the randomness is SHA-256 of the signature bytes. Pure (no node:
// modules), so the server, the page and the verifier run the same check.
// One verification is a pairing, about 100 ms on a slow core: the server
// runs it off its event loop.
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from './pf1.ts';
import { QUICKNET } from './pf2-beacon.ts';

/** What checking a beacon value needs of its chain. */
export type BeaconKey = { publicKey: string; dst: string };

/** Compressed G1 points are 48 bytes. */
const SIGNATURE_BYTES = 48;
const HEX = /^[0-9a-f]+$/;

/** The message round r's signature signs: SHA-256 of r as a 64-bit big-endian integer. */
export function beaconMessage(round: number): Uint8Array {
  if (!Number.isSafeInteger(round) || round < 1) throw new RangeError('a beacon round is a positive integer');
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(round));
  return sha256(bytes);
}

/** hex(SHA-256(signature bytes)): the randomness the client string takes (§5). */
export function beaconRandomness(signatureHex: string): string {
  return bytesToHex(sha256(hexToBytes(signatureHex)));
}

/**
 * Null when `signatureHex` is chain's valid value for `round`, else why
 * not, in words. Never throws: the value comes from a relay or a file.
 */
export function beaconSignatureProblem(round: number, signatureHex: unknown, chain: BeaconKey = QUICKNET): string | null {
  if (!Number.isSafeInteger(round) || round < 1) return `beacon round ${String(round)} is not a positive integer`;
  if (typeof signatureHex !== 'string' || signatureHex.length !== SIGNATURE_BYTES * 2 || !HEX.test(signatureHex)) {
    return `the beacon signature must be ${SIGNATURE_BYTES * 2} lowercase hex digits (a compressed G1 point)`;
  }
  const signatures = bls12_381.shortSignatures;
  let point;
  try {
    point = signatures.Signature.fromBytes(hexToBytes(signatureHex));
    point.assertValidity();
  } catch (error) {
    return `the beacon signature is not a point of G1: ${error instanceof Error ? error.message : String(error)}`;
  }
  // A canonical encoding round-trips byte for byte; the subgroup check refuses small-order components.
  if (bytesToHex(signatures.Signature.toBytes(point)) !== signatureHex) return 'the beacon signature is not in canonical compressed form';
  if (!point.isTorsionFree()) return 'the beacon signature is not in the G1 subgroup';
  try {
    const message = signatures.hash(beaconMessage(round), chain.dst);
    if (!signatures.verify(point, message, hexToBytes(chain.publicKey))) return `the signature does not verify for beacon round ${round}`;
  } catch (error) {
    return `the beacon signature cannot be checked: ${error instanceof Error ? error.message : String(error)}`;
  }
  return null;
}
