// The statistics each game's players look for, over the results on screen
// (the table's history, newest first, capped at Limits.historyLength):
// baccarat and dragon tiger wins, ties, pairs and the current streak; sic bo
// Big/Small/Odd/Even/triple shares, how often each face fell, and the hot
// and cold totals. Pure, so the numbers on screen are unit-testable.
import type {
  BaccaratOutcome,
  DragonTigerOutcome,
  HistoryEntry,
  Outcome,
  SicboOutcome,
} from '../../../shared/protocol.ts';
import { isBaccaratOutcome, isPair } from '../../../shared/games/baccarat.ts';
import { placeStreaks, type RoadCell } from '../../../shared/games/baccarat-roads.ts';
import { isDragonTigerOutcome, isSuitedTie } from '../../../shared/games/dragon-tiger.ts';
import { isSicboOutcome } from '../../../shared/games/sicbo.ts';
import { diceTotal, isTripleThrow } from './dice.ts';

/** One result of the table, with the round it settled. */
export type Played<T extends Outcome> = { round: number; outcome: T };

/** The table's results of one game, OLDEST first (the order roads are drawn in). */
function played<T extends Outcome>(history: readonly HistoryEntry[], isOwn: (outcome: Outcome) => outcome is T): Played<T>[] {
  const own: Played<T>[] = [];
  for (const entry of history) if (isOwn(entry.outcome)) own.push({ round: entry.round, outcome: entry.outcome });
  return own.sort((a, b) => a.round - b.round);
}

export const baccaratHands = (history: readonly HistoryEntry[]): Played<BaccaratOutcome>[] => played(history, isBaccaratOutcome);
export const dragonTigerCoups = (history: readonly HistoryEntry[]): Played<DragonTigerOutcome>[] =>
  played(history, isDragonTigerOutcome);
/** Only well-formed throws: three faces 1..6 (history comes over the network). */
export const sicboThrows = (history: readonly HistoryEntry[]): Played<SicboOutcome>[] =>
  played(history, isSicboOutcome).filter(({ outcome }) => isWellFormedThrow(outcome.dice));

function isWellFormedThrow(dice: unknown): boolean {
  return Array.isArray(dice) && dice.length === 3 && dice.every((die) => Number.isInteger(die) && die >= 1 && die <= 6);
}

/** The running streak at the end: who has won the last hands in a row (ties neither break nor extend it). */
export type Streak<W extends string> = { winner: W; length: number } | null;

export function currentStreak<W extends string>(winners: readonly (W | 'tie')[]): Streak<W> {
  let streak: Streak<W> = null;
  for (const winner of winners) {
    if (winner === 'tie') continue;
    streak = streak !== null && streak.winner === winner ? { winner, length: streak.length + 1 } : { winner, length: 1 };
  }
  return streak;
}

// ---------------------------------------------------------------- baccarat

export type BaccaratTally = {
  hands: number;
  player: number;
  banker: number;
  tie: number;
  playerPair: number;
  bankerPair: number;
  streak: Streak<'player' | 'banker'>;
};

export function baccaratTally(hands: readonly Played<BaccaratOutcome>[]): BaccaratTally {
  const count = (test: (outcome: BaccaratOutcome) => boolean): number => hands.filter(({ outcome }) => test(outcome)).length;
  return {
    hands: hands.length,
    player: count((outcome) => outcome.winner === 'player'),
    banker: count((outcome) => outcome.winner === 'banker'),
    tie: count((outcome) => outcome.winner === 'tie'),
    playerPair: count((outcome) => isPair(outcome.player)),
    bankerPair: count((outcome) => isPair(outcome.banker)),
    streak: currentStreak(hands.map(({ outcome }) => outcome.winner)),
  };
}

// ---------------------------------------------------------------- dragon tiger

export type DragonTigerTally = {
  coups: number;
  dragon: number;
  tiger: number;
  tie: number;
  suitedTie: number;
  streak: Streak<'dragon' | 'tiger'>;
};

export function dragonTigerTally(coups: readonly Played<DragonTigerOutcome>[]): DragonTigerTally {
  const count = (test: (outcome: DragonTigerOutcome) => boolean): number => coups.filter(({ outcome }) => test(outcome)).length;
  return {
    coups: coups.length,
    dragon: count((outcome) => outcome.winner === 'dragon'),
    tiger: count((outcome) => outcome.winner === 'tiger'),
    tie: count((outcome) => outcome.winner === 'tie'),
    suitedTie: count(isSuitedTie),
    streak: currentStreak(coups.map(({ outcome }) => outcome.winner)),
  };
}

