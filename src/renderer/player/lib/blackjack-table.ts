// The blackjack table as the page draws it: seven seats, who sits where, my
// chips and everyone's on each seat's circle and behind box, each seat's
// hands (from the live play while seats decide, from the outcome once the
// round is over), the dealer's cards with the hole card face down until the
// dealer plays, and the decision I owe the table now, if any. Pure, so the
// whole table can be checked without a browser.
import type { BlackjackOutcome, BlackjackPlay, ClientMessage, Outcome, PlacedBet } from '../../../shared/protocol.ts';
import { isBlackjackOutcome, type BlackjackHandResult, type BlackjackPlayAction } from '../../../shared/games/blackjack.ts';
import { blackjackSpotId, parseBlackjackSpot } from '../../../shared/games/blackjack-spots.ts';
import { chartPlayedHands, type BehindHand, type ChartReason } from '../../../shared/games/blackjack-words.ts';
import type { PlayerState } from '../state/player-state.ts';
import { spotStakes, type SpotStake } from '../state/selectors.ts';
import { parseCard } from './cards.ts';

export const BLACKJACK_SEAT_NUMBERS = [1, 2, 3, 4, 5, 6, 7] as const;

export type { BlackjackHandResult, BlackjackPlayAction };
/** What a player may send for their seat: a play, or an answer to insurance. */
export type BlackjackDecisionAction = Extract<ClientMessage, { kind: 'blackjack.decide' }>['action'];

export const seatSpot = blackjackSpotId.seat;
export const behindSpot = blackjackSpotId.behind;

/** "7/17" while an ace still counts 11 and the hand is under 21, else the total alone. */
export function handTotalText(total: number, soft: boolean): string {
  return soft && total < 21 ? `${total - 10}/${total}` : String(total);
}

/** Blackjack points of one card as the page shows it, or null for a card name it cannot read. */
export function cardPoints(name: string): number | null {
  const card = parseCard(name);
  if (card === null) return null;
  if (card.rank === 'A') return 1;
  if (card.rank === 'J' || card.rank === 'Q' || card.rank === 'K') return 10;
  return Number(card.rank);
}

/** What the dealer's up card alone shows: "1/11" for an ace. */
export function upCardText(name: string): string {
  const points = cardPoints(name);
  if (points === null) return '';
  return points === 1 ? '1/11' : String(points);
}

// ---------------------------------------------------------------- the table

export type TableHand = {
  hand: number;
  cards: string[];
  total: number;
  soft: boolean;
  doubled: boolean;
  /** Set once the round is over. */
  result: BlackjackHandResult | null;
  /** A two-card 21 as dealt (not after a split). */
  natural: boolean;
  isTurn: boolean;
};

export type TableSeat = {
  seat: number;
  ownerId: string | null;
  ownerName: string | null;
  mine: boolean;
  main: SpotStake;
  behind: SpotStake;
  insured: boolean;
  hands: TableHand[];
  /** It is this seat's decision now (its hand, or insurance). */
  isTurn: boolean;
  /** Insurance is offered to this seat and it has not answered yet. */
  insurancePending: boolean;
  /** pf2, once the round is over: the hand the chart played for the bets behind this seat, when there were any. */
  behindHand: BehindHand | null;
  /** pf2, once the round is over: the seat's hands the chart played because the timer ran out or the owner was away. */
  chartPlayed: { hand: number; reason: ChartReason }[];
};

export type DealerView = {
  cards: string[];
  /** The hole card lies face down (the seats are still deciding). */
  holeDown: boolean;
  /** The dealer's final total, once the hole card is turned; null before. */
  total: number | null;
  blackjack: boolean;
  /** What the up card alone shows while the hole card is down. */
  showing: string | null;
};

export type BlackjackTableView = {
  dealer: DealerView;
  seats: TableSeat[];
  turn: BlackjackPlay['turn'] | null;
  deadline: number | null;
  /** The round's outcome, once it is over. */
  outcome: BlackjackOutcome | null;
};

const NO_STAKE: SpotStake = { confirmedMinor: 0, pendingMinor: 0, othersMinor: 0 };

/** The live play of the current round, while there is one to show. */
export function livePlay(state: PlayerState): BlackjackPlay | null {
  const round = state.round;
  if (round === null || round.phase === 'betting' || round.phase === 'voided') return null;
  return round.blackjack ?? null;
}

