// Punto banco from an 8-deck shoe: ONE table-driven paytable, settlement, and
// the exact return of every bet. The deal itself is baccarat-draw.ts (pf1 §5);
// this file never deals a card of its own, so the math cannot drift from it.
import type { BaccaratOutcome, Outcome } from '../protocol.ts';
import { Pf1Stream, SEED_BYTES, cardRank } from '../fairness/pf1.ts';
import { BACCARAT_DECKS, drawBaccaratHand } from './baccarat-draw.ts';

export const BACCARAT_RULES_VERSION = 'baccarat/1';

export type BaccaratBetKind = 'player' | 'banker' | 'tie' | 'player-pair' | 'banker-pair';

export type BaccaratSpot = {
  /** One spot per kind, so the id is the kind. */
  id: BaccaratBetKind;
  kind: BaccaratBetKind;
  /**
   * Winnings per 100 staked: 95 is "0.95 to 1". Per 100 rather than a
   * fraction so the 5% commission stays integer arithmetic.
   */
  payoutPercent: number;
  /** Player and Banker bets are returned when the hand ties. */
  pushesOnTie: boolean;
};

/** The whole paytable. Banker pays 0.95:1, i.e. even money less 5% commission. */
const PAYTABLE: Record<BaccaratBetKind, Omit<BaccaratSpot, 'id' | 'kind'>> = {
  player: { payoutPercent: 100, pushesOnTie: true },
  banker: { payoutPercent: 95, pushesOnTie: true },
  tie: { payoutPercent: 800, pushesOnTie: false },
  'player-pair': { payoutPercent: 1100, pushesOnTie: false },
  'banker-pair': { payoutPercent: 1100, pushesOnTie: false },
};

const KINDS = Object.keys(PAYTABLE) as BaccaratBetKind[];

export const baccaratSpots: ReadonlyMap<string, BaccaratSpot> = new Map(
  KINDS.map((kind) => [kind, Object.freeze({ id: kind, kind, ...PAYTABLE[kind] })]),
);

// ---------------------------------------------------------------- outcome

/** Only a baccarat outcome has both hands. */
export function isBaccaratOutcome(outcome: Outcome): outcome is BaccaratOutcome {
  return 'player' in outcome && 'banker' in outcome;
}

/** §5 baccarat; the shared draw, under this module's name for symmetry with the other games. */
export function drawBaccarat(stream: Pf1Stream): BaccaratOutcome {
  return drawBaccaratHand(stream);
}

/** "10H" -> "10": a card name is its rank followed by a one-letter suit. */
function rankText(cardName: string): string {
  return cardName.slice(0, -1);
}

/** A pair is the hand's first two cards of the same RANK: 10 and K are both worth 0 but are not a pair. */
export function isPair(cards: readonly string[]): boolean {
  const [first, second] = cards;
  return first !== undefined && second !== undefined && rankText(first) === rankText(second);
}

// ---------------------------------------------------------------- settle

/** Whether the bet's own event happened (its win), regardless of pushes. */
function wins(kind: BaccaratBetKind, outcome: BaccaratOutcome): boolean {
  switch (kind) {
    case 'player':
    case 'banker':
    case 'tie':
      return outcome.winner === kind;
    case 'player-pair':
      return isPair(outcome.player);
    case 'banker-pair':
      return isPair(outcome.banker);
  }
}

/**
 * Total returned for one bet: stake + winnings on a win, the stake on a push,
 * 0 on a loss. Winnings are floor(stake × payoutPercent / 100) minor units:
 * the banker's 5% commission is rounded in the house's favour, so a Banker
 * win on a 1.05 stake returns 2.04, not 2.0475. Stakes that are multiples of
 * 20 minor units are paid exactly.
 */
export function baccaratPayoutMinor(spotId: string, amountMinor: number, outcome: BaccaratOutcome): number {
  const spot = baccaratSpots.get(spotId);
  if (spot === undefined) throw new Error(`unknown baccarat spot ${JSON.stringify(spotId)}`);
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) throw new RangeError(`bad stake ${amountMinor}`);
  if (!['player', 'banker', 'tie'].includes(outcome.winner)) throw new RangeError(`bad winner ${JSON.stringify(outcome.winner)}`);
  if (wins(spot.kind, outcome)) {
    const scaled = amountMinor * spot.payoutPercent;
    if (!Number.isSafeInteger(scaled)) throw new RangeError('payout exceeds safe integer range');
    return amountMinor + Math.floor(scaled / 100);
  }
  if (spot.pushesOnTie && outcome.winner === 'tie') return amountMinor;
  return 0;
}

// ---------------------------------------------------------------- tableau

/**
 * A stream that makes a fresh shoe deal cards of chosen point values, in
 * order. It mirrors the shoe's Fisher–Yates (§5: j = t + uniform(N − t), swap
 * a[t] and a[j]) and answers uniform() with the offset of the next wanted card.
 * It exists to ask the real draw what the tableau does instead of writing the
 * tableau out a second time.
 */
