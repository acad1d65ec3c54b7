// Views derived from PlayerState that several components need. Pure, so the
// numbers on screen (chips per spot, stakes, who bet what) are unit-testable.
import type { BetRequest, Outcome, Phase, PlacedBet } from '../../../shared/protocol.ts';
import { pendingBetsOfRound } from './outbox.ts';
import type { PlayerState, RoundRecord, WantedBet } from './player-state.ts';

export type SpotStake = { confirmedMinor: number; pendingMinor: number; othersMinor: number };

export type PlayerBets = { playerId: string; name: string; isMe: boolean; totalMinor: number; bets: WantedBet[] };

export function phaseOf(state: PlayerState): Phase {
  return state.round?.phase ?? 'idle';
}

/** Bets can be made (and are queued while reconnecting) only while the live round takes them. */
export function canBet(state: PlayerState): boolean {
  return (
    state.round?.phase === 'betting' && !state.tableClosed && state.connection.state !== 'closed' && state.identity !== null
  );
}

export function myConfirmedBets(state: PlayerState): PlacedBet[] {
  const playerId = state.identity?.playerId;
  return state.bets.filter((bet) => bet.playerId === playerId);
}

export function myPendingBets(state: PlayerState): BetRequest[] {
  if (state.round === null) return [];
  return pendingBetsOfRound(state.outbox, state.round.round, new Set(state.bets.map((bet) => bet.betId)));
}

export function totalOf(bets: readonly { amountMinor: number }[]): number {
  return bets.reduce((total, bet) => total + bet.amountMinor, 0);
}

/**
 * Per spot: my confirmed stake, my stake still in flight, and everyone
 * else's. Others' stakes come from the server's spot totals (a busy table
 * does not send every bet), less mine; right after my ack the totals may not
 * include my bet yet, hence the floor at zero.
 */
export function spotStakes(state: PlayerState): Map<string, SpotStake> {
  const stakes = new Map<string, SpotStake>();
  const entry = (spot: string): SpotStake => {
    let stake = stakes.get(spot);
    if (!stake) {
      stake = { confirmedMinor: 0, pendingMinor: 0, othersMinor: 0 };
      stakes.set(spot, stake);
    }
    return stake;
  };
  for (const bet of myConfirmedBets(state)) entry(bet.spot).confirmedMinor += bet.amountMinor;
  for (const bet of myPendingBets(state)) entry(bet.spot).pendingMinor += bet.amountMinor;
  for (const [spot, totalMinor] of Object.entries(state.spotTotals)) {
    const stake = entry(spot);
    stake.othersMinor = Math.max(0, totalMinor - stake.confirmedMinor);
  }
  return stakes;
}

/** Adds up bets on the same spot, keeping the order in which spots were first bet. */
export function aggregateBySpot(bets: readonly WantedBet[]): WantedBet[] {
  const totals = new Map<string, number>();
  for (const bet of bets) totals.set(bet.spot, (totals.get(bet.spot) ?? 0) + bet.amountMinor);
  return [...totals].map(([spot, amountMinor]) => ({ spot, amountMinor }));
}

/** Everyone's confirmed bets of the live round, grouped by player, me first, then by stake. */
export function betsByPlayer(state: PlayerState): PlayerBets[] {
  const groups = new Map<string, { name: string; bets: WantedBet[] }>();
  for (const bet of state.bets) {
    const group = groups.get(bet.playerId) ?? { name: bet.playerName, bets: [] };
    group.bets.push({ spot: bet.spot, amountMinor: bet.amountMinor });
    groups.set(bet.playerId, group);
  }
  const me = state.identity?.playerId;
  return [...groups]
    .map(([playerId, group]) => {
      const bets = aggregateBySpot(group.bets);
      return { playerId, name: group.name, isMe: playerId === me, totalMinor: totalOf(bets), bets };
    })
    .sort((a, b) => Number(b.isMe) - Number(a.isMe) || b.totalMinor - a.totalMinor || a.name.localeCompare(b.name));
}

/** The last outcome and what it paid me (payout null while my settlement is on its way). */
export type ResultView = {
  round: number;
  outcome: Outcome;
  phase: Phase;
  myStakeMinor: number | null;
  myPayoutMinor: number | null;
};

/**
 * The newest round with a known outcome: one this page saw live, or, right
 * after a (re)load, the newest of the table's history. For a history round
 * the server's lastSettlement tells my result: it is for the last round I bet
 * on, so a newer round is one I did not play.
 */
export function lastResult(state: PlayerState): ResultView | null {
  const record: RoundRecord | undefined = state.rounds.find((candidate) => candidate.outcome !== null);
  const entry = state.history[0];
  if (record?.outcome && (entry === undefined || record.round >= entry.round)) {
    return { ...record, outcome: record.outcome };
  }
  if (entry === undefined) return null;
  const settlement = state.lastSettlement;
  const mine = settlement !== null && settlement.round === entry.round ? settlement : null;
  const played = settlement !== null && settlement.round >= entry.round;
  return {
    round: entry.round,
    outcome: entry.outcome,
    phase: 'settled',
    myStakeMinor: mine ? mine.stakeMinor : played ? null : 0,
    myPayoutMinor: mine ? mine.payoutMinor : played ? null : 0,
  };
}

/** Now, on the server's clock (closesAt is server time). */
export function serverNow(state: PlayerState, localNow: number): number {
  return localNow + state.clockOffsetMs;
}

export function playerName(state: PlayerState, playerId: string): string {
  return (
    state.players.find((player) => player.playerId === playerId)?.name ??
    state.bets.find((bet) => bet.playerId === playerId)?.playerName ??
    (playerId === state.identity?.playerId ? state.identity.name : playerId.slice(0, 8))
  );
}
