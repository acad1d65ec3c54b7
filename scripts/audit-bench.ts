// Audit benchmark (not part of npm test): plays N real rounds through the
// real round engine and ledger in-process (a few players, a few bets each,
// some cancelled bets, some voided rounds, seed chains rotating), then
// exports and verifies them, each phase in its own child process so its peak
// memory (maxRSS) is its own. A 10% slice is exported and verified too, and
// the full run is repeated with V8's heap capped at 48 MB: similar peaks for
// 10% and 100%, and success under the cap, show that memory does not grow
// with the size of the export (uncapped, V8 simply collects garbage late).
//
//   node scripts/audit-bench.ts [--rounds 100000] [--game roulette-eu] [--dir <tmp>] [--keep]
//   node scripts/audit-bench.ts --dir <kept dir> --table <id> --rounds <n>   (reuse generated rounds)
//
// generateRounds() is also what test/integration/audit.test.ts uses for its
// bounded-memory check.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTableSchema } from '../src/shared/api.ts';
import { gameIdSchema, type GameId } from '../src/shared/protocol.ts';
import { AuditService } from '../src/main/audit/audit-service.ts';
import { exportRecords } from '../src/main/audit/export-records.ts';
import { loadSigningKey } from '../src/main/audit/signing-key.ts';
import { verifyExport } from '../src/main/verifier/verify-export.ts';
import { describeFailure } from '../src/shared/audit/verify-report.ts';
import { AccountKind, Ledger, TransferKind } from '../src/main/ledger/ledger.ts';
import { PlayerStore } from '../src/main/storage/player-store.ts';
import { closeDatabase, openDatabase } from '../src/main/storage/database.ts';
import { systemClock } from '../src/main/tables/clock.ts';
import { defaultFinishBetsPerStep } from '../src/main/tables/round-finisher.ts';
import { defaultFreezeLinesPerStep } from '../src/main/tables/pf2-freeze.ts';
import { TableRegistry } from '../src/main/tables/registry.ts';
import { TableStore } from '../src/main/storage/table-store.ts';
import type { Seat } from '../src/main/tables/table.ts';
import { Cause } from '../src/main/tables/round-cause.ts';

const DATABASE_FILE = 'pitboss.db';
/** The generator's clock: round k finishes at EPOCH + k seconds, so time ranges select exact slices. */
export const BENCH_EPOCH = Date.UTC(2025, 0, 1);
/** Blackjack is left out: its rounds need players' decisions, which this generator does not make. */
const SPOTS: Record<Exclude<GameId, 'blackjack'>, readonly string[]> = {
  'roulette-eu': ['red', 'black', 'straight:17', 'dozen:2', 'odd', 'split:0-1', 'column:3', 'corner:1-2-4-5'],
  baccarat: ['player', 'banker', 'tie', 'player-pair'],
  'dragon-tiger': ['dragon', 'tiger', 'tie', 'suited-tie'],
  sicbo: ['big', 'small', 'total:10', 'single:3', 'triple:6'],
};

export type GenerateOptions = {
  dataDir: string;
  rounds: number;
  game?: GameId;
  players?: number;
  betsPerPlayer?: number;
  /** Every n-th round is voided after its bets (0: never). */
  voidEvery?: number;
  /** In every n-th round a player takes one bet back (0: never). */
  cancelEvery?: number;
  chainLength?: number;
  /** synchronous=OFF: a benchmark of export and verify needs the rows, not the fsyncs. */
  fast?: boolean;
  onProgress?: (done: number) => void;
};