/** The live round's outcome while it is on show (result or settled). */
export function shownBlackjackOutcome(state: PlayerState): BlackjackOutcome | null {
  const round = state.round;
  if (round === null || (round.phase !== 'result' && round.phase !== 'settled')) return null;
  const outcome: Outcome | null = round.outcome;
  return outcome !== null && isBlackjackOutcome(outcome) ? outcome : null;
}

/**
 * Who sits where before the deal: the player who bet a seat's main spot
 * first owns it for the round, and only its owner has main bets on it, so
 * any main bet on it names the owner.
 */
export function seatOwners(bets: readonly PlacedBet[]): Map<number, { playerId: string; name: string }> {
  const owners = new Map<number, { playerId: string; name: string }>();
  for (const bet of bets) {
    const spot = parseBlackjackSpot(bet.spot);
    if (spot?.kind === 'seat' && !owners.has(spot.seat)) owners.set(spot.seat, { playerId: bet.playerId, name: bet.playerName });
  }
  return owners;
}

export function blackjackTable(state: PlayerState): BlackjackTableView {
  const play = livePlay(state);
  const outcome = shownBlackjackOutcome(state);
  const stakes = spotStakes(state);
  const me = state.identity?.playerId ?? null;
  // The live spot totals are cleared at settlement; the bets still say what lay on each seat until the next round.
  const othersKnown = new Map<string, number>();
  for (const bet of state.bets) if (bet.playerId !== me) othersKnown.set(bet.spot, (othersKnown.get(bet.spot) ?? 0) + bet.amountMinor);
  const stakeOn = (spot: string): SpotStake => {
    const stake = stakes.get(spot) ?? NO_STAKE;
    return { ...stake, othersMinor: Math.max(stake.othersMinor, othersKnown.get(spot) ?? 0) };
  };
  const owners = seatOwners(state.bets);
  const turn = outcome === null ? (play?.turn ?? null) : null;
  // pf1 records timeouts too, but there a timed-out hand just stood: only pf2's chart play is worth saying.
  const chartHands = outcome !== null && state.table?.fairness === 'pf2' ? chartPlayedHands(outcome) : [];

  const seats = BLACKJACK_SEAT_NUMBERS.map((seat): TableSeat => {
    const dealt = play?.seats.find((candidate) => candidate.seat === seat);
    const settled = outcome?.seats.find((candidate) => candidate.seat === seat);
    const betOwner = owners.get(seat);
    const ownerId = dealt?.ownerId ?? betOwner?.playerId ?? null;
    const ownerName = dealt?.ownerName ?? betOwner?.name ?? null;
    const main = stakeOn(seatSpot(seat));
    const insurancePending = turn?.phase === 'insurance' && turn.seats.includes(seat);
    const handTurn = turn?.phase === 'play' && turn.seat === seat ? turn.hand : null;
    const splitSeat = (settled?.hands.length ?? dealt?.hands.length ?? 0) > 1;
    const hands: TableHand[] = settled
      ? settled.hands.map((hand, index) => ({
          hand: index,
          cards: hand.cards,
          total: hand.total,
          soft: false,
          doubled: hand.doubled,
          result: hand.result,
          natural: !splitSeat && hand.cards.length === 2 && hand.total === 21,
          isTurn: false,
        }))
      : (dealt?.hands ?? []).map((hand, index) => ({
          hand: index,
          cards: hand.cards,
          total: hand.total,
          soft: hand.soft,
          doubled: hand.doubled,
          result: null,
          natural: !splitSeat && hand.cards.length === 2 && hand.total === 21,
          isTurn: handTurn === index,
        }));
    const behind = stakeOn(behindSpot(seat));
    const betBehind = behind.confirmedMinor + behind.pendingMinor + behind.othersMinor > 0;
    return {
      seat,
      ownerId,
      ownerName,
      mine: ownerId !== null && ownerId === me,
      main,
      behind,
      insured: settled?.insured ?? dealt?.insured ?? false,
      hands,
      isTurn: insurancePending || handTurn !== null,
      insurancePending,
      behindHand: betBehind ? (settled?.behind ?? null) : null,
      chartPlayed: chartHands.filter((played) => played.seat === seat).map(({ hand, reason }) => ({ hand, reason })),
    };
  });

  return { dealer: dealerView(play, outcome), seats, turn, deadline: turn === null ? null : (play?.deadline ?? null), outcome };
}

