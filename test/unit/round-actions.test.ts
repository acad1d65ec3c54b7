// The one definition of which dealer actions a table accepts in which phase,
// pinned phase by phase: the table core, the console and the desktop menu all
// read it, so a change here changes what every one of them allows.
import { describe, expect, it } from 'vitest';
import { Phase } from '../../src/shared/protocol.ts';
import { acceptsBets, isLegalInPhase, roundInFlight, type PhaseAction } from '../../src/shared/round-actions.ts';

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
