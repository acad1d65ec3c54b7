// How often a table may be joined and when a join pays welcome chips. All
// counts are per table (one invite per table) and per UTC day, from the
// players table (PlayerStore.joinCounts), so they hold across restarts.
//
// The welcome-chips rule: a table pays its join credit at most once per
// browser per UTC day, at most `joinCreditsPerAddressPerDay` times per
// address per day (a household or a private window shares the address) and
// at most `joinCreditsPerInvitePerDay` times per day in all. A join past a
// credit cap is still allowed, gets no chips, and its response says why; a
// join past a join cap is refused.
import type { JoinCredit } from '../../shared/api.ts';
import type { JoinCounts } from '../storage/player-store.ts';

export type JoinLimits = {
  /** Joins of one table from one address per UTC day; further joins are refused. */
  joinsPerAddressPerDay: number;
  /** Joins of one table (its invite) per UTC day, from everywhere; further joins are refused. */
  joinsPerInvitePerDay: number;
  /** Joins of one table from one address that pay welcome chips per UTC day. */
  joinCreditsPerAddressPerDay: number;
  /** Joins of one table that pay welcome chips per UTC day, from everywhere. */
  joinCreditsPerInvitePerDay: number;
  /** How long revoking a player keeps the address it joined from out of that table (its browser stays out for good). */
  revokedAddressBarMs: number;
};

export const defaultJoinLimits: JoinLimits = {
  joinsPerAddressPerDay: 50,
  joinsPerInvitePerDay: 5_000,
  joinCreditsPerAddressPerDay: 2,
  joinCreditsPerInvitePerDay: 500,
  revokedAddressBarMs: 24 * 60 * 60 * 1000,
};

/** Why a join is refused outright, or null. */
export function joinRefusal(counts: JoinCounts, limits: JoinLimits): string | null {
  if (counts.addressJoins >= limits.joinsPerAddressPerDay) {
    return `this table has been joined ${limits.joinsPerAddressPerDay} times from your network today; try again tomorrow or ask the dealer`;
  }
  if (counts.tableJoins >= limits.joinsPerInvitePerDay) {
    return `this invite has been used ${limits.joinsPerInvitePerDay} times today; ask the dealer`;
  }
  return null;
}

/** The welcome chips this join gets under the rule above. */
export function joinCredit(counts: JoinCounts, limits: JoinLimits, creditMinor: number): JoinCredit {
  if (creditMinor <= 0) return { amountMinor: 0, withheld: null };
  if (counts.browserCredits > 0) return { amountMinor: 0, withheld: 'this browser already had welcome chips at this table today' };
  if (counts.addressCredits >= limits.joinCreditsPerAddressPerDay) {
    return { amountMinor: 0, withheld: 'your network already had its welcome chips at this table today' };
  }
  if (counts.tableCredits >= limits.joinCreditsPerInvitePerDay) {
    return { amountMinor: 0, withheld: 'this table has handed out all its welcome chips for today' };
  }
  return { amountMinor: creditMinor, withheld: null };
}

/** "3 minutes", "1 hour 5 minutes": how long a player still has to wait, rounded up to the minute. */
export function waitText(remainingMs: number): string {
  const minutes = Math.max(1, Math.ceil(remainingMs / 60_000));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const parts = [hours > 0 ? `${hours} hour${hours === 1 ? '' : 's'}` : '', rest > 0 ? `${rest} minute${rest === 1 ? '' : 's'}` : ''];
  return parts.filter((part) => part.length > 0).join(' ');
}
