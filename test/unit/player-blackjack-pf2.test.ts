// How a pf2 blackjack round's extras read (docs/PF2.md §9), on the player
// page and the console: the hand the chart played for the bets behind a
// seat, shown to whoever bet behind it ("Your bet behind seat N played its
// own hand: …") and on the seat; hands the chart played because the timer ran
// out or the owner was away, in plain words. Under pf1 nothing changes.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { BlackjackOutcome, PlacedBet, ServerMessage, TableSnapshot } from '../../src/shared/protocol.ts';
import { behindHandText, cardText, chartPlayedHands, chartReasonText } from '../../src/shared/games/blackjack-words.ts';
import { BlackjackSeat } from '../../src/renderer/player/board/BlackjackSeat.tsx';
import { BlackjackResult } from '../../src/renderer/player/components/BlackjackResult.tsx';
import { blackjackResultLines } from '../../src/renderer/player/lib/blackjack-results.ts';
import { blackjackTable } from '../../src/renderer/player/lib/blackjack-table.ts';
import { chartNotes } from '../../src/renderer/console/blackjackOutcome.ts';
import { playerReducer, type PlayerAction } from '../../src/renderer/player/state/player-reducer.ts';
import { initialPlayerState, type PlayerState } from '../../src/renderer/player/state/player-state.ts';
import { tableSnapshot } from '../support/player-fixtures.ts';

const ME = { playerId: 'p-me', name: 'Ada', tableId: 't1' };
const BOB = { playerId: 'p-bob', name: 'Bob' };

const BEHIND = { cards: ['10H', '6C', '9D'], total: 25, result: 'lose' as const };

/** Bob played seat 5 (the chart played it when his timer ran out); his seat's bets behind got their own hand. Ada sat at 2, away. */
const PF2_OUTCOME: BlackjackOutcome = {
  dealer: { cards: ['10S', '8C'], total: 18, blackjack: false },
  seats: [
    { seat: 2, insured: false, hands: [{ cards: ['9H', '7D', '2S'], total: 18, doubled: false, result: 'push' }], behind: { cards: ['9H', '7D'], total: 16, result: 'lose' } },
    { seat: 5, insured: false, hands: [{ cards: ['10C', '6D'], total: 16, doubled: false, result: 'lose' }], behind: BEHIND },
  ],
  decisions: [
    { seat: 2, hand: 0, action: 'absent' },
    { seat: 5, hand: 0, action: 'timeout' },
  ],
  cards: ['9H', '10C', '10S', '7D', '6D', '8C', '2S'],
};

/** The same table under pf1: bets behind ride the seat's hand, and a timeout simply stood. */
const PF1_OUTCOME: BlackjackOutcome = {
  ...PF2_OUTCOME,
  seats: PF2_OUTCOME.seats.map(({ behind: _behind, ...seat }) => seat),
};

const bet = (betId: string, spot: string, amountMinor: number, who: { playerId: string; name: string } = ME): PlacedBet => ({
  betId,
  playerId: who.playerId,
  playerName: who.name,
  spot,
  amountMinor,
});

const server = (message: ServerMessage): PlayerAction => ({ type: 'server', message, receivedAt: 1_000 });

/** The round's result on show at a blackjack table under the given scheme: Ada at seat 2 and behind seat 5. */
function resulted(fairness: 'pf1' | 'pf2', outcome: BlackjackOutcome): PlayerState {
  const snapshot: TableSnapshot = tableSnapshot(
    { table: { game: 'blackjack', fairness }, round: { round: 4, chainIndex: 4, phase: 'result', outcome } },
    { bets: [bet('a1', 'seat:2', 500), bet('a2', 'behind:5', 200), bet('b1', 'seat:5', 1000, BOB)] },
  );
  return [
    server({ kind: 'welcome', protocol: 'pitboss.v1', reference: 'r-me', statementKey: '0'.repeat(64), playerId: ME.playerId, name: ME.name, tableId: 't1', balanceMinor: 10_000, clientSeed: 's', serverTime: 1_000 }),
    server({ kind: 'snapshot', snapshot }),
  ].reduce(playerReducer, initialPlayerState(ME));
}

describe('pf2 blackjack words', () => {
  it('says the bets-behind hand in a sentence, to the bettor and to the dealer', () => {
    expect(cardText('10H')).toBe('10♥');
    expect(cardText('??')).toBe('??');
    expect(behindHandText(5, BEHIND, 'mine')).toBe('Your bet behind seat 5 played its own hand: 10♥ 6♣ 9♦, 25, bust');
    expect(behindHandText(5, { cards: ['AS', 'KD'], total: 21, result: 'blackjack' }, 'table')).toBe(
      'The bets behind seat 5 played their own hand: A♠ K♦, 21, blackjack',
    );
  });

  it('says why the chart played a hand, once per hand', () => {
    expect(chartReasonText('timeout', 'mine')).toBe('the timer ran out: played by the chart');
    expect(chartReasonText('absent', 'mine')).toBe('you were away: played by the chart');
    expect(chartReasonText('absent', 'table')).toBe('the player was away: played by the chart');
    const twice = { ...PF2_OUTCOME, decisions: [...PF2_OUTCOME.decisions, { seat: 5, hand: 0, action: 'timeout' as const }] };
    expect(chartPlayedHands(twice)).toEqual([
      { seat: 2, hand: 0, reason: 'absent' },
      { seat: 5, hand: 0, reason: 'timeout' },
    ]);
  });
});

