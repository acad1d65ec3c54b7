// `npm run chaos -- --kills <n> [--seed <n>] [--no-blackjack]`: kill -9 the
// headless server n times during a roulette betting storm and blackjack play
// at a second table, and print the tally. Loopback only.
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { runChaos } from '../test/support/chaos.ts';

const { values } = parseArgs({
  options: { kills: { type: 'string', default: '20' }, seed: { type: 'string' }, 'no-blackjack': { type: 'boolean', default: false } },
});
const kills = Number(values.kills);
if (!Number.isInteger(kills) || kills < 1 || kills > 10_000) {
  console.error('usage: npm run chaos -- --kills <1-10000> [--seed <n>] [--no-blackjack]');
  process.exit(2);
}
const seed = values.seed === undefined ? randomInt(1, 2 ** 31) : Number(values.seed);
console.log(`chaos: ${kills} kills, seed ${seed}${values['no-blackjack'] ? ', roulette only' : ', roulette and blackjack'}`);
const started = performance.now();
const tally = await runChaos({ kills, seed, blackjack: !values['no-blackjack'], log: (line) => console.log(line) });
console.log(
  `kills ${tally.kills}, acknowledged bets ${tally.acknowledgedBets} (all present exactly once: ${tally.problems.length === 0}), ` +
    `rounds settled ${tally.roundsSettled}, voided ${tally.roundsVoided} (${tally.voidedBySystem} by recovery or shutdown)`,
);
const blackjack = tally.blackjack;
if (blackjack) {
  console.log(
    `blackjack: ${blackjack.acknowledgedBets} acknowledged bets, ${blackjack.acknowledgedDecisions} acknowledged decisions ${JSON.stringify(blackjack.decisionsByAction)}, ` +
      `${blackjack.tableDecisions} decided by the table (timeout), rounds settled ${blackjack.roundsSettled}, ` +
      `voided ${blackjack.roundsVoided} (never dealt), ${blackjack.killsInPlay} kills mid-hand`,
  );
}
console.log(`took ${((performance.now() - started) / 1000).toFixed(1)} s`);
for (const problem of tally.problems) console.log(`PROBLEM: ${problem}`);
process.exit(tally.problems.length === 0 ? 0 : 1);
