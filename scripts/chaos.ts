// `npm run chaos -- --kills <n> [--seed <n>]`: kill -9 the headless server n
// times during a betting storm and print the tally. Loopback only.
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { runChaos } from '../test/support/chaos.ts';

const { values } = parseArgs({ options: { kills: { type: 'string', default: '20' }, seed: { type: 'string' } } });
const kills = Number(values.kills);
if (!Number.isInteger(kills) || kills < 1 || kills > 10_000) {
  console.error('usage: npm run chaos -- --kills <1-10000> [--seed <n>]');
  process.exit(2);
}
const seed = values.seed === undefined ? randomInt(1, 2 ** 31) : Number(values.seed);
console.log(`chaos: ${kills} kills, seed ${seed}`);
const tally = await runChaos({ kills, seed, log: (line) => console.log(line) });
console.log(
  `kills ${tally.kills}, acknowledged bets ${tally.acknowledgedBets} (all present exactly once: ${tally.problems.length === 0}), ` +
    `rounds settled ${tally.roundsSettled}, voided ${tally.roundsVoided} (${tally.voidedBySystem} by recovery or shutdown)`,
);
for (const problem of tally.problems) console.log(`PROBLEM: ${problem}`);
process.exit(tally.problems.length === 0 ? 0 : 1);
