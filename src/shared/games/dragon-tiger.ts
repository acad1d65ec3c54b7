// Dragon Tiger from an 8-deck shoe: one card each, the higher rank wins. ONE
// table-driven paytable, the pf1 draw, settlement and the exact return of
// every bet, enumerated over the shoe.
import type { DragonTigerOutcome, Outcome } from '../protocol.ts';
import { Shoe, cardName, cardRank, type Pf1Stream } from '../fairness/pf1.ts';

export const DRAGON_TIGER_RULES_VERSION = 'dragon-tiger/1';
export const DRAGON_TIGER_DECKS = 8;
const CARDS_PER_DECK = 52;

export type DragonTigerBetKind = 'dragon' | 'tiger' | 'tie' | 'suited-tie';

export type DragonTigerSpot = {
  /** One spot per kind, so the id is the kind. */
  id: DragonTigerBetKind;
  kind: DragonTigerBetKind;
  /** Winnings per unit staked ("8 to 1"); the stake comes back on top. */
  payout: number;
  /** Dragon and Tiger lose only half the stake when the hand ties. */
  halfBackOnTie: boolean;
};

/**
 * Table options. Tie pays 8:1 on the standard table; some houses pay 11:1.
 * A table offering 11:1 would need its own GameId and rules version, since a
 * rules version must name one paytable; only 8:1 is registered for now.
 */
export type DragonTigerOptions = { tiePays: 8 | 11 };

export type DragonTigerRules = {
  rulesVersion: string;
  spots: ReadonlyMap<string, DragonTigerSpot>;
  payoutMinor(spotId: string, amountMinor: number, outcome: DragonTigerOutcome): number;
  rtpByKind: Record<DragonTigerBetKind, number>;
};

// ---------------------------------------------------------------- outcome

/** Only a dragon-tiger outcome has a dragon card. */
export function isDragonTigerOutcome(outcome: Outcome): outcome is DragonTigerOutcome {
  return 'dragon' in outcome && 'tiger' in outcome;
}

/** The outcome of two dealt card indices: A = 1 … K = 13, higher wins, equal ranks tie. */
export function dragonTigerOutcomeOf(dragon: number, tiger: number): DragonTigerOutcome {
  const difference = cardRank(dragon) - cardRank(tiger);
  return {
    dragon: cardName(dragon),
    tiger: cardName(tiger),
    winner: difference > 0 ? 'dragon' : difference < 0 ? 'tiger' : 'tie',
  };
}

/** §5 dragon-tiger: Dragon is the first card of a fresh 8-deck shoe, Tiger the second. */
export function drawDragonTiger(stream: Pf1Stream): DragonTigerOutcome {
  const shoe = new Shoe(stream, DRAGON_TIGER_DECKS);
  const dragon = shoe.draw();
  const tiger = shoe.draw();
  return dragonTigerOutcomeOf(dragon, tiger);
}

/** A tie of the same rank AND suit ("7H" against "7H"), possible with several decks. */
export function isSuitedTie(outcome: DragonTigerOutcome): boolean {
  return outcome.winner === 'tie' && outcome.dragon === outcome.tiger;
}

// ---------------------------------------------------------------- paytable and settlement

function settle(spot: DragonTigerSpot, amountMinor: number, outcome: DragonTigerOutcome): number {
  if (!['dragon', 'tiger', 'tie'].includes(outcome.winner)) throw new RangeError(`bad winner ${JSON.stringify(outcome.winner)}`);
  const won = spot.kind === 'suited-tie' ? isSuitedTie(outcome) : outcome.winner === spot.kind;
  if (won) {
    const total = amountMinor * (spot.payout + 1);
    if (!Number.isSafeInteger(total)) throw new RangeError('payout exceeds safe integer range');
    return total;
  }
  // Half the stake back, rounded down in the house's favour for odd minor amounts.
  if (spot.halfBackOnTie && outcome.winner === 'tie') return Math.floor(amountMinor / 2);
  return 0;
}

/**
 * Exact return per kind by enumerating every ordered pair of cards off a full
 * shoe: 52 distinct cards with 8 copies each, the second drawn without
 * replacement. Settled with a stake of 2 so the half-back on a tie is exact.
 */
function computeRtp(
  spots: ReadonlyMap<string, DragonTigerSpot>,
  payoutMinor: DragonTigerRules['payoutMinor'],
): Record<DragonTigerBetKind, number> {
  const STAKE = 2;
  const returned = new Map<DragonTigerBetKind, number>();
  let deals = 0;
  for (let dragon = 0; dragon < CARDS_PER_DECK; dragon++) {
    for (let tiger = 0; tiger < CARDS_PER_DECK; tiger++) {
      const ways = DRAGON_TIGER_DECKS * (DRAGON_TIGER_DECKS - (dragon === tiger ? 1 : 0));
      const outcome = dragonTigerOutcomeOf(dragon, tiger);
      deals += ways;
      for (const spot of spots.values()) {
        returned.set(spot.kind, (returned.get(spot.kind) ?? 0) + ways * payoutMinor(spot.id, STAKE, outcome));
      }
    }
  }
  const rtp = {} as Record<DragonTigerBetKind, number>;
  for (const [kind, units] of returned) rtp[kind] = units / (STAKE * deals);
  return rtp;
}

export function dragonTigerRules(options: DragonTigerOptions): DragonTigerRules {
  const paytable: Record<DragonTigerBetKind, Omit<DragonTigerSpot, 'id' | 'kind'>> = {
    dragon: { payout: 1, halfBackOnTie: true },
    tiger: { payout: 1, halfBackOnTie: true },
    tie: { payout: options.tiePays, halfBackOnTie: false },
    'suited-tie': { payout: 50, halfBackOnTie: false },
  };
  const spots: ReadonlyMap<string, DragonTigerSpot> = new Map(
    (Object.keys(paytable) as DragonTigerBetKind[]).map((kind) => [kind, Object.freeze({ id: kind, kind, ...paytable[kind] })]),
  );
  /** Total returned for one bet (stake included), 0 on a loss; floor(stake / 2) for Dragon or Tiger on a tie. */
  const payoutMinor = (spotId: string, amountMinor: number, outcome: DragonTigerOutcome): number => {
    const spot = spots.get(spotId);
    if (spot === undefined) throw new Error(`unknown dragon-tiger spot ${JSON.stringify(spotId)}`);
    if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) throw new RangeError(`bad stake ${amountMinor}`);
    return settle(spot, amountMinor, outcome);
  };
  return Object.freeze({
    rulesVersion: options.tiePays === 8 ? DRAGON_TIGER_RULES_VERSION : `${DRAGON_TIGER_RULES_VERSION}+tie${options.tiePays}`,
    spots,
    payoutMinor,
    rtpByKind: Object.freeze(computeRtp(spots, payoutMinor)),
  });
}

/** The registered table: tie 8:1. */
export const dragonTiger: DragonTigerRules = dragonTigerRules({ tiePays: 8 });
export const dragonTigerSpots = dragonTiger.spots;
