// The player page's pure logic for baccarat, dragon tiger and sic bo, without
// a browser: the layout definitions against the shared paytables, cards and
// their deal order against the pf1 shoe, dice faces, which spots a result
// wins, the statistics, the road windows, and betting through the one
// planner all games share.
import { describe, expect, it } from 'vitest';
import type {
  BaccaratOutcome,
  DragonTigerOutcome,
  HistoryEntry,
  ServerMessage,
  SicboOutcome,
  TableSnapshot,
} from '../../src/shared/protocol.ts';
import { Pf1Stream, Shoe, cardName } from '../../src/shared/fairness/pf1.ts';
import { baccaratSpots, drawBaccarat } from '../../src/shared/games/baccarat.ts';
import { baccaratRoads, roadResultOf } from '../../src/shared/games/baccarat-roads.ts';
import { dragonTigerSpots, drawDragonTiger } from '../../src/shared/games/dragon-tiger.ts';
import { gameRules } from '../../src/shared/games/index.ts';
import { sicboSpots } from '../../src/shared/games/sicbo.ts';
import { baccaratDeal, lastStepOf, parseCard, pipLayout, type Rank } from '../../src/renderer/player/lib/cards.ts';
import { diceTotal, diePips, hasRedPips, isTripleThrow } from '../../src/renderer/player/lib/dice.ts';
import {
  baccaratHands,
  baccaratTally,
  currentStreak,
  dragonTigerCoups,
  dragonTigerTally,
  hotColdTotals,
  percentOf,
  sicboTally,
  sicboThrows,
  streakRoad,
} from '../../src/renderer/player/lib/game-stats.ts';
import { revealDelayMs } from '../../src/renderer/player/lib/reveal.ts';
import { beadCells, roadWindow, scoreboardColumns } from '../../src/renderer/player/lib/road-geometry.ts';
import { spotName } from '../../src/shared/games/spot-names.ts';
import {
  gameLayout,
  isLayoutGame,
  layoutSpotIds,
  ratioText,
  type Arrangement,
  type GameLayout,
  type LayoutGame,
} from '../../src/renderer/player/lib/table-layouts.ts';
import { spotVerdicts } from '../../src/renderer/player/lib/winning-spots.ts';
import { playerReducer, type PlayerAction } from '../../src/renderer/player/state/player-reducer.ts';
import { initialPlayerState, type PlayerState } from '../../src/renderer/player/state/player-state.ts';
import { placementProblem, planPlacement } from '../../src/renderer/player/state/bet-plan.ts';
import { lastResult, spotStakes } from '../../src/renderer/player/state/selectors.ts';
import { tableSnapshot } from '../support/player-fixtures.ts';

const LAYOUT_GAMES: LayoutGame[] = ['baccarat', 'dragon-tiger', 'sicbo'];
const ARRANGEMENTS: Arrangement[] = ['wide', 'narrow'];
const PAYTABLES: Record<LayoutGame, ReadonlyMap<string, unknown>> = {
  baccarat: baccaratSpots,
  'dragon-tiger': dragonTigerSpots,
  sicbo: sicboSpots,
};

const seedBytes = (fill: number): Uint8Array => new Uint8Array(32).fill(fill);

function payoutOf(layout: GameLayout, spot: string): string | undefined {
  return layout.bands.flatMap((band) => band.cells).find((cell) => cell.spot === spot)?.payout;
}

