// The public beacon a server fetches (docs/PF2.md §6): drand quicknet from
// the League of Entropy's relays unless told otherwise, its signatures
// checked in the verifier's worker thread. Tables choose whether to use it;
// a server started without one (`beacon: null`) offers none.
import { BeaconClient, defaultBeaconRelays } from '../beacon/beacon-client.ts';
import { BeaconVerifier } from '../beacon/beacon-verifier.ts';
import { quicknetChain } from '../../shared/fairness/beacon-chain.ts';
import type { PitbossOptions } from './pitboss-options.ts';

export type ServerBeacon = { client: BeaconClient; verifier: BeaconVerifier };

export function createBeacon(options: PitbossOptions): ServerBeacon | null {
  if (options.beacon === null) return null;
  const verifier = new BeaconVerifier();
  const client = new BeaconClient({
    chain: options.beacon?.chain ?? quicknetChain,
    relays: options.beacon?.relays ?? defaultBeaconRelays,
    verifier,
  });
  return { client, verifier };
}
