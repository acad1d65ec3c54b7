// The extra stakes of a blackjack round (docs/audit-format.md §6, "Extra
// stakes"): a double, a split or insurance is booked by the server as a bet
// row of its own, and each row's payout follows from the outcome alone. The
// paytable can only say what a row is worth, not whether it should exist: a
// forger could add an insurance row for a seat that never insured, drop the
// row of a double (the hand then paid on one stake), or book a double at ten
// times the seat's bet. So every extra-stake row is matched one to one with a
// recorded decision, at the amount the rules price it. Pure, record-local.
import { Check, type Finding } from '../../shared/audit-api.ts';
import { BetStatus, RoundStatus, type BetRecord, type RoundRecord } from '../../shared/audit-record.ts';
import { blackjackExtraStakeMinor, isBlackjackOutcome, type BlackjackAction } from '../../shared/games/blackjack.ts';
import { parseBlackjackSpot, blackjackSpotId } from '../../shared/games/blackjack-spots.ts';
import { SERVER_BET_ID_PREFIX } from '../../shared/protocol/client-messages.ts';
import type { Outcome } from '../../shared/protocol.ts';

/** What a record's extra stakes break: per bet (by its index in `bets`), and decisions whose stake is missing. */
export type StakeFindings = { bets: Map<number, Finding>; missing: Finding[] };

type Seat = { mainMinor: number; owner: string };

/** The decision action that books a stake on each kind of extra spot. */
const actionOfSpot = { double: 'double', split: 'split', insurance: 'insure' } as const;

/** The spot a decision's stake goes on, or null for a decision that stakes nothing. */
function spotOfDecision(seat: number, hand: number, action: BlackjackAction): string | null {
  if (action === 'double') return blackjackSpotId.double(seat, hand);
  if (action === 'split') return blackjackSpotId.split(seat);
  if (action === 'insure') return blackjackSpotId.insurance(seat);
  return null;
}

/** The server's bet id for an extra stake: `__bj-r<roundRowId>-<spot with : as ->`. */
export function extraStakeBetId(roundRowId: number, spot: string): string {
  return `${SERVER_BET_ID_PREFIX}bj-r${roundRowId}-${spot.replaceAll(':', '-')}`;
}

/** Each seat's main stake (its live `seat:N` rows, summed) and the player who owns it. */
function seatsOf(bets: readonly BetRecord[]): Map<number, Seat> {
  const seats = new Map<number, Seat>();
  for (const bet of bets) {
    const spot = parseBlackjackSpot(bet.spot);
    if (spot?.kind !== 'seat' || bet.status === BetStatus.Cancelled) continue;
    const seat = seats.get(spot.seat);
    seats.set(spot.seat, { mainMinor: (seat?.mainMinor ?? 0) + bet.amountMinor, owner: seat?.owner ?? bet.playerId });
  }
  return seats;
}

/** The stake spots the recorded decisions call for, each with the decision's index. Null when there are no decisions to read. */
function decidedSpots(record: RoundRecord): Map<string, number> | null {
  const outcome = record.outcome as Outcome | null;
  if (record.status !== RoundStatus.Settled || outcome === null || !isBlackjackOutcome(outcome)) return null;
  const spots = new Map<string, number>();
  outcome.decisions.forEach((decision, index) => {
    const spot = spotOfDecision(decision.seat, decision.hand, decision.action);
    if (spot !== null && !spots.has(spot)) spots.set(spot, index);
  });
  return spots;
}

/** What is wrong with one extra-stake row on its own: its id, status, seat, owner and amount. */
function rowProblem(record: RoundRecord, bet: BetRecord, path: string, seats: Map<number, Seat>): Finding | null {
  const spot = parseBlackjackSpot(bet.spot);
  if (spot === null || spot.kind === 'seat' || spot.kind === 'behind') {
    return { check: Check.Payouts, field: `${path}.betId`, message: `${bet.betId} is a server bet id, but ${JSON.stringify(bet.spot)} is a player's spot` };
  }
  const betId = extraStakeBetId(record.roundRowId, bet.spot);
  if (bet.betId !== betId) return { check: Check.Payouts, field: `${path}.betId`, message: `the stake on ${bet.spot} has the server's bet id ${betId}` };
  if (bet.status === BetStatus.Cancelled) return { check: Check.Payouts, field: `${path}.status`, message: `the stake on ${bet.spot} is booked after betting closed and cannot be taken back` };
  const seat = seats.get(spot.seat);
  if (seat === undefined) return { check: Check.Payouts, field: `${path}.spot`, message: `${bet.spot}: seat ${spot.seat} has no main bet` };
  if (bet.playerId !== seat.owner) return { check: Check.Payouts, field: `${path}.playerId`, message: `${bet.spot} is staked by seat ${spot.seat}'s owner ${seat.owner}` };
  const amountMinor = blackjackExtraStakeMinor(seat.mainMinor, actionOfSpot[spot.kind]);
  if (bet.amountMinor !== amountMinor) {
    return { check: Check.Payouts, field: `${path}.amountMinor`, message: `${bet.spot} costs ${amountMinor} on a main stake of ${seat.mainMinor}` };
  }
  return null;
}

/**
 * Every extra-stake row (a spot `double:N:H`, `split:N`, `insurance:N`, or a
 * bet id beginning `__`) of a blackjack record against the seats' main stakes
 * and, in a settled round, the recorded decisions: one row per decision that
 * stakes something, none without one. A voided round has no outcome to read
 * decisions from; its rows are still checked on their own.
 */
export function checkBlackjackStakes(record: RoundRecord): StakeFindings {
  const found: StakeFindings = { bets: new Map(), missing: [] };
  if (record.game !== 'blackjack') return found;
  const seats = seatsOf(record.bets);
  const decided = decidedSpots(record);
  const staked = new Set<string>();
  record.bets.forEach((bet, index) => {
    const spot = parseBlackjackSpot(bet.spot);
    const extra = spot !== null && spot.kind !== 'seat' && spot.kind !== 'behind';
    if (!extra && !bet.betId.startsWith(SERVER_BET_ID_PREFIX)) return;
    const path = `bets[${index}]`;
    const problem =
      rowProblem(record, bet, path, seats) ??
      (staked.has(bet.spot) ? { check: Check.Payouts, field: `${path}.spot`, message: `a second stake on ${bet.spot}` } : null) ??
      (decided !== null && !decided.has(bet.spot)
        ? { check: Check.Payouts, field: `${path}.spot`, message: `a stake on ${bet.spot}, but the recorded decisions make no such decision` }
        : null);
    staked.add(bet.spot);
    if (problem) found.bets.set(index, problem);
  });
  for (const [spot, index] of decided ?? []) {
    const seat = seats.get(Number(spot.split(':')[1]));
    // Insurance on a 1-unit main bet costs 0: no row is booked for it.
    const costs = seat === undefined || blackjackExtraStakeMinor(seat.mainMinor, actionOfSpot[spot.split(':')[0] as keyof typeof actionOfSpot]) > 0;
    if (costs && !staked.has(spot)) {
      found.missing.push({ check: Check.Payouts, field: `outcome.decisions[${index}]`, message: `this decision stakes ${spot}, and the record has no bet on it` });
    }
  }
  return found;
}
