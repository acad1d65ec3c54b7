// The console's pf2 reading (src/renderer/console/pf2.ts, roundActions.ts):
// what it shows from a round's signed statements, the recent-withheld list,
// and which buttons a pf2 table greys and why. Pure functions, no DOM.
import { describe, expect, it } from 'vitest';
import type { OperatorTable } from '../../src/shared/api.ts';
import type { Phase, RoundView, WireStatement } from '../../src/shared/protocol.ts';
import { PF2_SPIN_REFUSAL, PF2_VOID_REFUSAL } from '../../src/shared/round-actions.ts';
import { beaconSummary, pf2RoundFacts, revealOf, revealSummary, shortDigest, withReveal, type Pf2Reveal } from '../../src/renderer/console/pf2.ts';
import { actionRefusalFor, isActionLegal, pf2ActionNotes } from '../../src/renderer/console/roundActions.ts';

const digest = 'ab'.repeat(32);

const freeze: WireStatement = {
  kind: 'pf2.freeze',
  freeze: digest,
  lines: 7,
  bettors: 3,
  bets: 4,
  revealWindowMs: 2000,
  frozenAt: 1_000,
  sig: 'sig',
};
const revealed: WireStatement = { kind: 'pf2.revealed', freeze: digest, revealed: 2, withheld: 1, closedAt: 2_500, sig: 'sig' };

function round(phase: Phase, pf2?: RoundView['pf2']): RoundView {
  return {
    round: 12,
    phase,
    commitment: 'c'.repeat(64),
    chainIndex: 3,
    closesAt: null,
    lastCall: false,
    clientSeeds: [],
    outcome: null,
    serverSeed: null,
    clientString: null,
    ...(pf2 ? { pf2 } : {}),
  };
}

function table(fairness: 'pf1' | 'pf2', phase: Phase | null, open = true): OperatorTable {
  // Only what the action rules read; the rest of a table does not matter to them.
  return { id: 't1', open, fairness, game: 'roulette-eu', round: phase === null ? null : round(phase) } as unknown as OperatorTable;
}

describe('pf2 round facts', () => {
  it('is null for a pf1 round', () => {
    expect(pf2RoundFacts(round('closed'))).toBeNull();
  });

  it('shows nothing frozen while betting is open', () => {
    expect(pf2RoundFacts(round('betting', { freeze: null, resume: null, revealClosesAt: null, revealed: null, revealedSoFar: 0, beacon: null }))).toEqual({
      freeze: null,
      bettors: null,
      bets: null,
      revealClosesAt: null,
      revealedSoFar: 0,
      reveal: null,
      beacon: null,
    });
  });

  it('reads the freeze digest, bettors and bets, and the window close while it is open', () => {
    expect(pf2RoundFacts(round('closed', { freeze, resume: null, revealClosesAt: 3_000, revealed: null, revealedSoFar: 2, beacon: null }))).toEqual({
      freeze: digest,
      bettors: 3,
      bets: 4,
      revealClosesAt: 3_000,
      revealedSoFar: 2,
      reveal: null,
      beacon: null,
    });
  });

  it('once revealed, counts revealed over frozen bettors and drops the countdown', () => {
    const facts = pf2RoundFacts(round('result', { freeze, resume: null, revealClosesAt: 3_000, revealed, revealedSoFar: 2, beacon: null }));
    expect(facts?.reveal).toEqual({ round: 12, bettors: 3, revealed: 2, withheld: 1 });
    expect(facts?.revealClosesAt).toBeNull();
  });

  it('says which drand round a beacon round waits for, since when while it is late, and when its value is in', () => {
    const waiting = { chain: 'c'.repeat(64), round: 77, emitsAt: 9_000, signature: null, waitingSince: 10_000 };
    const late = pf2RoundFacts(round('closed', { freeze, resume: null, revealClosesAt: null, revealed, revealedSoFar: 2, beacon: waiting }));
    expect(late?.beacon).toEqual({ round: 77, emitsAt: 9_000, arrived: false, waitingSince: 10_000 });
    const clock = (epochMs: number) => `t${epochMs}`;
    expect(beaconSummary(late!.beacon!, clock)).toBe('waiting for drand round 77 since t10000: the beacon is late, stakes stay in escrow');
    const due = pf2RoundFacts(round('closed', { freeze, resume: null, revealClosesAt: null, revealed, revealedSoFar: 2, beacon: { ...waiting, waitingSince: null } }));
    expect(beaconSummary(due!.beacon!, clock)).toBe('drand round 77 · emitted at t9000');
    const arrived = pf2RoundFacts(round('result', { freeze, resume: null, revealClosesAt: null, revealed, revealedSoFar: 2, beacon: { ...waiting, signature: 'a'.repeat(96), waitingSince: null } }));
    expect(beaconSummary(arrived!.beacon!, clock)).toBe('drand round 77 · value checked');
    // A malformed beacon from the network shows nothing rather than a wrong round.
    const malformed = pf2RoundFacts(round('closed', { freeze, resume: null, revealClosesAt: null, revealed, revealedSoFar: 2, beacon: { ...waiting, round: 'x' as unknown as number } }));
    expect(malformed?.beacon).toBeNull();
  });

  it('ignores a statement of another kind or with counts that are not whole numbers', () => {
    expect(revealOf(1, freeze)).toBeNull();
    expect(revealOf(1, { ...revealed, withheld: '1' })).toBeNull();
    expect(revealOf(1, { ...revealed, revealed: -1 })).toBeNull();
    expect(revealOf(1, null)).toBeNull();
    const facts = pf2RoundFacts(round('closed', { freeze: { ...freeze, bettors: 2.5, freeze: 5 }, resume: null, revealClosesAt: 1, revealed: null, revealedSoFar: 0, beacon: null }));
    expect(facts?.freeze).toBeNull();
    expect(facts?.bettors).toBeNull();
    expect(facts?.bets).toBe(4);
  });

  it('shortens a digest for the eye and words a reveal', () => {
    expect(shortDigest(digest)).toBe('abababababab…');
    expect(shortDigest('abc')).toBe('abc');
    expect(revealSummary({ round: 1, bettors: 4, revealed: 3, withheld: 1 })).toBe('3 / 4 revealed · 1 withheld');
  });
});

