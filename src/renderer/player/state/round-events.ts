// A round's life on this page: the table's round events (opened, last call,
// closed, result, settled, voided) and my own settlement of it.
import { Limits, type HistoryEntry, type PlayerSettlement, type TableEvent } from '../../../shared/protocol.ts';
import type { PlayerState, WantedBet } from './player-state.ts';
import { recordFromView, updateRound, upsertRound } from './round-log.ts';
import { changeRound } from './state-changes.ts';

/** The event of the given kind(s). */
export type EventOf<Kind extends TableEvent['kind']> = Extract<TableEvent, { kind: Kind }>;
type RoundEvent = EventOf<'round.opened' | 'round.last_call' | 'round.closed' | 'round.result' | 'round.settled' | 'round.voided'>;

export function applyRoundEvent(state: PlayerState, event: RoundEvent, at: number): PlayerState {
  switch (event.kind) {
    case 'round.opened':
      return openRound(state, event);
    case 'round.last_call':
      return changeRound(
        state,
        event.round,
        (view) => ({ ...view, lastCall: true, closesAt: event.closesAt }),
        (record) => record,
      );
    case 'round.closed':
      return changeRound(
        state,
        event.round,
        (view) => ({ ...view, phase: 'closed' }),
        (record) => ({ ...record, phase: 'closed' }),
      );
    case 'round.result':
      return revealResult(state, event, at);
    case 'round.settled':
      return settleRound(state, event);
    case 'round.voided':
      return voidRound(state, event);
  }
}

/** My own result of a round, sent to me alone (the broadcast only carries the biggest payouts). */
export function applySettlement(state: PlayerState, settlement: PlayerSettlement): PlayerState {
  return {
    ...state,
    lastSettlement:
      state.lastSettlement !== null && state.lastSettlement.round > settlement.round ? state.lastSettlement : settlement,
    rounds: updateRound(state.rounds, settlement.round, (record) => ({
      ...record,
      myStakeMinor: settlement.stakeMinor,
      myPayoutMinor: settlement.payoutMinor,
    })),
  };
}

function openRound(state: PlayerState, event: EventOf<'round.opened'>): PlayerState {
  const view = {
    round: event.round,
    phase: 'betting' as const,
    commitment: event.commitment,
    chainIndex: event.chainIndex,
    closesAt: event.closesAt,
    lastCall: false,
    clientSeeds: [],
    outcome: null,
    serverSeed: null,
    clientString: null,
    blackjack: null,
  };
  return {
    ...state,
    round: view,
    blackjackTurnAt: null,
    commitment: event.commitment,
    bets: [],
    betCount: 0,
    spotTotals: {},
    placements: [],
    rounds: upsertRound(state.rounds, recordFromView(view)),
  };
}

function revealResult(state: PlayerState, event: EventOf<'round.result'>, at: number): PlayerState {
  const revealed = {
    phase: 'result' as const,
    outcome: event.outcome,
    serverSeed: event.serverSeed,
    clientString: event.clientString,
  };
  const known = state.rounds.some((record) => record.round === event.round);
  const rounds = known
    ? updateRound(state.rounds, event.round, (record) => ({ ...record, ...revealed }))
    : upsertRound(state.rounds, {
        round: event.round,
        commitment: event.commitment,
        chainIndex: event.chainIndex,
        clientSeeds: [],
        myStakeMinor: null,
        myPayoutMinor: null,
        voidReason: null,
        ...revealed,
      });
  const entry: HistoryEntry = { round: event.round, outcome: event.outcome, settledAt: at };
  return {
    ...state,
    round: state.round?.round === event.round ? { ...state.round, ...revealed } : state.round,
    rounds,
    history: [entry, ...state.history.filter((old) => old.round !== event.round)].slice(0, Limits.historyLength),
  };
}

function settleRound(state: PlayerState, event: EventOf<'round.settled'>): PlayerState {
  const isLive = state.round?.round === event.round;
  const mine = isLive ? myBetsOf(state) : [];
  // With bets of mine, my payout comes in a private settlement message; without, it is nothing.
  const nothingOfMine = isLive && mine.length === 0;
  const settled = changeRound(
    state,
    event.round,
    (view) => ({ ...view, phase: 'settled' }),
    (record) =>
      nothingOfMine && record.myPayoutMinor === null
        ? { ...record, phase: 'settled', myStakeMinor: 0, myPayoutMinor: 0 }
        : { ...record, phase: 'settled' },
  );
  return {
    ...settled,
    spotTotals: {},
    lastRoundBets: mine.length > 0 ? mine : state.lastRoundBets,
  };
}

function voidRound(state: PlayerState, event: EventOf<'round.voided'>): PlayerState {
  const isLive = state.round?.round === event.round;
  const stake = isLive ? sumOf(myBetsOf(state)) : 0;
  const voided = changeRound(
    state,
    event.round,
    (view) => ({ ...view, phase: 'voided' }),
    (record) => ({
      ...record,
      phase: 'voided',
      myStakeMinor: stake,
      // Every stake comes back on a void.
      myPayoutMinor: stake,
      voidReason: event.reason,
    }),
  );
  // A voided round has no valid outcome, so it must not count towards hot and cold numbers.
  return { ...voided, spotTotals: {}, history: state.history.filter((entry) => entry.round !== event.round) };
}

function myBetsOf(state: PlayerState): WantedBet[] {
  const playerId = state.identity?.playerId;
  return state.bets
    .filter((bet) => bet.playerId === playerId)
    .map((bet) => ({ spot: bet.spot, amountMinor: bet.amountMinor }));
}

function sumOf(bets: readonly WantedBet[]): number {
  return bets.reduce((total, bet) => total + bet.amountMinor, 0);
}
