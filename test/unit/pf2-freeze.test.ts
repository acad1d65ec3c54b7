// The freeze in steps (pf2-freeze.ts) on a fake clock: whatever the step
// size, it builds exactly the lines and tree of frozenLines at once, runs no
// step in the caller's turn, and stops when abandoned.
import { describe, expect, it } from 'vitest';
import { MerkleTree } from '../../src/shared/fairness/merkle.ts';
import { frozenLines, lineIndicesByPlayer } from '../../src/shared/fairness/pf2.ts';
import type { LiveBet } from '../../src/main/tables/bet-book.ts';
import { FreezeWork, type BuiltFreeze } from '../../src/main/tables/pf2-freeze.ts';
import { FakeClock } from '../support/fake-clock.ts';

const players = ['ann', 'bob', 'cid', 'dan', 'eve'];
const commitments = new Map(players.map((player, index) => [player, { reference: `ref-${player}`, commitment: String(index).repeat(64) }]));
const bets: LiveBet[] = Array.from({ length: 12 }, (_, index) => ({
  rowId: index + 1,
  betId: `bet${index}`,
  playerId: players[index % 3 === 0 ? 0 : index % players.length] as string,
  playerName: '',
  walletAccountId: 1,
  spot: index % 2 ? 'red' : 'black',
  amountMinor: 100 + index,
}));
const expected = frozenLines(
  new Map([...commitments.values()].map(({ reference, commitment }) => [reference, commitment])),
  bets.map((bet) => ({ player: commitments.get(bet.playerId)?.reference as string, betId: bet.betId, spot: bet.spot, amountMinor: bet.amountMinor })),
);

describe('FreezeWork', () => {
  it.each([1, 2, 5, 1_000])('builds the lines and tree of frozenLines in steps of %i', (linesPerStep) => {
    const clock = new FakeClock();
    let built: BuiltFreeze | null = null;
    new FreezeWork(bets, commitments).run(clock, linesPerStep, (result) => (built = result), (error) => { throw error; });
    expect(built).toBeNull();
    const turns = clock.runSoon();
    const result = built as BuiltFreeze | null;
    if (result === null) throw new Error('the freeze never finished');
    expect(result.tree.lines).toEqual(expected);
    expect(result.tree.root).toBe(new MerkleTree(expected).root);
    expect(result.bets).toBe(bets.length);
    expect([...result.bettors.keys()].sort()).toEqual([...new Set(bets.map((bet) => `ref-${bet.playerId}`))].sort());
    expect(result.lineIndices).toEqual(lineIndicesByPlayer(expected));
    // The stages in order: lines, one sort, the hashes, one pass for the indices; then the result on a turn of its own.
    if (linesPerStep === 1) expect(turns).toBeGreaterThan(bets.length + new MerkleTree(expected).pendingHashes);
    else if (linesPerStep === 1_000) expect(turns).toBe(2);
  });

  it('stops when abandoned, and reports a bet without a commitment as a failure', () => {
    const clock = new FakeClock();
    let finished = false;
    const abandon = new FreezeWork(bets, commitments).run(clock, 2, () => (finished = true), () => {});
    clock.runSoon(3);
    abandon();
    clock.runSoon();
    expect(finished).toBe(false);

    const failures: unknown[] = [];
    new FreezeWork(bets, new Map()).run(clock, 2, () => (finished = true), (error) => failures.push(error));
    clock.runSoon();
    expect(finished).toBe(false);
    expect(failures).toHaveLength(1);
  });
});