describe('table layouts', () => {
  it('knows which games it draws', () => {
    expect(isLayoutGame('baccarat')).toBe(true);
    expect(isLayoutGame('dragon-tiger')).toBe(true);
    expect(isLayoutGame('sicbo')).toBe(true);
    expect(isLayoutGame('roulette-eu')).toBe(false);
  });

  for (const game of LAYOUT_GAMES) {
    for (const arrangement of ARRANGEMENTS) {
      it(`${game} (${arrangement}) draws every spot of the shared paytable exactly once, and nothing else`, () => {
        const ids = layoutSpotIds(gameLayout(game, arrangement));
        expect(new Set(ids).size).toBe(ids.length);
        expect([...ids].sort()).toEqual([...PAYTABLES[game].keys()].sort());
        for (const id of ids) expect(gameRules(game).spotKind(id)).not.toBeNull();
      });

      it(`${game} (${arrangement}) places its cells inside their band without overlaps`, () => {
        for (const band of gameLayout(game, arrangement).bands) {
          const taken = new Set<string>();
          for (const cell of band.cells) {
            expect(cell.column).toBeGreaterThanOrEqual(1);
            expect(cell.row).toBeGreaterThanOrEqual(1);
            expect(cell.column + cell.columns - 1).toBeLessThanOrEqual(band.columns);
            expect(cell.row + cell.rows - 1).toBeLessThanOrEqual(band.rows);
            for (let column = cell.column; column < cell.column + cell.columns; column++) {
              for (let row = cell.row; row < cell.row + cell.rows; row++) {
                const key = `${column},${row}`;
                expect(taken.has(key), `${band.id}: ${cell.spot} overlaps at ${key}`).toBe(false);
                taken.add(key);
              }
            }
          }
          // A full grid: no hole on the felt.
          expect(taken.size).toBe(band.columns * band.rows);
        }
      });
    }
  }

  it('writes prices as n:1, with hundredths only when needed', () => {
    expect(ratioText(95)).toBe('0.95:1');
    expect(ratioText(100)).toBe('1:1');
    expect(ratioText(800)).toBe('8:1');
    expect(ratioText(150)).toBe('1.5:1');
    expect(ratioText(105)).toBe('1.05:1');
    expect(ratioText(18_000)).toBe('180:1');
  });

  it('takes baccarat prices from the paytable: Banker pays 0.95:1', () => {
    const layout = gameLayout('baccarat', 'wide');
    expect(payoutOf(layout, 'player')).toBe('1:1');
    expect(payoutOf(layout, 'banker')).toBe('0.95:1');
    expect(payoutOf(layout, 'tie')).toBe('8:1');
    expect(payoutOf(layout, 'player-pair')).toBe('11:1');
    expect(payoutOf(layout, 'banker-pair')).toBe('11:1');
  });

  it('takes dragon tiger prices from the paytable and states the tie rule', () => {
    const layout = gameLayout('dragon-tiger', 'narrow');
    expect(payoutOf(layout, 'dragon')).toBe('1:1');
    expect(payoutOf(layout, 'tiger')).toBe('1:1');
    expect(payoutOf(layout, 'tie')).toBe('8:1');
    expect(payoutOf(layout, 'suited-tie')).toBe('50:1');
    expect(layout.footnote).toContain('Dragon/Tiger lose half on a tie');
  });

  it('takes sic bo prices from the paytable, per total and per number of matching dice', () => {
    const layout = gameLayout('sicbo', 'wide');
    const expected: Record<string, string> = {
      small: '1:1',
      big: '1:1',
      odd: '1:1',
      even: '1:1',
      'total:4': '60:1',
      'total:17': '60:1',
      'total:5': '30:1',
      'total:6': '17:1',
      'total:7': '12:1',
      'total:8': '8:1',
      'total:9': '6:1',
      'total:10': '6:1',
      'total:11': '6:1',
      'triple:3': '180:1',
      'any-triple': '30:1',
      'double:5': '10:1',
      'combo:1-6': '5:1',
      'single:4': '1:1 · 2:1 · 3:1',
    };
    for (const [spot, payout] of Object.entries(expected)) expect(payoutOf(layout, spot), spot).toBe(payout);
    // Every price the layout shows is the one the shared settlement pays.
    for (const cell of layout.bands.flatMap((band) => band.cells)) {
      const spot = sicboSpots.get(cell.spot)!;
      expect(cell.payout.startsWith(`${spot.payout}:1`)).toBe(true);
    }
  });

  it('draws the dice each sic bo box is about', () => {
    const cells = gameLayout('sicbo', 'narrow').bands.flatMap((band) => band.cells);
    const dice = (spot: string) => cells.find((cell) => cell.spot === spot)?.dice;
    expect(dice('double:3')).toEqual([3, 3]);
    expect(dice('triple:6')).toEqual([6, 6, 6]);
    expect(dice('combo:2-5')).toEqual([2, 5]);
    expect(dice('single:1')).toEqual([1]);
    expect(dice('total:9')).toEqual([]);
  });

  it('names every spot for people and screen readers', () => {
    for (const game of LAYOUT_GAMES) {
      for (const spot of layoutSpotIds(gameLayout(game, 'wide'))) expect(spotName(spot, game), spot).not.toBe(spot);
    }
    expect(spotName('banker', 'baccarat')).toBe('Banker');
    expect(spotName('suited-tie', 'dragon-tiger')).toBe('Suited Tie');
    expect(spotName('double:3', 'sicbo')).toBe('Double 3-3');
    expect(spotName('combo:1-2', 'sicbo')).toBe('Combination 1-2');
    // Roulette keeps its names, with or without the game.
    expect(spotName('straight:17')).toBe('Straight 17');
    expect(spotName('dozen:2', 'roulette-eu')).toBe('2nd 12');
  });
});

