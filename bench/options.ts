// The command line of `npm run bench` (see run.ts's header for every flag).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchDir } from './log.ts';

export type BenchOptions = {
  players: number;
  rounds: number;
  betsPerPlayer: number;
  clientProcesses: number;
  warmupRounds: number;
  stormWindowMs: number;
  roundGapMs: number;
  joinConcurrency: number;
  connectConcurrency: number;
  timeoutS: number;
  profile: boolean;
  out: string;
  /** Only redraw results.svg (into out) from an existing results.json. */
  chartFrom: string | null;
};

function positiveInteger(name: string, raw: string | undefined, min = 1): number {
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${raw}`);
  return value;
}

export function parseOptions(args: string[]): BenchOptions {
  const { values: flags } = parseArgs({
    args,
    options: {
      players: { type: 'string', default: '5000' },
      rounds: { type: 'string', default: '100' },
      'bets-per-player': { type: 'string', default: '4' },
      'client-processes': { type: 'string', default: '4' },
      'warmup-rounds': { type: 'string', default: '2' },
      'storm-window-ms': { type: 'string', default: '1000' },
      'round-gap-ms': { type: 'string', default: '25' },
      'join-concurrency': { type: 'string', default: '32' },
      'connect-concurrency': { type: 'string', default: '64' },
      'timeout-s': { type: 'string', default: '290' },
      profile: { type: 'boolean', default: false },
      out: { type: 'string', default: benchDir },
      'chart-from': { type: 'string' },
    },
    strict: true,
  });
  return {
    players: positiveInteger('players', flags.players),
    rounds: positiveInteger('rounds', flags.rounds),
    betsPerPlayer: positiveInteger('bets-per-player', flags['bets-per-player']),
    clientProcesses: positiveInteger('client-processes', flags['client-processes']),
    warmupRounds: positiveInteger('warmup-rounds', flags['warmup-rounds'], 0),
    stormWindowMs: positiveInteger('storm-window-ms', flags['storm-window-ms']),
    roundGapMs: positiveInteger('round-gap-ms', flags['round-gap-ms'], 0),
    joinConcurrency: positiveInteger('join-concurrency', flags['join-concurrency']),
    connectConcurrency: positiveInteger('connect-concurrency', flags['connect-concurrency']),
    timeoutS: positiveInteger('timeout-s', flags['timeout-s']),
    profile: flags.profile ?? false,
    out: resolve(flags.out ?? benchDir),
    chartFrom: flags['chart-from'] ? resolve(flags['chart-from']) : null,
  };
}
