// Baccarat roads on hand-worked shoes: where every mark goes on the bead
// plate and big road (dragon tails included), and the red/blue marks of the
// three derived roads, worked out by hand from the standard rules.
import { describe, it, expect } from 'vitest';
import { Pf1Stream } from '../../src/shared/fairness/pf1.ts';
import {
  ROAD_ROWS,
  baccaratRoads,
  beadPlate,
  bigRoad,
  derivedRoad,
  placeStreaks,
  predictNext,
  roadResultOf,
  type DerivedMark,
  type RoadCell,
  type RoadResult,
} from '../../src/shared/games/baccarat-roads.ts';

/** "BPT" -> banker, player, tie; no pairs. */
function shoe(text: string): RoadResult[] {
  const winners = { B: 'banker', P: 'player', T: 'tie' } as const;
  return [...text.replaceAll(' ', '')].map((letter) => {
    const winner = winners[letter as keyof typeof winners];
    if (winner === undefined) throw new Error(`bad letter ${letter}`);
    return { winner, playerPair: false, bankerPair: false };
  });
}

const positions = <T>(cells: RoadCell<T>[]) => cells.map((cell) => [cell.column, cell.row]);
const marks = (text: string): DerivedMark[] => [...text].map((letter) => (letter === 'r' ? 'red' : 'blue'));

describe('road results', () => {
  it('carry the winner and the pairs of an outcome', () => {
    const outcome = { player: ['7S', '7D', '9C'], banker: ['10S', 'KS'], playerTotal: 3, bankerTotal: 0, winner: 'player' } as const;
    expect(roadResultOf({ ...outcome, player: [...outcome.player], banker: [...outcome.banker] })).toEqual({
      winner: 'player',
      playerPair: true,
      bankerPair: false,
    });
  });
});

describe('bead plate', () => {
  it('fills columns of six top to bottom, ties included', () => {
    const results = shoe('BPTBBPPT');
    results[3] = { winner: 'banker', playerPair: true, bankerPair: false };
    const plate = beadPlate(results);
    expect(positions(plate)).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [0, 3],
      [0, 4],
      [0, 5],
      [1, 0],
      [1, 1],
    ]);
    expect(plate.map((cell) => cell.value.winner)).toEqual(results.map((result) => result.winner));
    expect(plate[3]?.value).toEqual({ winner: 'banker', playerPair: true, bankerPair: false, hand: 3 });
  });
});

describe('big road', () => {
  it('starts a column when the winner changes and marks ties on the hand before', () => {
    const road = bigRoad(shoe('TT BB P TT P B'));
    expect(road.leadingTies).toBe(2);
    expect(road.streaks.map((streak) => streak.map((entry) => [entry.winner[0], entry.hand, entry.ties]))).toEqual([
      [
        ['b', 2, 0],
        ['b', 3, 0],
      ],
      [
        ['p', 4, 2],
        ['p', 7, 0],
      ],
      [['b', 8, 0]],
    ]);
    expect(positions(road.cells)).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [2, 0],
    ]);
  });

  it('keeps only ties while there is no win yet', () => {
    expect(bigRoad(shoe('TTT'))).toEqual({ leadingTies: 3, streaks: [], cells: [] });
    expect(bigRoad([])).toEqual({ leadingTies: 0, streaks: [], cells: [] });
  });

  it('bends a long streak right along the bottom, and the next streak turns above it', () => {
    const road = bigRoad(shoe('BBBBBBBB PPPPPPP B PPPPP'));
    expect(positions(road.cells)).toEqual([
      // 8 bankers: down column 0, then right along row 5.
      ...[0, 1, 2, 3, 4, 5].map((row) => [0, row]),
      [1, 5],
      [2, 5],
      // 7 players: down column 1 until the tail below, then right along row 4.
      ...[0, 1, 2, 3, 4].map((row) => [1, row]),
      [2, 4],
      [3, 4],
      // 1 banker at the top of column 2.
      [2, 0],
      // 5 players: column 3 down to row 3, then right.
      ...[0, 1, 2, 3].map((row) => [3, row]),
      [4, 3],
    ]);
    expect(road.streaks.map((streak) => streak.length)).toEqual([8, 7, 1, 5]);
  });

  it('starts a streak past tails that fill the top row', () => {
    // Each streak bends one row higher than the last, until one runs along row 0 over columns 6 and 7.
    const lengths = [11, 9, 7, 5, 3, 3, 1];
    const cells = placeStreaks(lengths.map((length, streak) => Array.from({ length }, () => streak)));
    const at = (streak: number) => positions(cells.filter((cell) => cell.value === streak));
    expect(at(4)).toEqual([
      [4, 0],
      [4, 1],
      [5, 1],
    ]);
    expect(at(5)).toEqual([
      [5, 0],
      [6, 0],
      [7, 0],
    ]);
    expect(at(6)).toEqual([[8, 0]]);
  });

  it('never puts two marks in one cell or below row 5, on a long real shoe', () => {
    // A deterministic pseudo-random shoe from a pf1 stream; ties and long streaks included.
    const stream = new Pf1Stream(new Uint8Array(32).fill(7), 'roads', 1);
    const results = shoe(Array.from({ length: 400 }, () => 'BBBBPPPT'[stream.uniform(8)]).join(''));
    for (const cells of [bigRoad(results).cells, ...(['bigEyeBoy', 'smallRoad', 'cockroachPig'] as const).map((name) => baccaratRoads(results)[name].cells)]) {
      const seen = new Set(cells.map((cell) => `${cell.column},${cell.row}`));
      expect(seen.size).toBe(cells.length);
      expect(cells.every((cell) => cell.row >= 0 && cell.row < ROAD_ROWS)).toBe(true);
    }
  });
});

