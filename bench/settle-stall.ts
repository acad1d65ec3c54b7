// `npm run bench:settle -- [--bets 20000] [--per-player 4]`: how long the
// event loop is held while one big round settles. The real server runs in
// this process (startPitboss, synchronous=FULL) on 127.0.0.1:0 with a fresh
// data folder; players join over HTTP, their bets go through the table's
// group commit, then the dealer closes and spins and the round settles in
// bounded steps. The event loop's delay is sampled every millisecond
// (perf_hooks.monitorEventLoopDelay) from the spin to the last step, and a
// second table in the same process is pinged (a timer every 5 ms) to show
// it keeps answering. A measurement, never a test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createTableSchema, type JoinResponse } from '../src/shared/api.ts';
import { Phase } from '../src/shared/protocol.ts';
import { AccountKind } from '../src/main/ledger/ledger.ts';
import { startPitboss } from '../src/main/server/pitboss.ts';
import { Cause } from '../src/main/tables/round-cause.ts';

const { values } = parseArgs({
  options: { bets: { type: 'string', default: '20000' }, 'per-player': { type: 'string', default: '4' } },
});
const betCount = Number(values.bets);
const perPlayer = Number(values['per-player']);
if (!Number.isSafeInteger(betCount) || betCount < 1 || !Number.isSafeInteger(perPlayer) || perPlayer < 1 || perPlayer > 40) {
  throw new Error('--bets and --per-player take positive integers (at most 40 bets per player)');
}
const playerCount = Math.ceil(betCount / perPlayer);

const dataDir = mkdtempSync(join(tmpdir(), 'pitboss-settle-'));
const pitboss = await startPitboss({
  host: '127.0.0.1',
  port: 0,
  dataDir,
  staticDir: resolve(import.meta.dirname, '../out/renderer'),
  // Every player comes from 127.0.0.1: the per-address limits are lifted, nothing else.
  joinRateLimit: { ratePerSecond: 1_000_000, burst: 1_000_000 },
  joinLimits: { joinsPerAddressPerDay: 1_000_000, joinsPerInvitePerDay: 1_000_000, joinCreditsPerAddressPerDay: 1_000_000, joinCreditsPerInvitePerDay: 1_000_000 },
});
try {
  const { tables, ledger } = pitboss.services;
  // pf1, named: this bench measures a pf1 settle (a spin right after the close), whatever the default.
  const config = { currency: 'EUR', minBetMinor: 100, maxSpotMinor: 1_000_000, maxRoundMinor: 10_000_000, bettingWindowMs: 15_000, autoCycle: false, joinCreditMinor: 100_000, fairness: 'pf1' as const };
  const table = tables.create(createTableSchema.parse({ ...config, name: 'Settle bench', game: 'roulette-eu', houseFloatMinor: 10_000_000_000 }));
  const other = tables.create(createTableSchema.parse({ ...config, name: 'Other table', game: 'roulette-eu' }));
  const joinedAt = performance.now();
  const seats = [];
  for (let index = 0; index < playerCount; index++) {
    const reply = await fetch(`${pitboss.origin}/api/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ invite: table.inviteCode, name: `Player ${index}` }),
    });
    if (reply.status !== 201) throw new Error(`join ${index}: ${reply.status} ${await reply.text()}`);
    const joined = (await reply.json()) as JoinResponse;
    seats.push({ playerId: joined.playerId, name: joined.name, walletAccountId: ledger.account(AccountKind.Wallet, joined.playerId), muted: false });
  }
  console.log(`${playerCount} players joined in ${Math.round(performance.now() - joinedAt)} ms`);

  const opened = table.open(Cause.Operator);
  if (!opened.ok) throw new Error(opened.message);
  const round = table.roundView()?.round ?? 0;
  const spots = ['red', 'black', 'even', 'odd', 'low', 'high', 'dozen:1', 'dozen:2', 'column:1', 'column:2'];
  let placed = 0;
  const requests = seats.map((seat, index) => {
    const count = Math.min(perPlayer, betCount - index * perPlayer);
    const bets = Array.from({ length: count }, (_, bet) => ({ betId: `b${index}-${bet}`, spot: spots[(index + bet) % spots.length] ?? 'red', amountMinor: 100 }));
    return table.placeBets(seat, `seed${index}`, round, bets).then((result) => {
      if (!result.ok) throw new Error(`bets of player ${index}: ${result.code} ${result.message}`);
      placed += count;
    });
  });
  await Promise.all(requests);
  console.log(`${placed} bets acknowledged`);

  // The second table's "ping": a timer every 5 ms; its lateness is what a player there would feel.
  const pingLatenessMs: number[] = [];
  let expected = performance.now() + 5;
  const ping = setInterval(() => {
    const now = performance.now();
    pingLatenessMs.push(Math.max(0, now - expected));
    expected = now + 5;
    void other.snapshot(null, () => '');
  }, 5);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const startedAt = performance.now();
  table.close(Cause.Operator);
  table.spin(Cause.Operator);
  const spinMs = performance.now() - startedAt;
  while (table.phase !== Phase.Settled) await new Promise((resolveWait) => setTimeout(resolveWait, 1));
  const settleMs = performance.now() - startedAt;
  // One more round of timers, so a stall in the last step is sampled too.
  await new Promise((resolveWait) => setTimeout(resolveWait, 20));
  delay.disable();
  clearInterval(ping);
  pingLatenessMs.sort((left, right) => left - right);
  const p99 = pingLatenessMs[Math.floor(pingLatenessMs.length * 0.99)] ?? 0;
  const report = {
    bets: placed,
    players: playerCount,
    spinCallMs: Number(spinMs.toFixed(1)),
    settleMs: Number(settleMs.toFixed(1)),
    maxLoopStallMs: Number((delay.max / 1e6).toFixed(1)),
    loopDelayP99Ms: Number((delay.percentile(99) / 1e6).toFixed(1)),
    otherTablePingLatenessP99Ms: Number(p99.toFixed(1)),
    otherTablePingLatenessMaxMs: Number((pingLatenessMs.at(-1) ?? 0).toFixed(1)),
  };
  console.log(JSON.stringify(report, null, 2));
  const check = ledger.verify();
  if (!check.ok) throw new Error(`ledger: ${check.problems.join('; ')}`);
} finally {
  await pitboss.close();
  rmSync(dataDir, { recursive: true, force: true });
}