describe('cards', () => {
  it('reads pf1 card names', () => {
    expect(parseCard('10H')).toMatchObject({ rank: '10', suit: 'H', red: true, symbol: '♥', spoken: '10 of hearts' });
    expect(parseCard('AS')).toMatchObject({ rank: 'A', suit: 'S', red: false, spoken: 'Ace of spades' });
    expect(parseCard('QD')?.red).toBe(true);
    expect(parseCard('KC')?.spoken).toBe('King of clubs');
    for (const bad of ['', 'H', '1H', '11S', 'AX', '10']) expect(parseCard(bad), bad).toBeNull();
  });

  it('lays out as many pips as the card is worth, mirrored in the lower half', () => {
    const numbers: Rank[] = ['2', '3', '4', '5', '6', '7', '8', '9', '10'];
    for (const rank of numbers) {
      const pips = pipLayout(rank);
      expect(pips).toHaveLength(Number(rank));
      for (const pip of pips) {
        expect(pip.x).toBeGreaterThanOrEqual(0);
        expect(pip.x).toBeLessThanOrEqual(1);
        expect(pip.flipped).toBe(pip.y > 0.5);
      }
      // Printed cards are symmetric under a half turn, except the 7's one middle pip above the centre.
      if (rank === '7') continue;
      const turned = pips.map((pip) => `${(1 - pip.x).toFixed(3)},${(1 - pip.y).toFixed(3)}`).sort();
      expect(turned).toEqual(pips.map((pip) => `${pip.x.toFixed(3)},${pip.y.toFixed(3)}`).sort());
    }
    expect(pipLayout('A')).toHaveLength(1);
    for (const court of ['J', 'Q', 'K'] as const) expect(pipLayout(court)).toEqual([]);
  });

  it('deals P1 B1 P2 B2, then the Player third card, then the Banker third card', () => {
    const steps = (player: string[], banker: string[]) =>
      baccaratDeal({ player, banker }).map((card) => `${card.side[0]}${card.position + 1}:${card.step}`);
    expect(steps(['AS', '2S'], ['3S', '4S'])).toEqual(['p1:0', 'b1:1', 'p2:2', 'b2:3']);
    expect(steps(['AS', '2S', '5S'], ['3S', '4S', '6S'])).toEqual(['p1:0', 'b1:1', 'p2:2', 'b2:3', 'p3:4', 'b3:5']);
    expect(steps(['AS', '2S'], ['3S', '4S', '6S'])).toEqual(['p1:0', 'b1:1', 'p2:2', 'b2:3', 'b3:4']);
    expect(steps(['AS', '2S', '5S'], ['3S', '4S'])).toEqual(['p1:0', 'b1:1', 'p2:2', 'b2:3', 'p3:4']);
    const dealt = baccaratDeal({ player: ['AS', '2S', '5S'], banker: ['3S', '4S'] });
    expect(lastStepOf(dealt, 'player')).toBe(4);
    expect(lastStepOf(dealt, 'banker')).toBe(3);
  });

  it('turns the cards over in the order the pf1 shoe dealt them (FAIRNESS.md §5)', () => {
    for (let seed = 0; seed < 40; seed++) {
      const outcome = drawBaccarat(new Pf1Stream(seedBytes(seed), 'alice:bob', seed + 1));
      const shoe = new Shoe(new Pf1Stream(seedBytes(seed), 'alice:bob', seed + 1), 8);
      const dealt = baccaratDeal(outcome);
      const offShoe = dealt.map(() => cardName(shoe.draw()));
      expect(dealt.map((card) => card.card)).toEqual(offShoe);
    }
  });

  it('dragon tiger: Dragon is the shoe’s first card, Tiger its second', () => {
    const outcome = drawDragonTiger(new Pf1Stream(seedBytes(7), 'x', 3));
    const shoe = new Shoe(new Pf1Stream(seedBytes(7), 'x', 3), 8);
    expect([outcome.dragon, outcome.tiger]).toEqual([cardName(shoe.draw()), cardName(shoe.draw())]);
  });
});