function dealerView(play: BlackjackPlay | null, outcome: BlackjackOutcome | null): DealerView {
  if (outcome !== null) {
    return { cards: outcome.dealer.cards, holeDown: false, total: outcome.dealer.total, blackjack: outcome.dealer.blackjack, showing: null };
  }
  if (play === null || play.dealer.length === 0) return { cards: [], holeDown: false, total: null, blackjack: false, showing: null };
  const [up] = play.dealer;
  // While the seats decide the server sends the up card only; the hole card is on the felt, face down.
  const holeDown = play.dealer.length === 1;
  return { cards: play.dealer, holeDown, total: null, blackjack: false, showing: up === undefined ? null : upCardText(up) };
}

// ---------------------------------------------------------------- my decisions

export type OwedDecision =
  | { phase: 'play'; round: number; seat: number; hand: number; actions: BlackjackPlayAction[]; deadline: number | null }
  | { phase: 'insurance'; round: number; seats: number[]; deadline: number | null };

/** The decision the table waits for from me now, or null (someone else's turn, or none at all). */
export function owedDecision(state: PlayerState): OwedDecision | null {
  const round = state.round;
  const play = livePlay(state);
  const me = state.identity?.playerId;
  if (round === null || round.phase !== 'playing' || play === null || me === undefined) return null;
  const mySeats = new Set(play.seats.filter((seat) => seat.ownerId === me).map((seat) => seat.seat));
  const turn = play.turn;
  if (turn.phase === 'play' && mySeats.has(turn.seat)) {
    return { phase: 'play', round: round.round, seat: turn.seat, hand: turn.hand, actions: turn.actions, deadline: play.deadline };
  }
  if (turn.phase === 'insurance') {
    const seats = turn.seats.filter((seat) => mySeats.has(seat));
    if (seats.length > 0) return { phase: 'insurance', round: round.round, seats, deadline: play.deadline };
  }
  return null;
}

/** Whose turn it is, in words, for everyone at the table. */
export function turnText(play: BlackjackPlay | null): string {
  if (play === null) return '';
  const turn = play.turn;
  if (turn.phase === 'done') return 'Dealer plays';
  if (turn.phase === 'insurance') return 'Insurance?';
  const seat = play.seats.find((candidate) => candidate.seat === turn.seat);
  const name = seat?.ownerName ?? `Seat ${turn.seat}`;
  const split = (seat?.hands.length ?? 0) > 1 ? ` · hand ${turn.hand + 1}` : '';
  return `${name} · seat ${turn.seat}${split}`;
}

// ---------------------------------------------------------------- results

export const RESULT_TEXT: Record<BlackjackHandResult, string> = {
  blackjack: 'Blackjack',
  win: 'Win',
  push: 'Push',
  lose: 'Lose',
};

/** The dealer's hand in a few words: "Dealer blackjack", "Dealer busts 24", "Dealer 19". */
export function dealerVerdict(outcome: BlackjackOutcome): string {
  if (outcome.dealer.blackjack) return 'Dealer blackjack';
  if (outcome.dealer.total > 21) return `Dealer busts ${outcome.dealer.total}`;
  return `Dealer ${outcome.dealer.total}`;
}

/** My seats' hands and how they ended, seat order, for the result banner. */
export function myHandResults(
  outcome: BlackjackOutcome,
  mySeats: ReadonlySet<number>,
): { seat: number; hand: number; total: number; result: BlackjackHandResult; split: boolean }[] {
  return outcome.seats
    .filter((seat) => mySeats.has(seat.seat))
    .flatMap((seat) =>
      seat.hands.map((hand, index) => ({ seat: seat.seat, hand: index, total: hand.total, result: hand.result, split: seat.hands.length > 1 })),
    );
}

/** My bets of a round, when this page still knows them: the live round's, or the last round I played (for Rebet). */
export function myBlackjackSpots(state: PlayerState, round: number): string[] {
  const me = state.identity?.playerId;
  if (state.round?.round === round) return state.bets.filter((bet) => bet.playerId === me).map((bet) => bet.spot);
  if (state.lastSettlement?.round === round) return state.lastRoundBets.map((bet) => bet.spot);
  return [];
}
