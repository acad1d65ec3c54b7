// The table's own timer in auto-cycle: last call, then no more bets when the
// announced betting window ends, the draw shortly after, and the next round
// after the result pause. Every timer goes through the table's Timers (one
// injected clock) and checks, when it fires, that the round it was set for is
// still where it was: a dealer who acted first, or a round that moved on, makes
// it a no-op rather than a second action.
import type { TableConfig } from '../../shared/api.ts';
import { Phase } from '../../shared/protocol.ts';
import type { Timers } from './clock.ts';
import type { LiveRound } from './live-round.ts';
import { Cause } from './round-cause.ts';

/** Time between "no more bets" and the draw in auto-cycle, so players see the close. */
export const autoDrawDelayMs = 1_500;

export type AutoCycleHost = {
  round(): LiveRound | null;
  config(): TableConfig;
  /** No round in flight and the table open: a new one may start. */
  mayOpen(): boolean;
  lastCall(round: LiveRound): void;
  open(cause: Cause): void;
  close(cause: Cause): void;
  spin(cause: Cause): void;
};

export class AutoCycle {
  readonly #timers: Timers;
  readonly #host: AutoCycleHost;

  constructor(timers: Timers, host: AutoCycleHost) {
    this.#timers = timers;
    this.#host = host;
  }

  /** Betting opened on `round` at `now`; a round with an announced close gets its last call and its close. */
  bettingOpened(round: LiveRound, now: number): void {
    const { closesAt, number } = round;
    if (closesAt === null) return;
    const config = this.#host.config();
    this.#timers.after(closesAt - config.lastCallMs - now, () => {
      const current = this.#current(number, Phase.Betting);
      if (current) this.#host.lastCall(current);
    });
    this.#timers.after(closesAt - now, () => {
      if (this.#current(number, Phase.Betting)) this.#host.close(Cause.Auto);
    });
  }

  /** Betting closed; when the table's timer closed it, the draw follows. */
  bettingClosed(round: LiveRound, cause: Cause): void {
    if (cause !== Cause.Auto) return;
    const number = round.number;
    this.#timers.after(autoDrawDelayMs, () => {
      if (this.#current(number, Phase.Closed)) this.#host.spin(Cause.Auto);
    });
  }

  /** A round settled or was voided. The system (recovery, shutdown) never starts the next one. */
  roundEnded(cause: Cause): void {
    if (!this.#host.config().autoCycle || !this.#host.mayOpen() || cause === Cause.System) return;
    this.#timers.after(this.#host.config().resultPauseMs, () => {
      if (this.#host.config().autoCycle && this.#host.mayOpen()) this.#host.open(Cause.Auto);
    });
  }

  #current(number: number, phase: Phase): LiveRound | null {
    const round = this.#host.round();
    return round?.number === number && round.phase === phase ? round : null;
  }
}
