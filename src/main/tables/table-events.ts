// A table's event stream: sequence numbers, and the activity batch. Bets,
// take-backs, seeds and arrivals are gathered and published at most every
// `batchMs` (so a busy table costs O(players) messages per interval, not
// O(players × bets)); a phase event publishes the batch before itself, so
// every client sees what happened in causal order and no batch mixes two
// rounds.
import { EventKind, Limits, ServerKind, type PlacedBet, type SeatedPlayer, type ServerMessage, type TableEvent } from '../../shared/protocol.ts';
import type { Clock, TimerHandle } from './clock.ts';

export type EventEnvelope = Extract<ServerMessage, { kind: 'event' }>;

/** What happened at the table since the last activity batch. */
export type Activity = {
  round: number;
  placed: PlacedBet[];
  placedCount: number;
  cancelled: { playerId: string; betIds: string[] }[];
  seeds: { playerId: string; clientSeed: string }[];
  /** Final presence per player in this batch. */
  presence: Map<string, SeatedPlayer>;
};

export type TableEventsOptions = {
  tableId: string;
  clock: Clock;
  batchMs: number;
  publish: (envelope: EventEnvelope) => void;
  /** The spot totals and the present-player count as they are when a batch goes out. */
  spotTotals: () => Record<string, number>;
  playerCount: () => number;
};

function emptyActivity(): Activity {
  return { round: 0, placed: [], placedCount: 0, cancelled: [], seeds: [], presence: new Map() };
}

export class TableEvents {
  readonly #options: TableEventsOptions;
  #seq = 0;
  #activity: Activity = emptyActivity();
  #timer: TimerHandle | null = null;

  constructor(options: TableEventsOptions) {
    this.#options = options;
  }

  /** The seq of the last event published. */
  get seq(): number {
    return this.#seq;
  }

  /** A phase event: whatever activity came before it is published first, so order is kept. */
  emit(event: TableEvent): void {
    this.publishActivity();
    this.#publish(event);
  }

  /** The batch in the making, for the bets of `round` (phase events flush it first, so rounds never mix). */
  activityFor(round: number): Activity {
    this.#activity.round = round;
    return this.#activity;
  }

  placed(round: number, bet: PlacedBet): void {
    const activity = this.activityFor(round);
    activity.placed.push(bet);
    activity.placedCount += 1;
    // Only the newest bets travel in the batch event; spot totals carry the rest.
    if (activity.placed.length > Limits.maxBetsPerEvent) activity.placed.splice(0, activity.placed.length - Limits.maxBetsPerEvent);
  }

  presence(player: SeatedPlayer): void {
    this.#activity.presence.set(player.playerId, player);
    this.schedule();
  }

  /** Publishes the batch within batchMs, if it is not already due. */
  schedule(): void {
    if (this.#timer !== null) return;
    this.#timer = this.#options.clock.after(this.#options.batchMs, () => {
      this.#timer = null;
      this.publishActivity();
    });
  }

  /** Publishes what happened since the last batch, in causal order. */
  publishActivity(): void {
    const activity = this.#activity;
    this.#activity = emptyActivity();
    this.#timer?.cancel();
    this.#timer = null;
    const joined = [...activity.presence.values()].filter((player) => player.connected);
    const left = [...activity.presence.values()].filter((player) => !player.connected).map((player) => player.playerId);
    const { round } = activity;
    const playerCount = joined.length > 0 || left.length > 0 ? this.#options.playerCount() : 0;
    if (joined.length > 0) this.#publish({ kind: EventKind.PlayerJoined, players: joined, playerCount });
    if (activity.seeds.length > 0) this.#publish({ kind: EventKind.SeedRecorded, round, seeds: activity.seeds });
    if (activity.placedCount === 0 && activity.cancelled.length === 0 && left.length === 0) return;
    const spotTotals = this.#options.spotTotals();
    if (activity.placedCount > 0) {
      this.#publish({ kind: EventKind.BetsPlaced, round, bets: activity.placed, betCount: activity.placedCount, spotTotals });
    }
    for (const cancelled of activity.cancelled) this.#publish({ kind: EventKind.BetsCancelled, round, ...cancelled, spotTotals });
    if (left.length > 0) this.#publish({ kind: EventKind.PlayerLeft, playerIds: left, playerCount });
  }

  stop(): void {
    this.#timer?.cancel();
    this.#timer = null;
  }

  #publish(event: TableEvent): void {
    this.#seq += 1;
    this.#options.publish({ kind: ServerKind.Event, tableId: this.#options.tableId, seq: this.#seq, at: this.#options.clock.now(), event });
  }
}
