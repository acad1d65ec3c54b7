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

/** pf2 tables: the commitment a round's bet requests carry (Pf2Keeper draws and keeps the secret behind it). */
export type CommitmentSource = { commitmentFor: (round: number) => string | null };

export function createPlayerCommands(
  store: PlayerStore,
  sink: RequestSink,
  makeId: () => string = randomId,
  pf2: CommitmentSource | null = null,
): PlayerCommands {
  const complain = (message: string): void => store.dispatch({ type: 'toast', tone: 'error', message });
  const submit = <T extends PendingRequest>(plan: Plan<T>): void => {
    if (!plan.ok) return complain(plan.reason);
    for (const request of plan.requests) sink.request(request);
  };
  const placeBets = (wanted: WantedBet[]): void => {
    const plan = planPlacement(store.getState(), wanted, makeId);
    if (!plan.ok || store.getState().table?.fairness !== 'pf2') return submit(plan);
    // PF2.md §2: every bet request of the round carries the same commitment; resends from the outbox keep it.
    const round = plan.requests[0]?.round;
    const commitment = round === undefined ? null : (pf2?.commitmentFor(round) ?? null);
    if (commitment === null) return complain('This table needs your round commitment, which is not ready yet: try again in a moment');
    submit({ ok: true, requests: plan.requests.map((request) => ({ ...request, commitment })) });
  };

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
