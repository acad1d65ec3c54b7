// `npm run bench`: drives the headless Pitboss server on loopback from
// separate client processes and compares it with a bare `ws` broadcast.
//
//   node bench/run.ts [--players 5000] [--rounds 100] [--bets-per-player 4] [--client-processes 4]
//                     [--warmup-rounds 2] [--storm-window-ms 1000] [--timeout-s 290] [--profile] [--out bench]
//   node bench/run.ts --chart-from bench/results.json      (only redraws results.svg)
//
// --profile records a CPU profile of the server per phase (broadcast, storm,
// settle) into a temp folder (printed; kept) and summarizes the top functions
// in the notes; the profiler slows the server, so do not compare those
// figures with a run without it.
//
// One file per scenario, run in this order (each child process bounded in
// lifetime, everything on 127.0.0.1):
//   1. scenario-players.ts: the server child (server-process.ts, the real
//      startPitboss with a temp data folder, WAL, synchronous=FULL as in
//      production, per-address limits raised, watched through its observer
//      interfaces in server-observers.ts); N players join over HTTP, then
//      connect from P client children (client-process.ts); server RSS.
//   2. scenario-broadcast.ts: R rounds of open → close → spin: the time
//      from round.result's emit to the last of the N clients receiving it.
//   3. scenario-storm.ts: every player places k bets spread over one second
//      while betting is open; ack latency, acks per second; the bets in the
//      database must equal the acks.
//   4. scenario-settle.ts: close + spin of the storm round: settlement time
//      (round.settled.at − round.result.at) with N·k bets, ledger included.
//   5. scenario-baseline.ts: Pitboss stops; a bare ws server serves the same
//      number of fresh clients and broadcasts the same bytes as often.
// Prints a table (report.ts), writes bench/results.json (figures.ts) and
// bench/results.svg (chart.ts).
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chart } from './chart.ts';
import { killAll, temporaryDirs } from './child.ts';
import { buildResults } from './figures.ts';
import { round2 } from './histogram.ts';
import { closeHttp } from './http.ts';
import { log, runSeconds } from './log.ts';
import { machineLoad, sourceState } from './machine.ts';
import { parseOptions, type BenchOptions } from './options.ts';
import type { ProfileSummary } from './profile.ts';
import { printTable, type Results } from './report.ts';
import { bareWsBaseline } from './scenario-baseline.ts';
import { broadcastRounds } from './scenario-broadcast.ts';
import { finishPitboss, seatPlayers, type Running } from './scenario-players.ts';
import { settleStormRound } from './scenario-settle.ts';
import { bettingStorm } from './scenario-storm.ts';

async function main(options: BenchOptions): Promise<void> {
  const hardTimeout = setTimeout(() => {
    log(`hard timeout (${options.timeoutS} s): killing every child`);
    killAll();
    process.exit(2);
  }, options.timeoutS * 1000);
  const lifetimeMs = options.timeoutS * 1000 + 15_000;
  const dataDir = mkdtempSync(join(tmpdir(), 'pitboss-bench-'));
  temporaryDirs.add(dataDir);
  const profileDir = options.profile ? mkdtempSync(join(tmpdir(), 'pitboss-bench-profiles-')) : null;
  const processes = Math.min(options.clientProcesses, options.players);
  log(
    `players ${options.players}, rounds ${options.rounds} (+${options.warmupRounds} warm-up), bets/player ${options.betsPerPlayer}, client processes ${processes}, data ${dataDir}`,
  );
  const source = sourceState();
  const running: Running = {};
  const profiles: ProfileSummary[] = [];

  try {
    const { run, outcome: players } = await seatPlayers(options, { dataDir, profileDir, lifetimeMs, running });
    const broadcast = await broadcastRounds(options, run, profiles);
    const storm = await bettingStorm(options, run, profiles);
    const settle = await settleStormRound(options, run, storm.round, profiles);
    const final = await finishPitboss(run, broadcast.rounds, broadcast.measuredRounds, running);
    if (!final.payloadSample) throw new Error('no round.result sample was captured for the baseline');
    const baseline = await bareWsBaseline(options, final.payloadSample, lifetimeMs, running);

    const results = buildResults(
      { options, source, machineLoad, players, broadcast, storm, settle, final, baseline, profiles, profileDir },
      runSeconds(),
    );
    results.runSeconds = round2(runSeconds());
    mkdirSync(options.out, { recursive: true });
    writeFileSync(join(options.out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(join(options.out, 'results.svg'), chart(results));
    printTable(results, options.out);
    clearTimeout(hardTimeout);
  } finally {
    await Promise.allSettled([
      running.fleet?.stop(),
      running.baselineFleet?.stop(),
      running.server?.stop({ type: 'stop' }, 10_000),
      running.baseline?.stop({ type: 'stop' }, 3_000),
    ]);
    killAll();
    closeHttp();
    rmSync(dataDir, { recursive: true, force: true });
    if (profileDir && readdirSync(profileDir).length === 0) rmSync(profileDir, { recursive: true, force: true });
  }
}

/** --chart-from: only redraws results.svg from an existing results.json. */
function redraw(options: BenchOptions, from: string): Promise<void> {
  const results = JSON.parse(readFileSync(from, 'utf8')) as Results;
  mkdirSync(options.out, { recursive: true });
  writeFileSync(join(options.out, 'results.svg'), chart(results));
  log(`drew ${join(options.out, 'results.svg')} from ${from}`);
  return Promise.resolve();
}

const options = parseOptions(process.argv.slice(2));
(options.chartFrom ? redraw(options, options.chartFrom) : main(options)).then(
  () => process.exit(0),
  (error: unknown) => {
    log(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    killAll();
    process.exit(1);
  },
);