class ForcedStream extends Pf1Stream {
  readonly #cards: number[] = [];
  #points: readonly number[] = [];
  #dealt = 0;

  constructor() {
    super(new Uint8Array(SEED_BYTES), '', 1);
  }

  /** Forces the next fresh shoe to deal these point values; one stream serves every deal, as keying HMAC is the slow part. */
  force(points: readonly number[]): this {
    this.#cards.length = 0;
    for (let index = 0; index < 52 * BACCARAT_DECKS; index++) this.#cards.push(index);
    this.#points = points;
    this.#dealt = 0;
    return this;
  }

  override uniform(m: number): number {
    const t = this.#dealt;
    const wanted = this.#points[t];
    if (wanted === undefined) throw new Error(`the draw asked for card ${t + 1}, but only ${this.#points.length} were forced`);
    const j = this.#cards.findIndex((card, index) => index >= t && pointsOf(card) === wanted);
    if (j < 0 || j - t >= m) throw new Error(`no card worth ${wanted} left to force`);
    const card = this.#cards[j] as number;
    this.#cards[j] = this.#cards[t] as number;
    this.#cards[t] = card;
    this.#dealt++;
    return j - t;
  }
}

/** A = 1, 2–9 face value, 10/J/Q/K = 0. */
function pointsOf(card: number): number {
  const rank = cardRank(card);
  return rank >= 10 ? 0 : rank;
}

export type BaccaratTableau = {
  /** Whether the player draws a third card on these two-card totals. */
  playerDraws(playerTotal: number, bankerTotal: number): boolean;
  /** Whether the banker draws; playerThird is the point value of the player's third card, or null if the player stood. */
  bankerDraws(playerTotal: number, bankerTotal: number, playerThird: number | null): boolean;
};

/**
 * The tableau as the real draw plays it, read off once per (player total,
 * banker total, player's third card): 10 × 10 × 11 small deals. Each hand's
 * two cards are the total's value and a ten-value card.
 */
function readTableau(): BaccaratTableau {
  const STOOD = 10;
  const stream = new ForcedStream();
  const playerDrawsTable: boolean[] = [];
  const bankerDrawsTable: boolean[] = [];
  for (let playerTotal = 0; playerTotal < 10; playerTotal++) {
    for (let bankerTotal = 0; bankerTotal < 10; bankerTotal++) {
      const cell = playerTotal * 10 + bankerTotal;
      // Deal order P1, B1, P2, B2, P3, B3; the forced third cards are only dealt if the draw asks for them.
      const deal = (playerThird: number) => drawBaccaratHand(stream.force([playerTotal, bankerTotal, 0, 0, playerThird, 0]));
      const firstDeal = deal(0);
      const playerDrew = firstDeal.player.length === 3;
      playerDrawsTable[cell] = playerDrew;
      for (let third = 0; third <= STOOD; third++) {
        // Cases no deal reaches (a third card the player never drew, or none when it did) read as "stands".
        let bankerDrew = false;
        if (!playerDrew && third === STOOD) bankerDrew = firstDeal.banker.length === 3;
        if (playerDrew && third !== STOOD) bankerDrew = deal(third).banker.length === 3;
        bankerDrawsTable[cell * 11 + third] = bankerDrew;
      }
    }
  }
  const index = (total: number) => {
    if (!Number.isInteger(total) || total < 0 || total > 9) throw new RangeError(`bad total ${total}`);
    return total;
  };
  return Object.freeze({
    playerDraws: (playerTotal: number, bankerTotal: number) =>
      playerDrawsTable[index(playerTotal) * 10 + index(bankerTotal)] === true,
    bankerDraws: (playerTotal: number, bankerTotal: number, playerThird: number | null) =>
      bankerDrawsTable[(index(playerTotal) * 10 + index(bankerTotal)) * 11 + (playerThird === null ? STOOD : index(playerThird))] ===
      true,
  });
}

export const baccaratTableau: BaccaratTableau = readTableau();

// ---------------------------------------------------------------- exact odds

/**
 * How many ordered 6-card sequences off the top of a full shoe lead to each
 * result. A hand that uses k < 6 cards stands for every way of dealing the
 * unused 6 − k cards, so all hands share one denominator: 416·415·…·411 ≈ 5.0e15,
 * below 2^53, so every count and sum here is an exact integer.
 */
export type BaccaratResultCounts = { player: number; banker: number; tie: number; total: number };

