// A drand chain as Pitboss knows it (docs/PF2.md §6): quicknet built in, any
// other read from the chain's own `info` JSON, as `GET {relay}/{chainHash}/info`
// serves it. Only the scheme PF2 specifies is accepted: unchained G1
// signatures hashed to the curve per RFC 9380. Pure: no node: modules.
import { QUICKNET } from './pf2-beacon.ts';

/** What fetching, timing and checking one chain's values takes. */
export type BeaconChain = {
  chainHash: string;
  /** The group public key on G2, compressed, 192 hex digits. */
  publicKey: string;
  /** Seconds since the Unix epoch. */
  genesis: number;
  /** Seconds between rounds. */
  period: number;
  scheme: string;
  /** Hash-to-curve domain tag of the G1 signatures. */
  dst: string;
};

export const quicknetChain: BeaconChain = QUICKNET;

/** The only scheme a PF2 beacon may use. */
export const beaconScheme = QUICKNET.scheme;

const HASH = /^[0-9a-f]{64}$/;
const PUBLIC_KEY = /^[0-9a-f]{192}$/;

/**
 * The chain a drand `info` document describes, or why it cannot be used,
 * in words. Never throws: the document comes from a file or a relay.
 */
export function chainFromInfo(info: unknown): { chain: BeaconChain } | { problem: string } {
  if (typeof info !== 'object' || info === null || Array.isArray(info)) return { problem: 'a drand chain info must be a JSON object' };
  const fields = info as Record<string, unknown>;
  const { hash, public_key: publicKey, genesis_time: genesis, period, schemeID: scheme } = fields;
  if (typeof hash !== 'string' || !HASH.test(hash)) return { problem: 'its "hash" must be the chain hash, 64 lowercase hex digits' };
  if (typeof publicKey !== 'string' || !PUBLIC_KEY.test(publicKey)) return { problem: 'its "public_key" must be a compressed G2 point, 192 lowercase hex digits' };
  if (typeof genesis !== 'number' || !Number.isSafeInteger(genesis) || genesis < 1) return { problem: 'its "genesis_time" must be a positive whole number of seconds' };
  if (typeof period !== 'number' || !Number.isSafeInteger(period) || period < 1 || period > 3600) return { problem: 'its "period" must be a whole number of seconds from 1 to 3600' };
  if (scheme !== beaconScheme) return { problem: `its "schemeID" must be "${beaconScheme}" (PF2.md §6), not ${JSON.stringify(scheme)}` };
  return { chain: { chainHash: hash, publicKey, genesis, period, scheme: beaconScheme, dst: QUICKNET.dst } };
}

/** The chain's `info` document, as relays serve it and `--beacon-chain` reads it. */
export function infoOfChain(chain: BeaconChain): Record<string, string | number> {
  return { public_key: chain.publicKey, period: chain.period, genesis_time: chain.genesis, hash: chain.chainHash, schemeID: chain.scheme };
}
