// The player page's blackjack, without a browser: the table model (who sits
// where, my chips and others', hands from the live play and then from the
// outcome, the dealer's hole card), the reducer's `playing` phase and
// blackjack.turn, the decision I owe and its planning, decisions in the
// outbox across a reconnect, a late ack after the settlement, Rebet without
// the server's stakes, and how spots and totals read.
import { describe, expect, it } from 'vitest';
import type {
  BlackjackOutcome,
  BlackjackPlay,
  PlacedBet,
  ServerMessage,
  TableEvent,
  TableSnapshot,
} from '../../src/shared/protocol.ts';
import { playerReducer, type PlayerAction } from '../../src/renderer/player/state/player-reducer.ts';
import { initialPlayerState, type PendingRequest, type PlayerState } from '../../src/renderer/player/state/player-state.ts';
import { pendingBetsOfRound, reconcileOutbox } from '../../src/renderer/player/state/outbox.ts';
import { doubleBets, pendingDecision, placementProblem, planDecision, rebetBets } from '../../src/renderer/player/state/bet-plan.ts';
import { createPlayerStore } from '../../src/renderer/player/state/store.ts';
import { createPlayerCommands } from '../../src/renderer/player/net/player-commands.ts';
import {
  blackjackTable,
  cardPoints,
  dealerVerdict,
  handTotalText,
  myBlackjackSpots,
  myHandResults,
  owedDecision,
  seatOwners,
  turnText,
  upCardText,
} from '../../src/renderer/player/lib/blackjack-table.ts';
import { revealDelayMs, DEAL_INTERVAL_MS, FLIP_DELAY_MS, FLIP_MS } from '../../src/renderer/player/lib/reveal.ts';
import { spotName } from '../../src/shared/games/spot-names.ts';
import { tableSnapshot } from '../support/player-fixtures.ts';

const ME = { playerId: 'p-me', name: 'Ada', tableId: 't1' };
const BOB = { playerId: 'p-bob', name: 'Bob' };
const limits = { currency: 'EUR', minBetMinor: 100, maxSpotMinor: 50_000, maxRoundMinor: 200_000 };

function snapshot(overrides: Partial<TableSnapshot> = {}): TableSnapshot {
  return tableSnapshot({ table: { name: 'Blackjack', game: 'blackjack', limits }, round: { round: 4, chainIndex: 4 } }, overrides);
}

const server = (message: ServerMessage, receivedAt = 1_000): PlayerAction => ({ type: 'server', message, receivedAt });
const event = (seq: number, body: TableEvent, at = 5_000): PlayerAction => server({ kind: 'event', tableId: 't1', seq, at, event: body });
const run = (state: PlayerState, ...actions: PlayerAction[]): PlayerState => actions.reduce(playerReducer, state);

function seated(overrides: Partial<TableSnapshot> = {}): PlayerState {
  return run(
    initialPlayerState(ME),
    server({ kind: 'welcome', protocol: 'pitboss.v1', reference: 'p-000000000000', statementKey: '0'.repeat(64), playerId: ME.playerId, name: ME.name, tableId: 't1', balanceMinor: 10_000, clientSeed: 's', serverTime: 1_000 }),
    server({ kind: 'snapshot', snapshot: snapshot(overrides) }),
  );
}

const bet = (betId: string, spot: string, amountMinor: number, who: { playerId: string; name: string } = ME): PlacedBet => ({
  betId,
  playerId: who.playerId,
  playerName: who.name,
  spot,
  amountMinor,
});

/** Ada at seat 2 (500), Bob at seat 5 (1000) and behind seat 2 (200). */
const BETS = [bet('a1', 'seat:2', 500), bet('b1', 'seat:5', 1000, BOB), bet('b2', 'behind:2', 200, BOB)];
const TOTALS = { 'seat:2': 500, 'seat:5': 1000, 'behind:2': 200 };

function play(overrides: Partial<BlackjackPlay> = {}): BlackjackPlay {
  return {
    dealer: ['10S'],
    seats: [
      { seat: 2, ownerId: ME.playerId, ownerName: ME.name, insured: false, hands: [{ cards: ['AH', '6D'], total: 17, soft: true, doubled: false }] },
      { seat: 5, ownerId: BOB.playerId, ownerName: BOB.name, insured: false, hands: [{ cards: ['9C', '9D'], total: 18, soft: false, doubled: false }] },
    ],
    turn: { phase: 'play', seat: 2, hand: 0, actions: ['hit', 'stand', 'double'] },
    deadline: 20_000,
    ...overrides,
  };
}

