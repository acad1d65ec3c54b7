// What the buttons on the page do: plan the request against the current
// state (limits, balance, phase), then hand it to the connection, or explain
// in a toast why not.
import { clientSeedSchema } from '../../../shared/protocol.ts';
import { randomId } from '../lib/random-id.ts';
import type { BlackjackDecisionAction } from '../lib/blackjack-table.ts';
import {
  doubleBets,
  planCancel,
  planDecision,
  planPlacement,
  rebetBets,
  undoBetIds,
  type Plan,
} from '../state/bet-plan.ts';
import type { PendingRequest, WantedBet } from '../state/player-state.ts';
import type { PlayerStore } from '../state/store.ts';

export type PlayerCommands = {
  placeBets: (wanted: WantedBet[]) => void;
  rebet: () => void;
  double: () => void;
  undo: () => void;
  clear: () => void;
  /** Blackjack: hit, stand, double, split for my seat's hand in turn, or insure / decline. */
  decide: (seat: number, hand: number, action: BlackjackDecisionAction) => void;
  setClientSeed: (clientSeed: string) => void;
  dismissToast: (id: number) => void;
  retryConnection: () => void;
};

export type RequestSink = { request: (request: PendingRequest) => void; retryNow: () => void };

export function createPlayerCommands(store: PlayerStore, sink: RequestSink, makeId: () => string = randomId): PlayerCommands {
  const complain = (message: string): void => store.dispatch({ type: 'toast', tone: 'error', message });
  const submit = <T extends PendingRequest>(plan: Plan<T>): void => {
    if (!plan.ok) return complain(plan.reason);
    for (const request of plan.requests) sink.request(request);
  };
  const placeBets = (wanted: WantedBet[]): void => submit(planPlacement(store.getState(), wanted, makeId));

  return {
    placeBets,
    rebet: () => {
      const wanted = rebetBets(store.getState());
      if (wanted.length === 0) return complain('No bets from a previous round to repeat');
      placeBets(wanted);
    },
    double: () => {
      const wanted = doubleBets(store.getState());
      if (wanted.length === 0) return complain('Place a bet first, then double it');
      placeBets(wanted);
    },
    undo: () => {
      const betIds = undoBetIds(store.getState());
      if (betIds.length === 0) return complain('No confirmed bet to undo');
      submit(planCancel(store.getState(), betIds, makeId));
    },
    // No bet ids: the server takes back all of mine this round, including any still in flight before it.
    clear: () => submit(planCancel(store.getState(), [], makeId)),
    decide: (seat, hand, action) => submit(planDecision(store.getState(), { seat, hand, action }, makeId)),
    setClientSeed: (clientSeed) => {
      const parsed = clientSeedSchema.safeParse(clientSeed);
      if (!parsed.success) return complain('A client seed is 1–64 letters, digits, _ or -');
      sink.request({ kind: 'seed.set', requestId: makeId(), clientSeed: parsed.data });
    },
    dismissToast: (id) => store.dispatch({ type: 'toast-dismissed', id }),
    retryConnection: () => sink.retryNow(),
  };
}