/** A column mark of a streak road: who won, on which round, and how many ties followed it. */
export type StreakMark<W extends string> = { winner: W; round: number; ties: number };
export type StreakRoad<W extends string> = { leadingTies: number; cells: RoadCell<StreakMark<W>>[] };

/**
 * A big road for any two-sided game: a column per streak, ties counted on
 * the win before them, laid out with the shared dragon-tail placement.
 */
export function streakRoad<W extends string>(results: readonly { round: number; winner: W | 'tie' }[]): StreakRoad<W> {
  let leadingTies = 0;
  const streaks: StreakMark<W>[][] = [];
  let last: StreakMark<W> | undefined;
  for (const { round, winner } of results) {
    if (winner === 'tie') {
      if (last === undefined) leadingTies++;
      else last.ties++;
      continue;
    }
    const mark: StreakMark<W> = { winner: winner as W, round, ties: 0 };
    const current = streaks.at(-1);
    if (current !== undefined && last?.winner === winner) current.push(mark);
    else streaks.push([mark]);
    last = mark;
  }
  return { leadingTies, cells: placeStreaks(streaks) };
}

// ---------------------------------------------------------------- sic bo

export type SicboTally = {
  throws: number;
  small: number;
  big: number;
  odd: number;
  even: number;
  triple: number;
  /** How many dice showed each face 1..6 (index 0 is face 1), three dice per throw. */
  faces: number[];
};

export function sicboTally(throws: readonly Played<SicboOutcome>[]): SicboTally {
  const tally: SicboTally = { throws: throws.length, small: 0, big: 0, odd: 0, even: 0, triple: 0, faces: [0, 0, 0, 0, 0, 0] };
  for (const { outcome } of throws) {
    const total = diceTotal(outcome.dice);
    for (const die of outcome.dice) tally.faces[die - 1] = (tally.faces[die - 1] ?? 0) + 1;
    // As on the layout: a triple beats Small, Big, Odd and Even.
    if (isTripleThrow(outcome.dice)) {
      tally.triple++;
      continue;
    }
    if (total <= 10) tally.small++;
    else tally.big++;
    if (total % 2 === 1) tally.odd++;
    else tally.even++;
  }
  return tally;
}

export type TotalFrequency = { total: number; count: number };
export type HotColdTotals = { hot: TotalFrequency[]; cold: TotalFrequency[] };

/** The totals there is a bet on. 3 and 18 only come as triples and would always be the coldest. */
export const BETTABLE_TOTALS: readonly number[] = Array.from({ length: 14 }, (_, index) => index + 4);
export const HOT_COLD_TOTALS = 4;

/** throws oldest first; ties go to the more recent total (hot) or the one missing longest (cold). */
export function hotColdTotals(throws: readonly Played<SicboOutcome>[], size = HOT_COLD_TOTALS): HotColdTotals {
  const count = new Map<number, number>();
  const lastSeen = new Map<number, number>();
  throws.forEach(({ outcome }, index) => {
    const total = diceTotal(outcome.dice);
    count.set(total, (count.get(total) ?? 0) + 1);
    lastSeen.set(total, index);
  });
  const all = BETTABLE_TOTALS.map((total) => ({
    total,
    count: count.get(total) ?? 0,
    lastSeen: lastSeen.get(total) ?? Number.NEGATIVE_INFINITY,
  }));
  const strip = ({ total, count: times }: TotalFrequency): TotalFrequency => ({ total, count: times });
  const hot = all
    .filter((entry) => entry.count > 0)
    .sort((a, b) => b.count - a.count || b.lastSeen - a.lastSeen || a.total - b.total)
    .slice(0, size);
  const cold = [...all].sort((a, b) => a.count - b.count || a.lastSeen - b.lastSeen || a.total - b.total).slice(0, size);
  return { hot: hot.map(strip), cold: cold.map(strip) };
}

/** A whole-number percentage for a share bar; 0 of 0 is 0. */
export function percentOf(part: number, whole: number): number {
  return whole > 0 ? Math.round((100 * part) / whole) : 0;
}
