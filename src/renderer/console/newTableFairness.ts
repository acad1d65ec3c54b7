// The "Fairness" part of the new-table form: pf1 (classic, docs/FAIRNESS.md)
// or pf2 (freeze & reveal, docs/PF2.md) and pf2's reveal window, typed in
// seconds like the form's other times. The window is checked against the
// server's own schema, so the form never offers what the server refuses.
// The form starts on the game's default scheme, the one the server would pick.
import { DEFAULT_REVEAL_WINDOW_MS, defaultFairnessFor, revealWindowMsSchema, type CreateTableRequest, type FairnessScheme } from '../../shared/api.ts';
import type { GameId } from '../../shared/protocol.ts';

export const FAIRNESS_LABELS: Readonly<Record<FairnessScheme, string>> = {
  pf1: 'pf1 · classic',
  pf2: 'pf2 · freeze & reveal',
};

export const DEFAULT_REVEAL_WINDOW_SECONDS = String(DEFAULT_REVEAL_WINDOW_MS / 1000);

/** The scheme the form shows once the dealer picks `game`: the game's default while the dealer has not picked a scheme, else the dealer's pick. */
export function fairnessAfterGameChange(game: GameId, current: FairnessScheme, dealerPicked: boolean): FairnessScheme {
  return dealerPicked ? current : defaultFairnessFor(game);
}

/** pf2's public beacon (PF2.md §6): the server's default (on when it has a public URL), or the dealer's choice. */
export type BeaconChoice = 'default' | 'on' | 'off';

export const BEACON_LABELS: Readonly<Record<BeaconChoice, string>> = {
  default: 'server default (on with a public URL)',
  on: 'on · drand',
  off: 'off',
};

/**
 * The request's fairness fields, or throws a message for the dealer. A pf1
 * table sends no reveal window or beacon: it has neither. The beacon is left
 * out for the server's default.
 */
export function fairnessFields(
  fairness: FairnessScheme,
  revealWindowSeconds: string,
  beacon: BeaconChoice = 'default',
): Pick<CreateTableRequest, 'fairness' | 'revealWindowMs' | 'beacon'> {
  if (fairness === 'pf1') return { fairness };
  const seconds = Number(revealWindowSeconds);
  const revealWindowMs = Math.round(seconds * 1000);
  const checked = revealWindowMsSchema.safeParse(revealWindowMs);
  if (revealWindowSeconds.trim() === '' || !Number.isFinite(seconds) || !checked.success) {
    throw new Error('Reveal window: enter between 0.5 and 5 seconds');
  }
  return { fairness, revealWindowMs, ...(beacon === 'default' ? {} : { beacon: beacon === 'on' }) };
}
