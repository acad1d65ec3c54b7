// Which dealer actions a table accepts in which phase of its round: the one
// definition. The table core refuses what it says is illegal (wrong_phase);
// the console's buttons and hotkeys and the desktop menu grey out the same
// actions, so they never offer what the server would refuse. Pure: a phase
// in, a yes or no out. What is not a phase (a round still being finished, a
// closed table) the table checks itself.
import type { TableAction } from './api.ts';
import { Phase } from './protocol.ts';

/** The dealer actions whose legality depends on the phase (auto-cycle on and off never does). */
export type PhaseAction = Extract<TableAction, 'open' | 'close' | 'spin' | 'void' | 'rotate-chain'>;

/** A round is in flight from betting until it is settled or voided (a blackjack hand in play included). */
export function roundInFlight(phase: Phase): boolean {
  return phase === Phase.Betting || phase === Phase.Closed || phase === Phase.Playing || phase === Phase.Result;
}

/** Players may place and take back bets only while betting is open. */
export function acceptsBets(phase: Phase): boolean {
  return phase === Phase.Betting;
}

const legalIn: Readonly<Record<PhaseAction, (phase: Phase) => boolean>> = {
  open: (phase) => !roundInFlight(phase),
  close: (phase) => phase === Phase.Betting,
  // At a blackjack table this deals.
  spin: (phase) => phase === Phase.Closed,
  // Only before the cards are dealt or the outcome drawn: a dealt blackjack
  // hand plays out, or a player dealt a bad hand could have it refunded.
  void: (phase) => phase === Phase.Betting || phase === Phase.Closed,
  // The current commitment is already published to the players of a live round.
  'rotate-chain': (phase) => !roundInFlight(phase),
};

/** True when a table in this phase accepts the dealer action. */
export function isLegalInPhase(action: PhaseAction, phase: Phase): boolean {
  return legalIn[action](phase);
}
