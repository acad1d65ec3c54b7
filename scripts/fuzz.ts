// `npm run fuzz -- --messages <n> [--seed <n>]`: hostile frames against a
// real server on loopback; prints the tally and checks nothing changed.
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { runFuzz } from '../test/support/fuzz-run.ts';
import { PlayerClient, inviteOf, joinTable, startTestServer } from '../test/support/harness.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '1000000' }, seed: { type: 'string' } } });
const messages = Number(values.messages);
if (!Number.isInteger(messages) || messages < 1 || messages > 100_000_000) {
  console.error('usage: npm run fuzz -- --messages <1-100000000> [--seed <n>]');
  process.exit(2);
}
const seed = values.seed === undefined ? randomInt(1, 2 ** 31) : Number(values.seed);
const server = await startTestServer({
  gatewayLimits: { messagesPerSecond: 1_000_000, messageBurst: 1_000_000, upgradesPerSecond: 1_000, upgradeBurst: 1_000 },
});
try {
  const table = await server.operator.createTable({ name: 'Fuzz' });
  const sessions = await Promise.all(Array.from({ length: 8 }, (_, index) => joinTable(server.origin, inviteOf(table), `Fuzz${index}`)));
  await server.operator.mustAct(table.id, 'open');
  const bettor = await PlayerClient.connect(server.origin, sessions[0]!.token);
  await bettor.bet(1, [{ betId: 'real-1', spot: 'red', amountMinor: 500 }]);
  await bettor.close();
  await server.operator.mustAct(table.id, 'close');
  const transfersBefore = server.pitboss.services.ledger.summary().transferCount;
  console.log(`fuzz: ${messages} frames, seed ${seed}`);
  const startedAt = performance.now();
  const tally = await runFuzz({ origin: server.origin, tokens: sessions.map((session) => session.token), round: 1, messages, seed, deadlineMs: 3_600_000 });
  const seconds = (performance.now() - startedAt) / 1000;
  const unchanged = server.pitboss.services.ledger.summary().transferCount === transfersBefore;
  console.log(`${tally.sent} frames in ${seconds.toFixed(1)} s: ${tally.errors} errors, ${tally.acks} acks/pongs, ${tally.closes} closes by design; ledger unchanged: ${unchanged}`);
  console.log(tally.byKind);
  process.exitCode = unchanged && tally.answered + tally.closes === tally.sent ? 0 : 1;
} finally {
  await server.dispose();
}