describe('dice', () => {
  it('has as many pips as the face, on the 3 × 3 grid, symmetric under a half turn', () => {
    for (let face = 1; face <= 6; face++) {
      const pips = diePips(face);
      expect(pips).toHaveLength(face);
      expect(new Set(pips.map((pip) => `${pip.column}${pip.row}`)).size).toBe(face);
      const turned = pips.map((pip) => `${2 - pip.column}${2 - pip.row}`).sort();
      expect(turned).toEqual(pips.map((pip) => `${pip.column}${pip.row}`).sort());
    }
    expect(diePips(0)).toEqual([]);
    expect(diePips(7)).toEqual([]);
  });

  it('prints 1 and 4 in red, totals and spots triples', () => {
    expect([1, 2, 3, 4, 5, 6].filter(hasRedPips)).toEqual([1, 4]);
    expect(diceTotal([3, 5, 6])).toBe(14);
    expect(isTripleThrow([4, 4, 4])).toBe(true);
    expect(isTripleThrow([4, 4, 5])).toBe(false);
  });
});

describe('winning spots', () => {
  const banker: BaccaratOutcome = { player: ['2H', '3C'], banker: ['7S', '7D'], playerTotal: 5, bankerTotal: 4, winner: 'player' };

  it('baccarat: the winner and its pairs win; Player and Banker push on a tie', () => {
    const ids = [...baccaratSpots.keys()];
    const won = spotVerdicts('baccarat', banker, ids);
    expect(Object.fromEntries(won)).toEqual({ player: 'win', banker: 'lose', tie: 'lose', 'player-pair': 'lose', 'banker-pair': 'win' });
    const tie: BaccaratOutcome = { player: ['KH', '6C'], banker: ['3S', '3D'], playerTotal: 6, bankerTotal: 6, winner: 'tie' };
    expect(Object.fromEntries(spotVerdicts('baccarat', tie, ids))).toEqual({
      player: 'push',
      banker: 'push',
      tie: 'win',
      'player-pair': 'lose',
      'banker-pair': 'win',
    });
  });

  it('dragon tiger: half back on a tie, and a suited tie wins both tie bets', () => {
    const ids = [...dragonTigerSpots.keys()];
    const suited: DragonTigerOutcome = { dragon: '7H', tiger: '7H', winner: 'tie' };
    expect(Object.fromEntries(spotVerdicts('dragon-tiger', suited, ids))).toEqual({
      dragon: 'part',
      tiger: 'part',
      tie: 'win',
      'suited-tie': 'win',
    });
    const tiger: DragonTigerOutcome = { dragon: '3H', tiger: 'KS', winner: 'tiger' };
    expect(spotVerdicts('dragon-tiger', tiger, ids).get('tiger')).toBe('win');
  });

  it('sic bo: a triple beats Small, Big, Odd and Even but wins its doubles, totals and singles', () => {
    const verdicts = spotVerdicts('sicbo', { dice: [2, 2, 2] }, [...sicboSpots.keys()]);
    const winners = [...verdicts].filter(([, verdict]) => verdict === 'win').map(([spot]) => spot);
    expect(winners.sort()).toEqual(['any-triple', 'double:2', 'single:2', 'total:6', 'triple:2']);
  });

  it('lights nothing for an outcome of another game', () => {
    expect(spotVerdicts('sicbo', banker, ['small']).size).toBe(0);
    expect(spotVerdicts('baccarat', { dice: [1, 2, 3] }, ['player']).size).toBe(0);
  });
});