/** Plays real rounds through Table, Ledger and the audit log; returns the table id. */
export async function generateRounds(options: GenerateOptions): Promise<string> {
  const game = options.game ?? 'roulette-eu';
  if (game === 'blackjack') throw new Error('generateRounds plays games of chance only; blackjack needs decisions');
  const spots = SPOTS[game];
  const playerCount = options.players ?? 4;
  const betsPerPlayer = options.betsPerPlayer ?? 2;
  let clock = BENCH_EPOCH;
  const now = (): number => clock;
  const db = openDatabase(join(options.dataDir, DATABASE_FILE));
  if (options.fast ?? true) db.pragma('synchronous = OFF');
  const ledger = new Ledger(db, now);
  const store = new TableStore(db);
  const players = new PlayerStore(db);
  const audit = new AuditService({ db, dataDir: options.dataDir, now });
  const registry = new TableRegistry({
    observer: { committed: () => {}, betRequestAnswered: () => {}, roundEnded: () => {} },
    db,
    store,
    ledger,
    houseAccountId: ledger.account(AccountKind.House, ''),
    chainLength: options.chainLength ?? 10_000,
    clock: systemClock(now),
    publish: () => {},
    balanceChanged: () => {},
    playerSettled: () => {},
    sendPrivately: () => {},
    signStatement: (text) => audit.signText(text),
    playerReference: (tableId, playerId) => `p-${tableId}-${playerId}`.slice(0, 60),
    recorder: audit.recorder,
    finishBetsPerStep: defaultFinishBetsPerStep,
    freezeLinesPerStep: defaultFreezeLinesPerStep,
    beacon: null,
    log: () => {},
  });
  try {
    const config = createTableSchema.parse({
      name: 'Audit bench',
      game,
      minBetMinor: 100,
      maxSpotMinor: 1_000_000,
      maxRoundMinor: 100_000_000,
      houseFloatMinor: 1_000_000_000_000,
      // The bench has always measured pf1 rounds (client seeds, a spin right
      // after the close); pinned so the pf2 default does not change what it measures.
      fairness: 'pf1',
    });
    const table = registry.create(config);
    const cashier = ledger.account(AccountKind.Cashier, '');
    const seats: Seat[] = [];
    for (let index = 0; index < playerCount; index++) {
      const playerId = `ply_bench${index}`;
      players.insert({ id: playerId, tableId: table.id, name: `P${index}`, clientSeed: `seed-${index}`, tokenHash: `bench-${index}`, browserHash: null, addressHash: 'bench', credited: false, createdAt: clock });
      const walletAccountId = ledger.account(AccountKind.Wallet, playerId);
      ledger.transfer({ idempotencyKey: `bench:${playerId}`, from: cashier, to: walletAccountId, amountMinor: 1_000_000_000_000, kind: TransferKind.CashierCredit, note: 'bench' });
      seats.push({ playerId, name: `P${index}`, walletAccountId, muted: false });
    }
    for (let step = 1; step <= options.rounds; step++) {
      clock = BENCH_EPOCH + step * 1000;
      must(table.open(Cause.Operator), 'open');
      const number = table.roundView()?.round ?? 0;
      const placed = seats.map((seat, player) => {
        const bets = Array.from({ length: betsPerPlayer }, (_, k) => ({
          betId: `r${number}p${player}b${k}`,
          spot: spots[(step * 7 + player * 3 + k) % spots.length] as string,
          amountMinor: 100 * (1 + ((step + player + k) % 5)),
        }));
        return table.placeBets(seat, `seed-${player}-${step % 3}`, number, bets);
      });
      table.flush();
      for (const result of await Promise.all(placed)) must(result, 'bet');
      if (options.cancelEvery && step % options.cancelEvery === 0 && seats[0]) {
        const cancelled = table.cancelBets(seats[0], number, [`r${number}p0b0`]);
        table.flush();
        must(await cancelled, 'cancel');
      }
      if (options.voidEvery && step % options.voidEvery === 0) must(table.void('operator', 'bench: dealer error'), 'void');
      else {
        must(table.close('operator'), 'close');
        must(table.spin('operator'), 'spin');
      }
      if (step % 1000 === 0) options.onProgress?.(step);
    }
    return table.id;
  } finally {
    registry.shutdown('bench done');
    closeDatabase(db);
  }
}

function must(result: { ok: boolean; message?: string }, what: string): void {
  if (!result.ok) throw new Error(`${what} refused: ${result.message ?? '?'}`);
}

/** The heap cap of the bounded-memory runs. */
const HEAP_CAP_MB = 48;

type PhaseResult = { phase: string; rounds: number; seconds: number; roundsPerSecond: number; maxRssMb: number; bytes?: number; ok?: boolean };

function finish(phase: string, rounds: number, started: number, extra: Partial<PhaseResult> = {}): PhaseResult {
  const seconds = (performance.now() - started) / 1000;
  return { phase, rounds, seconds, roundsPerSecond: Math.round(rounds / seconds), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), ...extra };
}

