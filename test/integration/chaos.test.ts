// kill -9 at random moments, 20 times, during a roulette betting storm and
// blackjack play at a second table: nothing lost, nothing doubled, every
// interrupted round resolved (a dealt blackjack hand played out, never
// refunded), every acknowledged decision played once, the ledger balanced.
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runChaos } from '../support/chaos.ts';

const kills = Number(process.env.CHAOS_KILLS ?? 20);

describe('chaos', () => {
  it(`item 4, item 5: loses no acknowledged bet or decision and refunds no dealt hand across ${kills} SIGKILLs`, async () => {
    const seed = Number(process.env.CHAOS_SEED ?? randomInt(1, 2 ** 31));
    console.log(`chaos seed ${seed} (set CHAOS_SEED to replay)`);
    const started = performance.now();
    const tally = await runChaos({ kills, seed, log: () => {} });
    const blackjack = tally.blackjack;
    console.log(
      `chaos: ${tally.kills} kills in ${((performance.now() - started) / 1000).toFixed(1)} s; roulette: ${tally.acknowledgedBets} acknowledged bets all present once, ` +
        `${tally.roundsSettled} rounds settled, ${tally.roundsVoided} voided (${tally.voidedBySystem} by recovery or shutdown); ` +
        `blackjack: ${blackjack?.acknowledgedBets} bets and ${blackjack?.acknowledgedDecisions} decisions acknowledged (${JSON.stringify(blackjack?.decisionsByAction)}), all present once, ` +
        `${blackjack?.tableDecisions} decided by the table, ${blackjack?.roundsSettled} rounds settled, ${blackjack?.roundsVoided} voided (never dealt), ` +
        `${blackjack?.killsInPlay} kills mid-hand`,
    );
    expect(tally.problems).toEqual([]);
    expect(tally.kills).toBe(kills);
    expect(tally.acknowledgedBets).toBeGreaterThan(0);
    // The blackjack table really played: bets, decisions, settled rounds, and kills that landed mid-hand.
    expect(blackjack?.acknowledgedBets).toBeGreaterThan(0);
    expect(blackjack?.acknowledgedDecisions).toBeGreaterThan(0);
    expect(blackjack?.roundsSettled).toBeGreaterThan(0);
    expect(blackjack?.killsInPlay).toBeGreaterThan(0);
  }, 300_000);
});
