// The one definition of which dealer actions a table accepts in which phase,
// pinned phase by phase: the table core, the console and the desktop menu all
// read it, so a change here changes what every one of them allows.
import { describe, expect, it } from 'vitest';
import { Phase } from '../../src/shared/protocol.ts';
import {
  PF2_SPIN_REFUSAL,
  PF2_VOID_REFUSAL,
  acceptsBets,
  actionRefusal,
  isLegalInPhase,
  roundInFlight,
  type PhaseAction,
} from '../../src/shared/round-actions.ts';

const actions: readonly PhaseAction[] = ['open', 'close', 'spin', 'void', 'rotate-chain'];

/** Phase → the actions legal in it, written out by hand. */
const expected: Record<Phase, readonly PhaseAction[]> = {
  idle: ['open', 'rotate-chain'],
  betting: ['close', 'void'],
  closed: ['spin', 'void'],
  // A dealt blackjack hand plays out: it can no longer be voided.
  playing: [],
  result: [],
  settled: ['open', 'rotate-chain'],
  voided: ['open', 'rotate-chain'],
};

describe('round actions', () => {
  it('allows exactly these dealer actions in each phase', () => {
    for (const phase of Object.values(Phase)) {
      expect(
        actions.filter((action) => isLegalInPhase(action, phase)),
        phase,
      ).toEqual(expected[phase]);
    }
  });

  it('has a round in flight from betting until it is settled or voided', () => {
    expect(Object.values(Phase).filter(roundInFlight)).toEqual(['betting', 'closed', 'playing', 'result']);
  });

  it('accepts bets only while betting is open', () => {
    expect(Object.values(Phase).filter(acceptsBets)).toEqual(['betting']);
  });
});

describe('round actions with a fairness scheme', () => {
  it('under pf1 refuses exactly what isLegalInPhase refuses', () => {
    for (const phase of Object.values(Phase)) {
      for (const action of actions) {
        const legal = isLegalInPhase(action, phase);
        expect(actionRefusal(action, phase, 'pf1', 'roulette-eu') === null, `${action} in ${phase}`).toBe(legal);
      }
    }
  });

  it("words a wrong-phase refusal as the table core does, in the game's own verb", () => {
    expect(actionRefusal('spin', 'betting', 'pf1', 'roulette-eu')).toBe('cannot spin while the table is betting');
    expect(actionRefusal('spin', 'betting', 'pf1', 'baccarat')).toBe('cannot deal while the table is betting');
    expect(actionRefusal('spin', 'idle', 'pf1', 'sicbo')).toBe('cannot roll while the table is idle');
    expect(actionRefusal('open', 'closed', 'pf1', 'roulette-eu')).toBe('cannot open betting while the table is closed');
    expect(actionRefusal('close', 'idle', 'pf1', 'roulette-eu')).toBe('cannot close betting while the table is idle');
    expect(actionRefusal('rotate-chain', 'betting', 'pf1', 'roulette-eu')).toBe('cannot rotate the seed chain while the table is betting');
  });

  it('under pf2 refuses spin and void from the freeze on, with pf2 reasons', () => {
    for (const phase of ['closed', 'playing', 'result', 'settled'] as const) {
      expect(actionRefusal('spin', phase, 'pf2', 'roulette-eu'), phase).toBe(PF2_SPIN_REFUSAL);
      expect(actionRefusal('void', phase, 'pf2', 'roulette-eu'), phase).toBe(PF2_VOID_REFUSAL);
    }
    expect(PF2_SPIN_REFUSAL).toBe('a pf2 round draws itself when its reveal window closes');
    expect(PF2_VOID_REFUSAL).toBe('a pf2 round is never voided once its bets are frozen: it resolves');
  });

  it('under pf2 allows what pf1 allows apart from spin and void once frozen', () => {
    const pf2Legal: Record<Phase, readonly PhaseAction[]> = { ...expected, closed: [] };
    for (const phase of Object.values(Phase)) {
      expect(
        actions.filter((action) => actionRefusal(action, phase, 'pf2', 'roulette-eu') === null),
        phase,
      ).toEqual(pf2Legal[phase]);
    }
    // A pf2 round may still be voided while betting is open (PF2.md §8).
    expect(actionRefusal('void', 'betting', 'pf2', 'roulette-eu')).toBeNull();
  });
});