describe('game statistics', () => {
  const b = (winner: BaccaratOutcome['winner'], pairs = ''): BaccaratOutcome => ({
    player: pairs.includes('p') ? ['4H', '4S'] : ['4H', '5S'],
    banker: pairs.includes('b') ? ['QH', 'QS'] : ['QH', 'KS'],
    playerTotal: 0,
    bankerTotal: 0,
    winner,
  });
  const entries = (outcomes: HistoryEntry['outcome'][]): HistoryEntry[] =>
    // History comes newest first.
    outcomes.map((outcome, index) => ({ round: index + 1, outcome, settledAt: index })).reverse();

  it('baccarat: tallies wins, ties and pairs, oldest first, and the running streak ignoring ties', () => {
    const history = entries([b('player'), b('banker', 'b'), b('tie', 'p'), b('banker'), { pocket: 3 }, b('banker', 'pb')]);
    const hands = baccaratHands(history);
    expect(hands.map((hand) => hand.round)).toEqual([1, 2, 3, 4, 6]);
    expect(baccaratTally(hands)).toEqual({
      hands: 5,
      player: 1,
      banker: 3,
      tie: 1,
      playerPair: 2,
      bankerPair: 2,
      streak: { winner: 'banker', length: 3 },
    });
    expect(currentStreak(['tie', 'tie'])).toBeNull();
  });

  it('baccarat roads come out of the page’s hands as the shared module lays them', () => {
    const hands = baccaratHands(entries([b('banker'), b('banker'), b('player'), b('tie'), b('player')]));
    const roads = baccaratRoads(hands.map((hand) => roadResultOf(hand.outcome)));
    expect(roads.beadPlate.map((cell) => [cell.column, cell.row, cell.value.winner])).toEqual([
      [0, 0, 'banker'],
      [0, 1, 'banker'],
      [0, 2, 'player'],
      [0, 3, 'tie'],
      [0, 4, 'player'],
    ]);
    expect(roads.bigRoad.cells.map((cell) => [cell.column, cell.row, cell.value.winner, cell.value.ties])).toEqual([
      [0, 0, 'banker', 0],
      [0, 1, 'banker', 0],
      [1, 0, 'player', 1],
      [1, 1, 'player', 0],
    ]);
  });

  it('dragon tiger: tallies suited ties and builds a streak road with ties on the win before them', () => {
    const dt = (dragon: string, tiger: string, winner: DragonTigerOutcome['winner']): DragonTigerOutcome => ({ dragon, tiger, winner });
    const coups = dragonTigerCoups(
      entries([dt('5H', '5C', 'tie'), dt('9H', '2C', 'dragon'), dt('KH', 'KH', 'tie'), dt('9S', '2D', 'dragon'), dt('2S', '9D', 'tiger')]),
    );
    expect(dragonTigerTally(coups)).toEqual({
      coups: 5,
      dragon: 2,
      tiger: 1,
      tie: 2,
      suitedTie: 1,
      streak: { winner: 'tiger', length: 1 },
    });
    const road = streakRoad(coups.map(({ round, outcome }) => ({ round, winner: outcome.winner })));
    expect(road.leadingTies).toBe(1);
    expect(road.cells.map((cell) => [cell.column, cell.row, cell.value.winner, cell.value.round, cell.value.ties])).toEqual([
      [0, 0, 'dragon', 2, 1],
      [0, 1, 'dragon', 4, 0],
      [1, 0, 'tiger', 5, 0],
    ]);
  });

  it('sic bo: Small/Big/Odd/Even lose to triples, faces are counted per die, malformed throws are skipped', () => {
    const history = entries([
      { dice: [1, 2, 3] },
      { dice: [6, 6, 5] },
      { dice: [4, 4, 4] },
      { dice: [2, 3, 6] },
      { dice: [0, 9, 1] } as SicboOutcome,
    ]);
    const throws = sicboThrows(history);
    expect(throws.map((played) => played.round)).toEqual([1, 2, 3, 4]);
    expect(sicboTally(throws)).toEqual({ throws: 4, small: 1, big: 2, odd: 2, even: 1, triple: 1, faces: [1, 2, 2, 3, 1, 3] });
  });

  it('sic bo: hot totals by count then recency, cold ones by absence then age, over the bettable totals', () => {
    const throws = sicboThrows(entries([{ dice: [3, 3, 3] }, { dice: [1, 2, 4] }, { dice: [2, 2, 3] }, { dice: [5, 5, 1] }, { dice: [6, 6, 6] }]));
    const { hot, cold } = hotColdTotals(throws, 3);
    // 7 twice; 11 and 9 once each, the more recent (11) first; 18 is no bettable total.
    expect(hot).toEqual([
      { total: 7, count: 2 },
      { total: 11, count: 1 },
      { total: 9, count: 1 },
    ]);
    // Never-seen totals are coldest, the lowest first.
    expect(cold).toEqual([
      { total: 4, count: 0 },
      { total: 5, count: 0 },
      { total: 6, count: 0 },
    ]);
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(0, 0)).toBe(0);
  });
});

