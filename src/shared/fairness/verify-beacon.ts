// The public beacon of a published pf2 round, checked from its proof alone
// (docs/PF2.md §6, §8): the beacon is the one the signed freeze named, at the
// round its last resume (or the freeze) fixed, and its value is that chain's
// BLS signature for that round. Pure and never throws: the proof comes over
// the network. A chain the checker does not know (only quicknet is built in)
// cannot be checked, and that is said, never passed.
import type { RoundProof } from '../api.ts';
import { quicknetChain, type BeaconChain } from './beacon-chain.ts';
import { beaconFixedBy } from './pf2-beacon.ts';
import { beaconRandomness, beaconSignatureProblem } from './pf2-beacon-signature.ts';

type Pf2Proof = NonNullable<RoundProof['pf2']>;

/** What the client string takes from the beacon ('' without one), or why the beacon cannot give it. */
export type ProofBeacon = { randomness: string; problem: string | null; detail: string } | null;

/** Chains by chain hash: quicknet, and any the caller learned (from its own relays, or given by hand). */
export function beaconChainsWith(extra: readonly BeaconChain[] = []): ReadonlyMap<string, BeaconChain> {
  return new Map([quicknetChain, ...extra].map((chain) => [chain.chainHash, chain]));
}

/**
 * Null when neither the statements nor the proof name a beacon. Otherwise the
 * randomness the client string takes, and `problem` (null when every check
 * passed): a beacon the statements did not fix, a value missing, or one that
 * does not verify against the chain's public key.
 */
export function proofBeacon(pf2: Pf2Proof, chains: ReadonlyMap<string, BeaconChain>): ProofBeacon {
  const freeze = pf2.statements.freeze;
  const fixed = freeze === null ? null : beaconFixedBy(freeze, pf2.statements.resumes ?? []);
  const beacon = pf2.beacon;
  if (fixed === null && beacon === null) return null;
  const fail = (problem: string): ProofBeacon => ({ randomness: '', problem, detail: problem });
  if (fixed === null) return fail('the proof shows a beacon the signed freeze did not name');
  if (beacon === null) return fail(`the signed freeze fixed drand round ${fixed.round}, but the proof shows no beacon`);
  if (beacon.chain !== fixed.chain || beacon.round !== fixed.round) {
    return fail(`the statements fixed round ${fixed.round} of chain ${fixed.chain}, the proof shows round ${beacon.round} of ${beacon.chain}`);
  }
  if (beacon.signature === null) return fail(`the value of drand round ${fixed.round} is not published yet`);
  const chain = chains.get(fixed.chain);
  if (chain === undefined) return fail(`beacon chain ${fixed.chain} is unknown here, so its signature cannot be checked`);
  const problem = beaconSignatureProblem(fixed.round, beacon.signature, chain);
  if (problem !== null) return fail(problem);
  const name = chain.chainHash === quicknetChain.chainHash ? 'drand quicknet' : `drand chain ${chain.chainHash.slice(0, 12)}…`;
  return { randomness: beaconRandomness(beacon.signature), problem: null, detail: `round ${fixed.round} of ${name} is signed by the chain's key` };
}
