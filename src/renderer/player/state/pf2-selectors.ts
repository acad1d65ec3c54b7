// What the pf2 strip shows, derived from the state: which round it is about
// and where that round's reveal stands, in words a newcomer can follow.
import { pf2RoundOf, type Pf2Round } from './pf2-state.ts';
import type { PlayerState } from './player-state.ts';

export type RevealStatus =
  | 'no-bets'
  | 'committed'
  | 'checking'
  | 'refused'
  | 'sent'
  | 'unacknowledged'
  | 'acknowledged'
  | 'missed'
  | 'withheld'
  | 'voided';

export const REVEAL_STATUS_TEXT: Record<RevealStatus, string> = {
  'no-bets': 'You have no bets in this round, so there is nothing to reveal.',
  committed: 'Committed: your bets carry a commitment to a secret only this page knows. It is revealed after betting closes.',
  checking: 'Betting closed: checking the signed freeze before revealing…',
  refused: 'The freeze failed its checks: your secret was NOT revealed.',
  sent: 'Secret revealed, waiting for the table’s signed acknowledgement…',
  unacknowledged: 'You revealed your secret, but the window closed without the table acknowledging it.',
  acknowledged: 'Revealed ✓ acknowledged: the table signed that it holds your secret.',
  missed: 'The reveal window closed before this page could reveal your secret.',
  withheld: 'Listed as withheld: your secret did not count in this round; your bets stood.',
  voided: 'The round was voided: every stake was refunded.',
};

/** The round the strip is about: the live round, or else the newest this page holds pf2 data for. */
export function pf2RoundShown(state: PlayerState): Pf2Round | null {
  const live = state.round?.round;
  if (live !== undefined) {
    const entry = pf2RoundOf(state.pf2, live);
    if (entry !== null) return entry;
    // A new round with no bet of mine yet: the previous one (its result, its alarms) stays in view.
    const previous = state.pf2.rounds.find((candidate) => candidate.round < live && candidate.commitment !== null);
    return previous ?? null;
  }
  return state.pf2.rounds[0] ?? null;
}

export function revealStatus(entry: Pf2Round, phase: string | null): RevealStatus {
  if (entry.audit?.status === 'voided' || phase === 'voided') return 'voided';
  if (entry.audit?.status === 'withheld') return 'withheld';
  if (entry.commitment === null) return 'no-bets';
  if (entry.revealAck !== null) return 'acknowledged';
  // PF2.md §10: a page that sent its secret and got no acknowledgement says so.
  if (entry.revealSent) return entry.revealed !== null ? 'unacknowledged' : 'sent';
  if (entry.check !== null && !entry.check.ok) return 'refused';
  if (entry.revealed !== null || (phase !== null && phase !== 'betting' && phase !== 'closed')) return 'missed';
  if (entry.freeze !== null) return 'checking';
  return 'committed';
}

/** A hash short enough to read aloud and compare: its first 12 hex digits. */
export function shortHash(hash: string | number | null | undefined): string {
  return typeof hash === 'string' ? `${hash.slice(0, 12)}…` : '—';
}