describe('road geometry', () => {
  const column = (count: number) => Array.from({ length: count }, (_, index) => ({ column: index, row: 0, value: index }));

  it('shows a road whole while it fits, and slides to keep the newest columns and one free column', () => {
    expect(roadWindow([], 8)).toEqual({ columns: 8, rows: 6, hiddenColumns: 0, cells: [] });
    expect(roadWindow(column(7), 8).hiddenColumns).toBe(0);
    const slid = roadWindow(column(8), 8);
    expect(slid.hiddenColumns).toBe(1);
    expect(slid.cells.map((cell) => cell.column)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(slid.cells[0]?.value).toBe(1);
    const long = roadWindow(column(30), 8);
    expect(long.hiddenColumns).toBe(23);
    expect(Math.max(...long.cells.map((cell) => cell.column))).toBe(6);
    expect(() => roadWindow([], 1)).toThrow(RangeError);
  });

  it('lays beads down a column of six, then the next column', () => {
    expect(beadCells(['a', 'b', 'c', 'd', 'e', 'f', 'g']).map((cell) => [cell.column, cell.row])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [0, 3],
      [0, 4],
      [0, 5],
      [1, 0],
    ]);
  });

  it('sizes derived roads at half cells: big eye boy as wide as the big road, small road and cockroach pig sharing it', () => {
    for (const arrangement of ARRANGEMENTS) {
      const columns = scoreboardColumns(arrangement);
      expect(columns.bigEyeBoy).toBe(2 * columns.bigRoad);
      expect(columns.smallRoad + columns.cockroachPig).toBe(2 * columns.bigRoad);
    }
  });

  it('waits for the last card to be turned (or die to land) before lighting the winners', () => {
    const four: BaccaratOutcome = { player: ['9H', 'KC'], banker: ['2S', '3D'], playerTotal: 9, bankerTotal: 5, winner: 'player' };
    const six: BaccaratOutcome = { ...four, player: ['AH', 'KC', '2C'], banker: ['2S', '3D', '4C'] };
    expect(revealDelayMs(six)).toBeGreaterThan(revealDelayMs(four));
    expect(revealDelayMs({ dragon: 'AS', tiger: '2S', winner: 'tiger' })).toBeGreaterThan(0);
    expect(revealDelayMs({ dice: [1, 2, 3] })).toBeGreaterThan(0);
    expect(revealDelayMs({ pocket: 4 })).toBe(0);
  });
});

