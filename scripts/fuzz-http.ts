// `npm run fuzz:http -- --cases <n> [--seed <n>] [--concurrency <n>]`: hostile
// bytes below the message layer (test/support/http-fuzz.ts) against a real
// server on loopback; prints the seed, the tally and the time, and exits 1
// if any rule broke or anything changed.
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { fuzzHttpServer } from '../test/support/http-fuzz-check.ts';

const { values } = parseArgs({
  options: { cases: { type: 'string', default: '200000' }, seed: { type: 'string' }, concurrency: { type: 'string', default: '32' } },
});
const cases = Number(values.cases);
const concurrency = Number(values.concurrency);
const seed = values.seed === undefined ? randomInt(1, 2 ** 31) : Number(values.seed);
if (!Number.isInteger(cases) || cases < 1 || cases > 100_000_000 || !Number.isInteger(concurrency) || concurrency < 1 || concurrency > 512 || !Number.isInteger(seed)) {
  console.error('usage: npm run fuzz:http -- --cases <1-100000000> [--seed <integer>] [--concurrency <1-512>]');
  process.exit(2);
}
console.log(`fuzz:http: ${cases} cases, seed ${seed}, concurrency ${concurrency}`);
const report = await fuzzHttpServer({ cases, seed, concurrency });
const { tally } = report;
console.log(`${tally.cases} cases in ${report.seconds.toFixed(1)} s (${Math.round(tally.cases / report.seconds)}/s); ${tally.closedWithoutReply} closed without a reply`);
console.log('by kind:', tally.byKind);
console.log('by reset stage:', tally.byReset);
console.log('by status:', tally.byStatus);
console.log(`database before ${JSON.stringify(report.before)}, after ${JSON.stringify(report.after)}; a fresh player bet afterwards: ${report.freshPlayerBet}`);
for (const problem of report.problems) console.log(`problem: ${problem}`);
process.exitCode = report.problems.length === 0 ? 0 : 1;
