// A drand relay on loopback for tests (tests never reach the internet): a
// chain of its own with a fresh BLS12-381 key, genesis a little in the
// past, serving drand's HTTP API (`/{hash}/info`, `/{hash}/public/{round}`,
// `/{hash}/public/latest`) with CORS, as the public relays do, so the player
// page can ask it too. A round is served once its emission time has passed
// and the relay is not holding it back; a relay can be made to misbehave
// (bad signature, another round, garbage) to test that it is refused.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '../../src/shared/fairness/pf1.ts';
import { beaconEmittedAt, QUICKNET } from '../../src/shared/fairness/pf2-beacon.ts';
import { beaconMessage, beaconRandomness } from '../../src/shared/fairness/pf2-beacon-signature.ts';
import { infoOfChain, type BeaconChain } from '../../src/shared/fairness/beacon-chain.ts';

export type RelayBehaviour = 'honest' | 'bad-signature' | 'wrong-round' | 'garbage' | 'refuse';

export type TestBeacon = {
  /** The relay's base URL, http://127.0.0.1:port. */
  url: string;
  chain: BeaconChain;
  /** The chain's secret key: a second relay of the same chain is started with it and the same genesis. */
  secretKey: Uint8Array;
  /** The chain's drand info document (what `--beacon-chain` reads). */
  info: Record<string, string | number>;
  /** The real signature of a round. */
  signatureOf(round: number): string;
  /** The round being emitted now (real time). */
  currentRound(): number;
  /** Serve no round ≥ `round` until release() (a late beacon). */
  holdFrom(round: number): void;
  release(): void;
  behave(behaviour: RelayBehaviour): void;
  /** Paths asked, in order. */
  readonly requests: string[];
  close(): Promise<void>;
};

const signatures = bls12_381.shortSignatures;

/**
 * A chain of its own on a loopback relay; `period` in seconds (drand's
 * quicknet has 3). Given another relay's key and genesis, a relay of the same chain.
 */
export async function startTestBeacon(options: { period?: number; secretKey?: Uint8Array; genesis?: number } = {}): Promise<TestBeacon> {
  const secretKey = options.secretKey ?? bls12_381.utils.randomSecretKey();
  const publicKey = bytesToHex(signatures.getPublicKey(secretKey).toBytes(true));
  const period = options.period ?? 3;
  const genesis = options.genesis ?? Math.floor(Date.now() / 1000) - 60 * period;
  const chainHash = bytesToHex(sha256(new TextEncoder().encode(`pitboss test chain ${publicKey} ${genesis} ${period}`)));
  const chain: BeaconChain = { chainHash, publicKey, genesis, period, scheme: QUICKNET.scheme, dst: QUICKNET.dst };
  const cache = new Map<number, string>();
  const signatureOf = (round: number): string => {
    let signature = cache.get(round);
    if (signature === undefined) {
      signature = bytesToHex(signatures.sign(signatures.hash(beaconMessage(round), chain.dst), secretKey).toBytes(true));
      cache.set(round, signature);
    }
    return signature;
  };
  const currentRound = (): number => Math.floor((Date.now() / 1000 - genesis) / period) + 1;
  let heldFrom = Number.POSITIVE_INFINITY;
  let behaviour: RelayBehaviour = 'honest';
  const requests: string[] = [];

  const server: Server = createServer((request, response) => {
    const path = request.url ?? '';
    requests.push(path);
    response.setHeader('access-control-allow-origin', '*');
    response.setHeader('content-type', 'application/json');
    const send = (status: number, body: unknown): void => {
      response.statusCode = status;
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (behaviour === 'refuse') return send(503, { error: 'refusing for the test' });
    if (path === `/${chainHash}/info`) return send(200, infoOfChain(chain));
    const match = new RegExp(`^/${chainHash}/public/(latest|\\d+)$`).exec(path);
    if (match === null) return send(404, { error: 'no such path' });
    const round = match[1] === 'latest' ? Math.min(currentRound(), heldFrom - 1) : Number(match[1]);
    if (round < 1 || round >= heldFrom || beaconEmittedAt(round, chain) * 1000 > Date.now()) return send(425, { error: 'round not published yet' });
    if (behaviour === 'garbage') return send(200, '<html>not a beacon</html>');
    const signature = signatureOf(round);
    if (behaviour === 'wrong-round') return send(200, { round: round + 1, randomness: beaconRandomness(signatureOf(round + 1)), signature: signatureOf(round + 1) });
    if (behaviour === 'bad-signature') {
      // A valid point of G1, signed by no one: it decodes, it does not verify.
      const forged = signatureOf(round + 1_000_000);
      return send(200, { round, randomness: beaconRandomness(forged), signature: forged });
    }
    return send(200, { round, randomness: beaconRandomness(signature), signature });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    chain,
    secretKey,
    info: infoOfChain(chain),
    signatureOf,
    currentRound,
    holdFrom: (round) => {
      heldFrom = round;
    },
    release: () => {
      heldFrom = Number.POSITIVE_INFINITY;
    },
    behave: (next) => {
      behaviour = next;
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
