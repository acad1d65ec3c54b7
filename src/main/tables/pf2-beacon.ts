// A pf2 round's public beacon (docs/PF2.md §6): the round R its freeze fixes
// (R′ after a resume), and the wait for R's value once the reveal set is
// closed. Fetching and checking the value is the beacon source's job
// (src/main/beacon); this file keeps the table's side: the value is made
// durable before the round draws from it, a value late past its emission
// is announced with the time the round started waiting, and a stopped table
// stops waiting (the next start waits again). A round that has frozen under
// a beacon always waits for it: it is never voided, and never drawn without it.
import { BEACON_MARGIN_MS, beaconEmittedAt, beaconFixedBy, beaconRoundFor, type BeaconSchedule } from '../../shared/fairness/pf2-beacon.ts';
import { beaconRandomness } from '../../shared/fairness/pf2-beacon-signature.ts';
import type { RoundBeacon } from '../../shared/protocol.ts';

/** Where a table's beacon values come from: one drand chain, fetched from relays and checked before it answers. */
export type BeaconSource = {
  chain: BeaconSchedule & { chainHash: string };
  /**
   * The checked value (BLS signature, 96 hex digits) of beacon round
   * `round`, asked from its emission time on and retried until obtained;
   * `late` hears each failed attempt. Null once `signal` aborts. Never rejects.
   */
  waitFor(round: number, options: { signal: AbortSignal; late: (problems: readonly string[]) => void }): Promise<string | null>;
};

/** A frozen round's beacon, as the table holds it. */
export type FrozenBeacon = {
  chain: string;
  round: number;
  /** When the beacon round is emitted, epoch ms. */
  emitsAt: number;
  signature: string | null;
  randomness: string | null;
  /** Set once the value is late past its emission (with a little slack), until it arrives. */
  waitingSince: number | null;
};

/** A value not in this long after its emission is late: relays publish a round a few hundred ms after its time. */
export const beaconLateAfterMs = 2_000;

/** R (or R′) for a freeze or a resume at `at` (PF2.md §6), with its emission time. */
export function fixBeacon(chain: BeaconSource['chain'], at: number, revealWindowMs: number): FrozenBeacon {
  const round = beaconRoundFor(at, revealWindowMs, chain);
  return { chain: chain.chainHash, round, emitsAt: beaconEmittedAt(round, chain) * 1000, signature: null, randomness: null, waitingSince: null };
}

/** Whether a reveal set closed at `at` still precedes the beacon's emission by the margin §6 demands. */
export function closesInTime(beacon: FrozenBeacon | null, at: number): boolean {
  return beacon === null || at <= beacon.emitsAt - BEACON_MARGIN_MS;
}

export function withValue(beacon: FrozenBeacon, signature: string): FrozenBeacon {
  return { ...beacon, signature, randomness: beaconRandomness(signature), waitingSince: null };
}

export function beaconView(beacon: FrozenBeacon): RoundBeacon {
  const { chain, round, emitsAt, signature, waitingSince } = beacon;
  return { chain, round, emitsAt, signature, waitingSince };
}

export type BeaconWaitHost = {
  source: BeaconSource | null;
  now(): number;
  /** The value is late: tell the table's watchers since when the round waits. */
  late(beacon: FrozenBeacon): void;
  /** Makes the value durable and resolves the round; false when the round is no longer the table's. */
  arrived(signature: string): void;
  /** Something other than the network failed (the database): the round stays waiting until the next start. */
  failed(error: unknown): void;
};

/**
 * One round's wait for its beacon value. Started once the reveal set is
 * durable; stop() aborts it (a table stopping: the next start waits again).
 */
export class BeaconWait {
  readonly #controller = new AbortController();

  constructor(beacon: FrozenBeacon, host: BeaconWaitHost) {
    const source = host.source;
    if (source === null || source.chain.chainHash !== beacon.chain) {
      host.failed(new Error(`this server fetches no beacon of chain ${beacon.chain}: start it with that chain to resolve the round`));
      return;
    }
    const late = (): void => {
      if (beacon.waitingSince !== null || host.now() < beacon.emitsAt + beaconLateAfterMs) return;
      beacon.waitingSince = host.now();
      host.late(beacon);
    };
    void source.waitFor(beacon.round, { signal: this.#controller.signal, late }).then((signature) => {
      if (signature === null || this.#controller.signal.aborted) return;
      try {
        host.arrived(signature);
      } catch (error) {
        host.failed(error);
      }
    });
  }

  stop(): void {
    this.#controller.abort();
  }
}

/**
 * A frozen round's beacon as the database holds it, for recovery and
 * proofs: the chain its signed freeze named, the round the last resume
 * (else the freeze) fixed, and the value if it was obtained. `chain` is the
 * schedule this server fetches; a round of another chain keeps its round but
 * cannot be timed (emitsAt 0) and waits until the server is started with its chain.
 */
export function recoveredBeacon(
  statements: { freeze: Record<string, unknown>; resumes: readonly Record<string, unknown>[] },
  value: { beaconRound: number; signature: string } | null,
  chain: BeaconSource['chain'] | null,
): FrozenBeacon | null {
  const fixed = beaconFixedBy(statements.freeze, statements.resumes);
  if (fixed === null) return null;
  const emitsAt = chain !== null && chain.chainHash === fixed.chain ? beaconEmittedAt(fixed.round, chain) * 1000 : 0;
  const beacon: FrozenBeacon = { chain: fixed.chain, round: fixed.round, emitsAt, signature: null, randomness: null, waitingSince: null };
  return value !== null && value.beaconRound === fixed.round ? withValue(beacon, value.signature) : beacon;
}