describe('derived roads', () => {
  // Big road columns of 3, 2, 1 and 4.
  const results = shoe('BBB PP B PPPP');

  it('big eye boy starts at column 1 row 1 and compares with the column before', () => {
    // (1,1): column 0 reaches row 1 -> red. (2,0): columns 1 and 0 differ (2 v 3) -> blue.
    // (3,0): 1 v 2 -> blue. (3,1): column 2 stops one short -> blue. (3,2), (3,3): already outrun -> red.
    const road = derivedRoad(bigRoad(results), 1);
    expect(road.streaks.flat()).toEqual(marks('rbbbrr'));
    expect(road.streaks).toEqual([marks('r'), marks('bbb'), marks('rr')]);
    expect(positions(road.cells)).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [1, 2],
      [2, 0],
      [2, 1],
    ]);
  });

  it('small road starts at column 2 row 1 (or column 3 row 0) and compares two columns back', () => {
    // (3,0): columns 2 and 0 differ (1 v 3) -> blue. (3,1): column 1 reaches row 1 -> red.
    // (3,2): column 1 stops one short -> blue. (3,3): already outrun -> red.
    expect(derivedRoad(bigRoad(results), 2).streaks.flat()).toEqual(marks('brbr'));
  });

  it('cockroach pig starts at column 3 row 1 (or column 4 row 0) and compares three columns back', () => {
    // (3,1), (3,2): column 0 reaches -> red. (3,3): column 0 stops one short -> blue.
    expect(derivedRoad(bigRoad(results), 3).streaks.flat()).toEqual(marks('rrb'));
  });

  it('read a choppy shoe and an even-column shoe as all red', () => {
    expect(baccaratRoads(shoe('BPBPBPBPBP')).bigEyeBoy.streaks.flat()).toEqual(marks('rrrrrrrr'));
    // Five columns of two: small road marks (2,1), (3,0), (3,1), (4,0), (4,1).
    expect(baccaratRoads(shoe('BBPPBBPPBB')).smallRoad.streaks.flat()).toEqual(marks('rrrrr'));
  });

  it('ignore ties and pairs', () => {
    const withTies = shoe('BTBB PTP B PPTPP');
    withTies[4] = { winner: 'player', playerPair: true, bankerPair: true };
    const a = baccaratRoads(withTies);
    const b = baccaratRoads(results);
    expect([a.bigEyeBoy, a.smallRoad, a.cockroachPig]).toEqual([b.bigEyeBoy, b.smallRoad, b.cockroachPig]);
  });

  it('only ever grow: a longer shoe keeps every earlier mark', () => {
    const stream = new Pf1Stream(new Uint8Array(32).fill(9), 'roads', 2);
    const long = shoe(Array.from({ length: 200 }, () => 'BPT'[stream.uniform(3)]).join(''));
    for (const offset of [1, 2, 3] as const) {
      const full = derivedRoad(bigRoad(long), offset).streaks.flat();
      for (let length = 0; length < long.length; length += 17) {
        const prefix = derivedRoad(bigRoad(long.slice(0, length)), offset).streaks.flat();
        expect(full.slice(0, prefix.length)).toEqual(prefix);
      }
    }
  });
});

describe('predictions', () => {
  const results = shoe('BBB PP B PPPP');

  it('say what each derived road would mark on the next hand', () => {
    // Another player: column 3 grows to 5 rows, past every column it is compared with -> red everywhere.
    expect(predictNext(results, 'player')).toEqual({ bigEyeBoy: 'red', smallRoad: 'red', cockroachPig: 'red' });
    // A banker opens column 4: 4 rows against 1, 2 and 3 -> blue everywhere.
    expect(predictNext(results, 'banker')).toEqual({ bigEyeBoy: 'blue', smallRoad: 'blue', cockroachPig: 'blue' });
  });

  it('are null where a road has not started, and agree with the roads themselves', () => {
    expect(predictNext(shoe('B'), 'player')).toEqual({ bigEyeBoy: null, smallRoad: null, cockroachPig: null });
    const stream = new Pf1Stream(new Uint8Array(32).fill(3), 'roads', 3);
    const long = shoe(Array.from({ length: 60 }, () => 'BP'[stream.uniform(2)]).join(''));
    for (const winner of ['banker', 'player'] as const) {
      const next = baccaratRoads([...long, { winner, playerPair: false, bankerPair: false }]);
      const prediction = predictNext(long, winner);
      expect(prediction.bigEyeBoy).toBe(next.bigEyeBoy.streaks.flat().at(-1));
      expect(prediction.smallRoad).toBe(next.smallRoad.streaks.flat().at(-1));
      expect(prediction.cockroachPig).toBe(next.cockroachPig.streaks.flat().at(-1));
    }
  });
});