describe('betting at a baccarat table', () => {
  const limits = { currency: 'EUR', minBetMinor: 100, maxSpotMinor: 50_000, maxRoundMinor: 200_000 };
  const snapshot: TableSnapshot = tableSnapshot(
    {
      seq: 3,
      table: { id: 't9', name: 'Salon', game: 'baccarat', limits },
      round: { round: 2, commitment: 'cafe', chainIndex: 9 },
    },
    {
      history: [{ round: 1, outcome: { player: ['AS', '8D'], banker: ['KS', 'QD'], playerTotal: 9, bankerTotal: 0, winner: 'player' }, settledAt: 1 }],
    },
  );
  const server = (message: ServerMessage): PlayerAction => ({ type: 'server', message, receivedAt: 1_000 });
  const seated = (): PlayerState =>
    [
      server({ kind: 'welcome', protocol: 'pitboss.v1', reference: 'p-000000000000', statementKey: '0'.repeat(64), playerId: 'me', name: 'Ada', tableId: 't9', balanceMinor: 10_000, clientSeed: 's', serverTime: 1_000 }),
      server({ kind: 'snapshot', snapshot }),
    ].reduce(playerReducer, initialPlayerState({ playerId: 'me', name: 'Ada', tableId: 't9' }));

  it('plans bets on baccarat spots with the shared planner, and refuses roulette spots', () => {
    const state = seated();
    expect(placementProblem(state, [{ spot: 'banker', amountMinor: 500 }])).toBeNull();
    expect(placementProblem(state, [{ spot: 'red', amountMinor: 500 }])).toBe('Unknown spot red');
    let id = 0;
    const plan = planPlacement(state, [{ spot: 'player-pair', amountMinor: 100 }], () => `id${++id}`);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    const pending = playerReducer(state, { type: 'request', request: plan.requests[0]! });
    expect(spotStakes(pending).get('player-pair')).toEqual({ confirmedMinor: 0, pendingMinor: 100, othersMinor: 0 });
  });

  it('shows the newest result of the table, its own round’s outcome arriving with round.result', () => {
    const state = seated();
    expect(lastResult(state)?.outcome).toMatchObject({ winner: 'player' });
    const outcome: BaccaratOutcome = { player: ['2S', '3D', '4C'], banker: ['5S', '5D'], playerTotal: 9, bankerTotal: 0, winner: 'player' };
    const resulted = [
      server({ kind: 'event', tableId: 't9', seq: 4, at: 2, event: { kind: 'round.closed', round: 2 } }),
      server({
        kind: 'event',
        tableId: 't9',
        seq: 5,
        at: 3,
        event: { kind: 'round.result', round: 2, outcome, serverSeed: 'ab', clientString: '', chainIndex: 9, commitment: 'cafe' },
      }),
    ].reduce(playerReducer, state);
    expect(lastResult(resulted)).toMatchObject({ round: 2, outcome });
    expect(baccaratHands(resulted.history).map((hand) => hand.round)).toEqual([1, 2]);
  });
});