describe('recent reveals', () => {
  const entry = (round: number, withheld = 0): Pf2Reveal => ({ round, bettors: 2, revealed: 2 - withheld, withheld });

  it('keeps the newest first and only the newest `limit`', () => {
    let recent: Pf2Reveal[] = [];
    for (let number = 1; number <= 5; number += 1) recent = withReveal(recent, entry(number), 3);
    expect(recent.map((reveal) => reveal.round)).toEqual([5, 4, 3]);
  });

  it('replaces a round it already holds (snapshot and event report the same round)', () => {
    const recent = withReveal([entry(2), entry(1)], entry(2, 1), 10);
    expect(recent).toEqual([entry(2, 1), entry(1)]);
  });

  it('puts a late older round in its place', () => {
    expect(withReveal([entry(5), entry(3)], entry(4), 10).map((reveal) => reveal.round)).toEqual([5, 4, 3]);
  });
});

describe('console actions at a pf2 table', () => {
  it('never offers spin, and says why once frozen', () => {
    for (const phase of ['idle', 'betting', 'closed', 'result', 'settled', 'voided'] as const) {
      expect(isActionLegal('spin', table('pf2', phase)), phase).toBe(false);
    }
    expect(actionRefusalFor('spin', table('pf2', 'closed'))).toBe(PF2_SPIN_REFUSAL);
  });

  it('offers void while betting, refuses it after the freeze with the reason', () => {
    expect(actionRefusalFor('void', table('pf2', 'betting'))).toBeNull();
    expect(actionRefusalFor('void', table('pf2', 'closed'))).toBe(PF2_VOID_REFUSAL);
    expect(actionRefusalFor('void', table('pf2', 'result'))).toBe(PF2_VOID_REFUSAL);
  });

  it('leaves a pf1 table as it was: spin and void once betting closed', () => {
    expect(actionRefusalFor('spin', table('pf1', 'closed'))).toBeNull();
    expect(actionRefusalFor('void', table('pf1', 'closed'))).toBeNull();
    expect(actionRefusalFor('spin', table('pf1', 'betting'))).toBe('cannot spin while the table is betting');
  });

  it('refuses every action at a closed table; an open one toggles auto-cycle', () => {
    expect(actionRefusalFor('auto', table('pf2', null, false))).toBe('the table is closed');
    expect(actionRefusalFor('auto', table('pf2', null))).toBeNull();
    expect(actionRefusalFor('open', table('pf2', null))).toBeNull();
  });

  it('writes out the pf2 reasons under the buttons: spin always, void once frozen', () => {
    expect(pf2ActionNotes(table('pf1', 'closed'))).toEqual([]);
    expect(pf2ActionNotes(table('pf2', 'betting'))).toEqual(['Spin: the round draws itself when the reveal window closes']);
    expect(pf2ActionNotes(table('pf2', 'closed'))).toEqual([
      'Spin: the round draws itself when the reveal window closes',
      `Void: ${PF2_VOID_REFUSAL}`,
    ]);
  });
});