/** Full enumeration by card VALUE (0..9 with multiplicities 128, 32, …, 32), drawing without replacement. */
function countResults(): BaccaratResultCounts {
  const cardsPerValue = 4 * BACCARAT_DECKS;
  const left = [4 * cardsPerValue, ...Array.from({ length: 9 }, () => cardsPerValue)];
  const shoeSize = 52 * BACCARAT_DECKS;
  /** Ways to deal the 6 − used cards a hand of `used` cards leaves undealt: (N − used)(N − used − 1)…(N − 5). */
  const unusedWays = [0, 1, 2, 3, 4, 5, 6].map((used) => {
    let ways = 1;
    for (let dealt = used; dealt < 6; dealt++) ways *= shoeSize - dealt;
    return ways;
  });
  // Indexed player, banker, tie; a plain array keeps this hot loop (about a million hands) cheap.
  const byWinner = [0, 0, 0];
  const record = (playerTotal: number, bankerTotal: number, ways: number) => {
    const winner = playerTotal > bankerTotal ? 0 : bankerTotal > playerTotal ? 1 : 2;
    byWinner[winner] = (byWinner[winner] as number) + ways;
  };
  // Takes one card of this value out of the shoe, returning how many there were to choose from.
  const take = (value: number) => {
    const ways = left[value] as number;
    left[value] = ways - 1;
    return ways;
  };
  const putBack = (value: number) => {
    left[value] = (left[value] as number) + 1;
  };
  /** Banker's third card (or none), after which the hand is settled. */
  const finishBanker = (playerTotal: number, bankerTotal: number, draws: boolean, ways: number, used: number) => {
    if (!draws) return record(playerTotal, bankerTotal, ways * (unusedWays[used] as number));
    const afterThird = unusedWays[used + 1] as number;
    for (let value = 0; value < 10; value++) {
      const choices = take(value);
      if (choices > 0) record(playerTotal, (bankerTotal + value) % 10, ways * choices * afterThird);
      putBack(value);
    }
  };

  for (let p1 = 0; p1 < 10; p1++) {
    const w1 = take(p1);
    for (let b1 = 0; b1 < 10; b1++) {
      const w2 = w1 * take(b1);
      for (let p2 = 0; p2 < 10; p2++) {
        const w3 = w2 * take(p2);
        for (let b2 = 0; b2 < 10; b2++) {
          const ways = w3 * take(b2);
          const playerTotal = (p1 + p2) % 10;
          const bankerTotal = (b1 + b2) % 10;
          if (ways > 0) {
            if (!baccaratTableau.playerDraws(playerTotal, bankerTotal)) {
              finishBanker(playerTotal, bankerTotal, baccaratTableau.bankerDraws(playerTotal, bankerTotal, null), ways, 4);
            } else {
              for (let p3 = 0; p3 < 10; p3++) {
                const choices = take(p3);
                if (choices > 0) {
                  const drawn = baccaratTableau.bankerDraws(playerTotal, bankerTotal, p3);
                  finishBanker((playerTotal + p3) % 10, bankerTotal, drawn, ways * choices, 5);
                }
                putBack(p3);
              }
            }
          }
          putBack(b2);
        }
        putBack(p2);
      }
      putBack(b1);
    }
    putBack(p1);
  }
  const [player, banker, tie] = byWinner as [number, number, number];
  return { player, banker, tie, total: player + banker + tie };
}

export const baccaratResultCounts: Readonly<BaccaratResultCounts> = Object.freeze(countResults());

/**
 * Chance that a hand's first two cards are a pair: 13 ranks of 4·D cards, the
 * second of the same rank as the first. Exact for either hand, since the two
 * are just two positions of a uniformly shuffled shoe, whatever lies between.
 */
function pairChance(): number {
  const perRank = 4 * BACCARAT_DECKS;
  const shoeSize = 52 * BACCARAT_DECKS;
  return (13 * perRank * (perRank - 1)) / (shoeSize * (shoeSize - 1));
}

/**
 * Return per unit staked on each kind, straight from the paytable. Winnings
 * are taken at face value (0.95 exactly); floor rounding of small or odd
 * stakes (see baccaratPayoutMinor) only lowers the return further.
 */
function computeRtp(): Record<BaccaratBetKind, number> {
  const { total } = baccaratResultCounts;
  const pair = pairChance();
  const winChance: Record<BaccaratBetKind, number> = {
    player: baccaratResultCounts.player / total,
    banker: baccaratResultCounts.banker / total,
    tie: baccaratResultCounts.tie / total,
    'player-pair': pair,
    'banker-pair': pair,
  };
  const tieChance = baccaratResultCounts.tie / total;
  const rtp = {} as Record<BaccaratBetKind, number>;
  for (const kind of KINDS) {
    const { payoutPercent, pushesOnTie } = PAYTABLE[kind];
    rtp[kind] = (winChance[kind] * (100 + payoutPercent)) / 100 + (pushesOnTie ? tieChance : 0);
  }
  return rtp;
}

export const baccaratRtpByKind: Record<BaccaratBetKind, number> = Object.freeze(computeRtp());
