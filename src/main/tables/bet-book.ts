// The bets of the round in play, in memory: live bets by player and by id,
// each spot's total, how many bets each player placed (taken back ones
// included: churn counts toward the caps), and the newest bets for
// snapshots. It changes only after the transaction that recorded a change
// committed (see bet-queue.ts).
import { Limits } from '../../shared/protocol.ts';

export type LiveBet = {
  rowId: number;
  betId: string;
  playerId: string;
  playerName: string;
  walletAccountId: number;
  spot: string;
  amountMinor: number;
};

export class BetBook {
  /** Live (not taken back) bets by `${playerId}/${betId}`, in placing order. */
  readonly #bets = new Map<string, LiveBet>();
  /** The same bets by player, so one player's checks never scan the whole layout. */
  readonly #byPlayer = new Map<string, Map<string, LiveBet>>();
  readonly #spotTotals = new Map<string, number>();
  readonly #placedByPlayer = new Map<string, number>();
  #placedCount = 0;
  #recent: { version: number; bets: LiveBet[] } | null = null;
  #version = 0;

  /** Bets placed so far, taken back ones included (for a book rebuilt from disk). */
  countPlaced(playerId: string, count: number): void {
    this.#placedByPlayer.set(playerId, (this.#placedByPlayer.get(playerId) ?? 0) + count);
    this.#placedCount += count;
  }

  add(bet: LiveBet): void {
    this.#bets.set(keyOf(bet.playerId, bet.betId), bet);
    let mine = this.#byPlayer.get(bet.playerId);
    if (!mine) {
      mine = new Map();
      this.#byPlayer.set(bet.playerId, mine);
    }
    mine.set(bet.betId, bet);
    this.#spotTotals.set(bet.spot, (this.#spotTotals.get(bet.spot) ?? 0) + bet.amountMinor);
    this.#version += 1;
  }

  remove(bet: LiveBet): void {
    this.#bets.delete(keyOf(bet.playerId, bet.betId));
    this.#byPlayer.get(bet.playerId)?.delete(bet.betId);
    const remaining = (this.#spotTotals.get(bet.spot) ?? 0) - bet.amountMinor;
    if (remaining > 0) this.#spotTotals.set(bet.spot, remaining);
    else this.#spotTotals.delete(bet.spot);
    this.#version += 1;
  }

  get(playerId: string, betId: string): LiveBet | undefined {
    return this.#bets.get(keyOf(playerId, betId));
  }

  /** A player's live bets, in placing order. */
  of(playerId: string): LiveBet[] {
    return [...(this.#byPlayer.get(playerId)?.values() ?? [])];
  }

  first(playerId: string): LiveBet | undefined {
    return this.#byPlayer.get(playerId)?.values().next().value;
  }

  all(): LiveBet[] {
    return [...this.#bets.values()];
  }

  values(): IterableIterator<LiveBet> {
    return this.#bets.values();
  }

  get size(): number {
    return this.#bets.size;
  }

  placedBy(playerId: string): number {
    return this.#placedByPlayer.get(playerId) ?? 0;
  }

  get placedCount(): number {
    return this.#placedCount;
  }

  spotTotals(): Record<string, number> {
    return Object.fromEntries(this.#spotTotals);
  }

  /**
   * The newest live bets, at most Limits.maxSnapshotBets, computed once per
   * change: a reconnect storm of thousands of snapshots must not copy the
   * whole layout thousands of times.
   */
  recent(): LiveBet[] {
    if (this.#recent?.version === this.#version) return this.#recent.bets;
    const bets: LiveBet[] = [];
    let skip = this.#bets.size - Limits.maxSnapshotBets;
    for (const bet of this.#bets.values()) {
      if (skip > 0) {
        skip -= 1;
        continue;
      }
      bets.push(bet);
    }
    this.#recent = { version: this.#version, bets };
    return bets;
  }
}

function keyOf(playerId: string, betId: string): string {
  return `${playerId}/${betId}`;
}
