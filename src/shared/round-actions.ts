// Which dealer actions a table accepts in which phase of its round: the one
// definition. The table core refuses what it says is illegal (wrong_phase);
// the console's buttons and hotkeys and the desktop menu grey out the same
// actions, so they never offer what the server would refuse. Pure: a phase
// in, a yes or no out. What is not a phase (a round still being finished, a
// closed table) the table checks itself.
import type { FairnessScheme, TableAction } from './api.ts';
import { drawVerb } from './games/draw-verb.ts';
import { Phase, type GameId } from './protocol.ts';

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

/** Why a pf2 table refuses the dealer's spin once its bets are frozen (PF2.md §4: the round draws from its reveal set). */
export const PF2_SPIN_REFUSAL = 'a pf2 round draws itself when its reveal window closes';
/** Why a pf2 table refuses a void once its bets are frozen (PF2.md §8: from the freeze on a round always resolves). */
export const PF2_VOID_REFUSAL = 'a pf2 round is never voided once its bets are frozen: it resolves';

/** The actions as the table core's wrong-phase messages word them, so the console's reason reads like the server's; `spin` in the game's own verb. */
export function actionWords(action: PhaseAction, game: GameId): string {
  if (action === 'spin') return drawVerb(game);
  return { open: 'open betting', close: 'close betting', void: 'void', 'rotate-chain': 'rotate the seed chain' }[action];
}

/** The phases of a pf2 round from its freeze on: closing betting froze it, and nothing unfreezes it. */
function frozenUnderPf2(phase: Phase): boolean {
  return phase === Phase.Closed || phase === Phase.Playing || phase === Phase.Result || phase === Phase.Settled;
}

/**
 * Null when a table of this fairness in this phase accepts the dealer action,
 * else the reason it refuses, for the dealer to read. Under pf1 it is exactly
 * isLegalInPhase. Under pf2, spin and void are refused from the freeze on
 * with pf2's own reasons, because there the refusal is not about timing: a
 * frozen round draws and resolves by itself.
 */
export function actionRefusal(action: PhaseAction, phase: Phase, fairness: FairnessScheme, game: GameId): string | null {
  if (fairness === 'pf2' && frozenUnderPf2(phase)) {
    if (action === 'spin') return PF2_SPIN_REFUSAL;
    if (action === 'void') return PF2_VOID_REFUSAL;
  }
  return isLegalInPhase(action, phase) ? null : `cannot ${actionWords(action, game)} while the table is ${phase}`;
}