const OUTCOME: BlackjackOutcome = {
  dealer: { cards: ['10S', '7H'], total: 17, blackjack: false },
  seats: [
    { seat: 2, insured: false, hands: [{ cards: ['AH', '6D', '3C'], total: 20, doubled: true, result: 'win' }] },
    { seat: 5, insured: false, hands: [{ cards: ['9C', '9D'], total: 18, doubled: false, result: 'win' }] },
  ],
  decisions: [
    { seat: 2, hand: 0, action: 'double' },
    { seat: 5, hand: 0, action: 'stand' },
  ],
  cards: ['AH', '9C', '10S', '6D', '9D', '7H', '3C'],
};

/** Betting, closed and dealt: Ada to act on her soft 17. */
function dealt(turn: Partial<BlackjackPlay> = {}): PlayerState {
  const state = seated({ bets: BETS, betCount: 3, spotTotals: TOTALS });
  return run(state, event(11, { kind: 'round.closed', round: 4 }), event(12, { kind: 'blackjack.turn', round: 4, ...play(turn) }, 6_000));
}

describe('blackjack: how the table reads', () => {
  it('writes soft totals both ways until 21, and the up card alone', () => {
    expect(handTotalText(17, true)).toBe('7/17');
    expect(handTotalText(21, true)).toBe('21');
    expect(handTotalText(17, false)).toBe('17');
    expect(upCardText('AS')).toBe('1/11');
    expect(upCardText('KD')).toBe('10');
    expect(upCardText('7C')).toBe('7');
    expect(cardPoints('QH')).toBe(10);
    expect(cardPoints('nonsense')).toBeNull();
  });

  it('names every blackjack spot, the server’s own stakes included', () => {
    expect(spotName('seat:3', 'blackjack')).toBe('Seat 3');
    expect(spotName('behind:6', 'blackjack')).toBe('Behind seat 6');
    expect(spotName('double:2:0', 'blackjack')).toBe('Double seat 2');
    expect(spotName('double:2:1', 'blackjack')).toBe('Double seat 2 hand 2');
    expect(spotName('split:4', 'blackjack')).toBe('Split seat 4');
    expect(spotName('insurance:1', 'blackjack')).toBe('Insurance seat 1');
    expect(spotName('seat:9', 'blackjack')).toBe('seat:9');
  });

  it('says how the dealer’s hand ended', () => {
    expect(dealerVerdict(OUTCOME)).toBe('Dealer 17');
    expect(dealerVerdict({ ...OUTCOME, dealer: { cards: ['6S', '10H', 'KD'], total: 26, blackjack: false } })).toBe('Dealer busts 26');
    expect(dealerVerdict({ ...OUTCOME, dealer: { cards: ['AS', 'KD'], total: 21, blackjack: true } })).toBe('Dealer blackjack');
  });

  it('waits for the hole card and each card the dealer draws before showing the results', () => {
    expect(revealDelayMs(OUTCOME)).toBe(FLIP_DELAY_MS + FLIP_MS);
    const drew = { ...OUTCOME, dealer: { cards: ['6S', '5H', '2D', 'KC'], total: 23, blackjack: false } };
    expect(revealDelayMs(drew)).toBe(2 * DEAL_INTERVAL_MS + FLIP_DELAY_MS + FLIP_MS);
  });
});

