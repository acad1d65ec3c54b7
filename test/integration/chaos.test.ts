// kill -9 at random moments during a betting storm, 20 times: nothing lost,
// nothing doubled, every interrupted round resolved, the ledger balanced.
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runChaos } from '../support/chaos.ts';

const kills = Number(process.env.CHAOS_KILLS ?? 20);

describe('chaos', () => {
  it(`loses no acknowledged bet across ${kills} SIGKILLs`, async () => {
    const seed = Number(process.env.CHAOS_SEED ?? randomInt(1, 2 ** 31));
    console.log(`chaos seed ${seed} (set CHAOS_SEED to replay)`);
    const tally = await runChaos({ kills, seed, log: () => {} });
    console.log(
      `chaos: ${tally.kills} kills, ${tally.acknowledgedBets} acknowledged bets all present once, ` +
        `${tally.roundsSettled} rounds settled, ${tally.roundsVoided} voided (${tally.voidedBySystem} by recovery or shutdown)`,
    );
    expect(tally.problems).toEqual([]);
    expect(tally.kills).toBe(kills);
    expect(tally.acknowledgedBets).toBeGreaterThan(0);
  }, 300_000);
});