/** One phase in this (child) process; prints its result as one JSON line. */
async function runPhase(phase: string, args: { dir: string; rounds: number; game: GameId; table: string; slice: number }): Promise<PhaseResult> {
  const started = performance.now();
  if (phase === 'generate') {
    const tableId = await generateRounds({ dataDir: args.dir, rounds: args.rounds, game: args.game, voidEvery: 50, cancelEvery: 10, onProgress: (done) => process.stderr.write(`\rgenerate: ${done}`) });
    process.stderr.write('\n');
    return { ...finish(phase, args.rounds, started), phase: `generate ${tableId}` };
  }
  const out = join(args.dir, `export-${args.slice}`);
  if (phase === 'export') {
    const to = BENCH_EPOCH + args.slice * 1000 + 1;
    const result = await exportRecords({ databaseFile: join(args.dir, DATABASE_FILE), tableId: args.table, from: 0, to, outDir: out, key: loadSigningKey(args.dir) });
    const bytes = result.manifest.files.reduce((sum, file) => sum + file.bytes, 0);
    return finish(`export ${args.slice}`, result.manifest.counts.records, started, { bytes });
  }
  const report = await verifyExport({ dir: out });
  if (!report.ok) for (const failure of report.failures.slice(0, 5)) process.stderr.write(`${describeFailure(failure)}\n`);
  return finish(`verify ${args.slice}`, report.records, started, { ok: report.ok });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '100000' },
      game: { type: 'string', default: 'roulette-eu' },
      dir: { type: 'string' },
      keep: { type: 'boolean', default: false },
      phase: { type: 'string' },
      table: { type: 'string', default: '' },
      slice: { type: 'string', default: '0' },
    },
    strict: true,
  });
  const rounds = Number(values.rounds);
  if (!Number.isSafeInteger(rounds) || rounds < 10) throw new Error('--rounds must be an integer >= 10');
  const game = gameIdSchema.parse(values.game);
  if (values.phase) {
    const dir = values.dir ?? '';
    const result = await runPhase(values.phase, { dir, rounds, game, table: values.table, slice: Number(values.slice) });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'pitboss-audit-bench-'));
  const self = import.meta.filename;
  const child = (phase: string, extra: string[] = [], nodeFlags: string[] = []): PhaseResult => {
    // Each phase in a fresh process: its maxRSS is its own, not the generator's.
    const output = execFileSync(process.execPath, [...nodeFlags, self, '--phase', phase, '--dir', dir, '--rounds', String(rounds), '--game', game, ...extra], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 3_600_000,
    });
    return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as PhaseResult;
  };
  try {
    const results: PhaseResult[] = [];
    let table = values.table;
    if (!table) {
      const generated = child('generate');
      table = generated.phase.split(' ')[1] ?? '';
      results.push(generated);
    }
    const runs: { slice: number; flags: string[]; label: string }[] = [
      { slice: Math.round(rounds / 10), flags: [], label: '' },
      { slice: rounds, flags: [], label: '' },
      // A semi-space of its own: V8 would otherwise shrink the young generation with the cap and spend the run in GC.
      { slice: rounds, flags: [`--max-old-space-size=${HEAP_CAP_MB}`, '--max-semi-space-size=16'], label: ` old space<=${HEAP_CAP_MB}MB` },
    ];
    for (const { slice, flags, label } of runs) {
      rmSync(join(dir, `export-${slice}`), { recursive: true, force: true });
      const exported = child('export', ['--table', table, '--slice', String(slice)], flags);
      const verified = child('verify', ['--slice', String(slice)], flags);
      results.push({ ...exported, phase: exported.phase + label }, { ...verified, phase: verified.phase + label });
    }
    console.log(`audit bench: ${rounds} ${game} rounds, 4 players x 2 bets, 1 in 10 rounds with a cancelled bet, 1 in 50 voided (${process.version}, ${process.platform})`);
    for (const result of results) {
      const size = result.bytes === undefined ? '' : `, ${(result.bytes / 1_048_576).toFixed(1)} MB written`;
      const verdict = result.ok === undefined ? '' : result.ok ? ', OK' : ', FAILED';
      console.log(`  ${result.phase.padEnd(30)} ${String(result.rounds).padStart(7)} rounds in ${result.seconds.toFixed(1).padStart(6)} s = ${String(result.roundsPerSecond).padStart(6)} rounds/s, peak RSS ${result.maxRssMb} MB${size}${verdict}`);
    }
    if (results.some((result) => result.ok === false)) process.exitCode = 1;
  } finally {
    // A folder given with --dir is the caller's: only a temporary one is removed.
    if (!values.keep && values.dir === undefined) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

if (import.meta.main) await main();