describe('blackjack: the seats before the deal', () => {
  it('seats the first player to bet a seat’s main spot, and only main bets seat anyone', () => {
    const owners = seatOwners([bet('x', 'behind:3', 100, BOB), ...BETS]);
    expect([...owners]).toEqual([
      [2, { playerId: ME.playerId, name: ME.name }],
      [5, { playerId: BOB.playerId, name: BOB.name }],
    ]);
  });

  it('shows every seat with its owner, my chips and everyone else’s on the circle and behind it', () => {
    const table = blackjackTable(seated({ bets: BETS, betCount: 3, spotTotals: TOTALS }));
    expect(table.seats.map((seat) => seat.seat)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const [, two, , , five] = table.seats;
    expect(two).toMatchObject({ ownerId: ME.playerId, mine: true, main: { confirmedMinor: 500, othersMinor: 0 }, behind: { othersMinor: 200 } });
    expect(five).toMatchObject({ ownerId: BOB.playerId, ownerName: 'Bob', mine: false, main: { confirmedMinor: 0, othersMinor: 1000 } });
    expect(table.seats[0]).toMatchObject({ ownerId: null, hands: [], isTurn: false });
    expect(table.dealer).toEqual({ cards: [], holeDown: false, total: null, blackjack: false, showing: null });
    expect(table.turn).toBeNull();
  });

  it('takes bets on seats and behind them through the shared planner, never on the server’s own spots', () => {
    const state = seated();
    expect(placementProblem(state, [{ spot: 'seat:1', amountMinor: 500 }])).toBeNull();
    expect(placementProblem(state, [{ spot: 'behind:4', amountMinor: 100 }])).toBeNull();
    expect(placementProblem(state, [{ spot: 'double:1:0', amountMinor: 500 }])).toMatch(/cannot be placed/);
    expect(placementProblem(state, [{ spot: 'insurance:1', amountMinor: 250 }])).toMatch(/cannot be placed/);
    expect(placementProblem(state, [{ spot: 'red', amountMinor: 100 }])).toBe('Unknown spot red');
  });

  it('rebets and doubles only what I placed: a double, split or insurance was a decision', () => {
    const state = seated({
      lastRoundBets: [
        { spot: 'seat:2', amountMinor: 500 },
        { spot: 'double:2:0', amountMinor: 500 },
        { spot: 'insurance:2', amountMinor: 250 },
        { spot: 'behind:5', amountMinor: 100 },
      ],
      bets: [bet('a1', 'seat:2', 500), bet('bj-r4-double-2-0', 'double:2:0', 500)],
    });
    expect(rebetBets(state)).toEqual([
      { spot: 'seat:2', amountMinor: 500 },
      { spot: 'behind:5', amountMinor: 100 },
    ]);
    expect(doubleBets(state)).toEqual([{ spot: 'seat:2', amountMinor: 500 }]);
  });
});

describe('blackjack: the hand in play', () => {
  it('enters `playing` with the first blackjack.turn and keeps the play in the round', () => {
    const state = dealt();
    expect(state.round?.phase).toBe('playing');
    expect(state.round?.blackjack?.turn).toEqual({ phase: 'play', seat: 2, hand: 0, actions: ['hit', 'stand', 'double'] });
    expect(state.rounds.find((record) => record.round === 4)?.phase).toBe('playing');
    expect(state.blackjackTurnAt).toBe(6_000);
  });

  it('deals the seats their hands, shows the up card with the hole card face down, and marks whose turn it is', () => {
    const table = blackjackTable(dealt());
    expect(table.dealer).toEqual({ cards: ['10S'], holeDown: true, total: null, blackjack: false, showing: '10' });
    const two = table.seats[1]!;
    expect(two.isTurn).toBe(true);
    expect(two.hands).toEqual([
      { hand: 0, cards: ['AH', '6D'], total: 17, soft: true, doubled: false, result: null, natural: false, isTurn: true },
    ]);
    expect(table.seats[4]?.isTurn).toBe(false);
    expect(table.deadline).toBe(20_000);
    expect(turnText(dealt().round?.blackjack ?? null)).toBe('Ada · seat 2');
  });

  it('owes the decision to me only on my seat’s turn, and insurance only for my seats', () => {
    expect(owedDecision(dealt())).toEqual({ phase: 'play', round: 4, seat: 2, hand: 0, actions: ['hit', 'stand', 'double'], deadline: 20_000 });
    expect(owedDecision(dealt({ turn: { phase: 'play', seat: 5, hand: 0, actions: ['hit', 'stand'] } }))).toBeNull();
    expect(owedDecision(dealt({ dealer: ['AS'], turn: { phase: 'insurance', seats: [2, 5] } }))).toEqual({
      phase: 'insurance',
      round: 4,
      seats: [2],
      deadline: 20_000,
    });
    expect(owedDecision(dealt({ dealer: ['AS'], turn: { phase: 'insurance', seats: [5] } }))).toBeNull();
    expect(owedDecision(dealt({ turn: { phase: 'done' } }))).toBeNull();
    expect(owedDecision(seated())).toBeNull();
  });

  it('plans only the decisions the table offers me now, one at a time', () => {
    let id = 0;
    const makeId = (): string => `d${++id}`;
    const state = dealt();
    const hit = planDecision(state, { seat: 2, hand: 0, action: 'hit' }, makeId);
    expect(hit).toEqual({ ok: true, requests: [{ kind: 'blackjack.decide', requestId: 'd1', round: 4, seat: 2, hand: 0, action: 'hit' }] });
    expect(planDecision(state, { seat: 2, hand: 0, action: 'split' }, makeId)).toEqual({ ok: false, reason: 'You cannot split this hand' });
    expect(planDecision(state, { seat: 5, hand: 0, action: 'stand' }, makeId)).toMatchObject({ ok: false });
    expect(planDecision(state, { seat: 2, hand: 0, action: 'insure' }, makeId)).toMatchObject({ ok: false });
    if (!hit.ok) return;
    const sending = run(state, { type: 'request', request: hit.requests[0]! });
    expect(pendingDecision(sending)?.action).toBe('hit');
    expect(planDecision(sending, { seat: 2, hand: 0, action: 'stand' }, makeId)).toEqual({ ok: false, reason: 'Your last decision is still on its way' });
    const insurance = dealt({ dealer: ['AS'], turn: { phase: 'insurance', seats: [2, 5] } });
    expect(planDecision(insurance, { seat: 2, hand: 0, action: 'no-insurance' }, makeId)).toMatchObject({ ok: true });
    expect(planDecision(insurance, { seat: 2, hand: 0, action: 'hit' }, makeId)).toMatchObject({ ok: false });
    expect(planDecision(seated(), { seat: 2, hand: 0, action: 'stand' }, makeId)).toEqual({ ok: false, reason: 'It is not your turn' });
  });

  it('sends a decision through the outbox, and its ack brings the balance after a double', () => {
    const store = createPlayerStore(dealt(), (notify) => notify());
    const sent: PendingRequest[] = [];
    let id = 0;
    const commands = createPlayerCommands(store, { request: (request) => sent.push(request), retryNow: () => undefined }, () => `r${++id}`);
    commands.decide(5, 0, 'stand');
    expect(sent).toEqual([]);
    expect(store.getState().toasts.at(-1)?.message).toBe("It is not seat 5's turn");
    commands.decide(2, 0, 'double');
    expect(sent).toEqual([{ kind: 'blackjack.decide', requestId: 'r1', round: 4, seat: 2, hand: 0, action: 'double' }]);
    store.dispatch({ type: 'request', request: sent[0]! });
    store.dispatch(server({ kind: 'ack', requestId: 'r1', balanceMinor: 9_000 }));
    expect(store.getState().balanceMinor).toBe(9_000);
    expect(pendingDecision(store.getState())).toBeNull();
  });

  it('keeps the settlement’s balance when the last decision’s ack arrives after it', () => {
    const request: PendingRequest = { kind: 'blackjack.decide', requestId: 'r9', round: 4, seat: 2, hand: 0, action: 'stand' };
    const state = run(
      dealt(),
      { type: 'request', request },
      event(13, { kind: 'round.result', round: 4, outcome: OUTCOME, serverSeed: 'ab', clientString: 'x', chainIndex: 4, commitment: 'c0ffee' }),
      server({ kind: 'settlement', round: 4, stakeMinor: 1000, payoutMinor: 2000, balanceMinor: 11_500 }),
      server({ kind: 'ack', requestId: 'r9', balanceMinor: 9_500 }),
    );
    expect(state.balanceMinor).toBe(11_500);
    expect(state.outbox).toEqual([]);
  });

  it('resends a decision after a reconnect only while its hand is still in play', () => {
    const decide: PendingRequest = { kind: 'blackjack.decide', requestId: 'r1', round: 4, seat: 2, hand: 0, action: 'hit' };
    const place: PendingRequest = { kind: 'bet.place', requestId: 'r2', round: 4, bets: [{ betId: 'b9', spot: 'seat:2', amountMinor: 100 }] };
    expect(reconcileOutbox([decide], [], ME.playerId, 4, true)).toEqual([decide]);
    expect(reconcileOutbox([decide], [], ME.playerId, 4, false)).toEqual([]);
    expect(reconcileOutbox([decide], [], ME.playerId, 5, true)).toEqual([]);
    expect(pendingBetsOfRound([place, decide], 4, new Set())).toEqual(place.bets);

    const reconnected = run(
      { ...dealt(), outbox: [decide] },
      { type: 'connection', status: { state: 'reconnecting', attempt: 1, retryAt: 0 } },
      server({
        kind: 'snapshot',
        snapshot: snapshot({
          seq: 20,
          bets: BETS,
          spotTotals: TOTALS,
          round: { ...snapshot().round!, phase: 'playing', blackjack: play({ turn: { phase: 'play', seat: 2, hand: 0, actions: ['hit', 'stand'] } }) },
        }),
      }, 7_000),
    );
    expect(reconnected.outbox).toEqual([decide]);
    expect(reconnected.round?.blackjack?.turn).toMatchObject({ phase: 'play', seat: 2 });
    // The timer's start is unknown after a snapshot: the bar counts from when it arrived.
    expect(reconnected.blackjackTurnAt).toBe(7_000);
  });
});

describe('blackjack: the round’s end', () => {
  it('shows each hand’s result and the dealer’s whole hand from the outcome, then clears the table for the next round', () => {
    const resulted = run(
      dealt(),
      event(13, { kind: 'round.result', round: 4, outcome: OUTCOME, serverSeed: 'ab', clientString: 'x', chainIndex: 4, commitment: 'c0ffee' }),
      event(14, { kind: 'round.settled', round: 4, betCount: 4, stakeMinor: 2200, payoutMinor: 4400, houseWinMinor: -2200, topPayouts: [] }),
    );
    expect(resulted.round?.phase).toBe('settled');
    const table = blackjackTable(resulted);
    expect(table.dealer).toEqual({ cards: ['10S', '7H'], holeDown: false, total: 17, blackjack: false, showing: null });
    expect(table.turn).toBeNull();
    expect(table.seats[1]?.hands).toEqual([
      { hand: 0, cards: ['AH', '6D', '3C'], total: 20, soft: false, doubled: true, result: 'win', natural: false, isTurn: false },
    ]);
    // Settlement clears the live totals, but the chips that were on the seats stay until the next round.
    expect(table.seats[4]?.main.othersMinor).toBe(1000);
    expect(table.seats[1]?.behind.othersMinor).toBe(200);
    expect(myBlackjackSpots(resulted, 4)).toEqual(['seat:2']);
    expect(myHandResults(OUTCOME, new Set([2]))).toEqual([{ seat: 2, hand: 0, total: 20, result: 'win', split: false }]);

    const next = run(resulted, event(15, { kind: 'round.opened', round: 5, commitment: 'c0ffee', chainIndex: 5, closesAt: null }));
    const fresh = blackjackTable(next);
    expect(fresh.seats.every((seat) => seat.ownerId === null && seat.hands.length === 0)).toBe(true);
    expect(fresh.dealer.cards).toEqual([]);
    expect(next.blackjackTurnAt).toBeNull();
  });

  it('marks a two-card 21 as dealt a blackjack, but not after a split', () => {
    const natural = blackjackTable(
      dealt({
        seats: [{ seat: 2, ownerId: ME.playerId, ownerName: ME.name, insured: false, hands: [{ cards: ['AH', 'KD'], total: 21, soft: true, doubled: false }] }],
        turn: { phase: 'done' },
      }),
    );
    expect(natural.seats[1]?.hands[0]?.natural).toBe(true);
    const split = blackjackTable(
      dealt({
        seats: [
          {
            seat: 2,
            ownerId: ME.playerId,
            ownerName: ME.name,
            insured: false,
            hands: [
              { cards: ['AH', 'KD'], total: 21, soft: true, doubled: false },
              { cards: ['AC'], total: 11, soft: true, doubled: false },
            ],
          },
        ],
        turn: { phase: 'play', seat: 2, hand: 1, actions: ['hit', 'stand'] },
      }),
    );
    expect(split.seats[1]?.hands.map((hand) => [hand.natural, hand.isTurn])).toEqual([
      [false, false],
      [false, true],
    ]);
  });
});