describe('pf2 blackjack: the result banner and the seats', () => {
  it('shows my bet behind seat 5 playing its own hand, and my hand the chart played while I was away', () => {
    const lines = blackjackResultLines(PF2_OUTCOME, ['seat:2', 'behind:5'], 'pf2');
    expect(lines.map((line) => line.text)).toEqual([
      'Seat 2: Push · 18',
      'Seat 2: you were away: played by the chart',
      'Your bet behind seat 5 played its own hand: 10♥ 6♣ 9♦, 25, bust',
    ]);
    expect(lines.map((line) => line.result)).toEqual(['push', null, 'lose']);
  });

  it('renders the behind hand in the result banner under pf2, and not under pf1', () => {
    const render = (outcome: BlackjackOutcome, fairness: 'pf1' | 'pf2'): string =>
      renderToStaticMarkup(
        createElement(BlackjackResult, {
          record: { round: 4, outcome, phase: 'settled', myStakeMinor: 700, myPayoutMinor: 500 },
          outcome,
          currency: 'EUR',
          mySpots: ['seat:2', 'behind:5'],
          fairness,
        }),
      );
    const pf2 = render(PF2_OUTCOME, 'pf2');
    expect(pf2).toContain('Your bet behind seat 5 played its own hand: 10♥ 6♣ 9♦, 25, bust');
    expect(pf2).toContain('Seat 2: you were away: played by the chart');
    const pf1 = render(PF1_OUTCOME, 'pf1');
    expect(pf1).toContain('Behind seat 5: Lose · 16');
    expect(pf1).not.toContain('played its own hand');
    expect(pf1).not.toContain('played by the chart');
  });

  it('changes nothing under pf1: the bet behind rides the seat’s hand and a timeout is not said', () => {
    const lines = blackjackResultLines(PF1_OUTCOME, ['seat:2', 'behind:5'], 'pf1');
    expect(lines.map((line) => line.text)).toEqual(['Seat 2: Push · 18', 'Behind seat 5: Lose · 16']);
  });

  it('puts the behind hand on a seat with bets behind it, and the chart’s play on the seats it played', () => {
    const table = blackjackTable(resulted('pf2', PF2_OUTCOME));
    const [two, five] = [table.seats[1]!, table.seats[4]!];
    expect(five.behindHand).toEqual(BEHIND);
    expect(five.chartPlayed).toEqual([{ hand: 0, reason: 'timeout' }]);
    // Nobody bet behind seat 2: its chart hand settles nothing, so the seat does not show it.
    expect(two.behindHand).toBeNull();
    expect(two.chartPlayed).toEqual([{ hand: 0, reason: 'absent' }]);
  });

  it('renders the behind hand and the chart’s play on the seat', () => {
    const seat = blackjackTable(resulted('pf2', PF2_OUTCOME)).seats[4]!;
    const props = { seat, deadline: null, turnStartedAt: null, clockOffsetMs: 0, dealOrder: -1, seatsDealt: 0, arcOffsetPx: 0, enabled: false };
    const html = renderToStaticMarkup(createElement(BlackjackSeat, { ...props, onTap: () => {}, onBehind: () => {} }));
    expect(html).toContain('data-testid="behind-hand"');
    expect(html).toContain('Behind: 10♥ 6♣ 9♦, 25, bust');
    expect(html).toContain('title="Your bet behind seat 5 played its own hand: 10♥ 6♣ 9♦, 25, bust"');
    expect(html).toContain('the timer ran out: played by the chart');
  });

  it('puts neither on the seats under pf1', () => {
    const table = blackjackTable(resulted('pf1', PF1_OUTCOME));
    expect(table.seats.map((seat) => [seat.behindHand, seat.chartPlayed])).toEqual(table.seats.map(() => [null, []]));
  });
});

describe('pf2 blackjack in the console', () => {
  it('says which hands the chart played, and nothing for a pf1 outcome', () => {
    expect(chartNotes(PF2_OUTCOME, 2)).toEqual(['the player was away: played by the chart']);
    expect(chartNotes(PF2_OUTCOME, 5)).toEqual(['the timer ran out: played by the chart']);
    expect(chartNotes(PF1_OUTCOME, 5)).toEqual([]);
    const split: BlackjackOutcome = {
      ...PF2_OUTCOME,
      seats: [{ ...PF2_OUTCOME.seats[1]!, hands: [...PF2_OUTCOME.seats[1]!.hands, ...PF2_OUTCOME.seats[1]!.hands] }],
      decisions: [{ seat: 5, hand: 1, action: 'timeout' }],
    };
    expect(chartNotes(split, 5)).toEqual(['hand 2: the timer ran out: played by the chart']);
  });
});
