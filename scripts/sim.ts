// Monte Carlo check of a game's paytable: plays rounds through the real rules
// (pf1 draw, registered payout) with one unit on every spot, and compares the
// return per bet kind with the theoretical RTP the game publishes.
//
//   node scripts/sim.ts --game <id> --rounds <n> [--seed <hex>] [--max-seconds <s>]
//
// Round k's server seed is SHA-256(seed ‖ k as 8 big-endian bytes), its round
// number is k and its client string is "sim": a fixed, reproducible stream of
// real pf1 rounds without building a seed chain.
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Pf1Stream, hexToBytes } from '../src/shared/fairness/pf1.ts';
import { gameIdSchema, type GameId } from '../src/shared/protocol.ts';
import { gameRules } from '../src/shared/games/index.ts';
import { rouletteSpots } from '../src/shared/games/roulette.ts';
import { baccaratSpots } from '../src/shared/games/baccarat.ts';
import { dragonTigerSpots } from '../src/shared/games/dragon-tiger.ts';
import { sicboSpots } from '../src/shared/games/sicbo.ts';

const CLIENT_STRING = 'sim';
/** One unit = 100 minor units: the smallest stake on which every payout here is exact (0.95:1, half back). */
const STAKE_MINOR = 100;
/** Two-sided 99% normal quantile. */
const Z_99 = 2.5758293035489;
const DEFAULT_SEED = '00';
/** Keeps the exact integer sums below 2^53 for every game (worst case: a sic bo triple kind every round). */
const MAX_ROUNDS = 1_000_000_000;

/** Blackjack's return depends on the players' decisions, so it needs a strategy to simulate; its RTP is cited in games/blackjack.ts. */
type SimulatedGame = Exclude<GameId, 'blackjack'>;
const SPOT_IDS: Record<SimulatedGame, readonly string[]> = {
  'roulette-eu': [...rouletteSpots.keys()],
  baccarat: [...baccaratSpots.keys()],
  'dragon-tiger': [...dragonTigerSpots.keys()],
  sicbo: [...sicboSpots.keys()],
};

type Options = { game: SimulatedGame; rounds: number; seed: string; maxSeconds: number };

function usage(problem: string): never {
  process.stderr.write(`${problem}\nusage: node scripts/sim.ts --game <${gameIdSchema.options.filter((id) => id !== 'blackjack').join('|')}> --rounds <n> [--seed <hex>] [--max-seconds <s>]\n`);
  process.exit(2);
}

function parseOptions(): Options {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        game: { type: 'string' },
        rounds: { type: 'string' },
        seed: { type: 'string', default: DEFAULT_SEED },
        'max-seconds': { type: 'string' },
      },
    }));
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const game = gameIdSchema.safeParse(values.game);
  if (!game.success) usage(`unknown or missing --game ${JSON.stringify(values.game)}`);
  if (game.data === 'blackjack') {
    process.stderr.write(
      'blackjack is not simulated here: its return depends on the players\' decisions (a basic strategy would be needed).\n' +
        'Its RTP figures are cited and derived in src/shared/games/blackjack.ts and blackjack-rtp.ts.\n',
    );
    process.exit(2);
  }
  const rounds = Number(values.rounds);
  if (!Number.isSafeInteger(rounds) || rounds < 2 || rounds > MAX_ROUNDS) usage(`--rounds must be an integer in 2..${MAX_ROUNDS}`);
  try {
    hexToBytes(values.seed);
  } catch {
    usage('--seed must be lowercase hex of even length');
  }
  const maxSeconds = values['max-seconds'] === undefined ? Number.POSITIVE_INFINITY : Number(values['max-seconds']);
  if (!(maxSeconds > 0)) usage('--max-seconds must be positive');
  return { game: game.data, rounds, seed: values.seed, maxSeconds };
}

/** SHA-256(seed ‖ uint64be(round)): a different, fixed 32-byte server seed per round. */
function serverSeedFor(seed: Uint8Array, round: number): Uint8Array {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(round));
  return createHash('sha256').update(seed).update(counter).digest();
}

/**
 * Per kind, the round's total return R (minor units) over all its spots.
 * Spots of a kind are correlated within a round (one pocket wins one straight
 * and loses the other 36), so the round, not the spot, is the sample: the CI
 * is on the per-round mean of R. Sums are kept of R − shift, with shift the
 * expected R rounded, so they stay small exact integers and the variance does
 * not cancel catastrophically.
 */
type Tally = { kind: string; spots: string[]; shift: number; sum: number; sumOfSquares: number };

function main(): void {
  const options = parseOptions();
  const rules = gameRules(options.game);
  const seed = hexToBytes(options.seed);

  const byKind = new Map<string, Tally>();
  for (const spot of SPOT_IDS[options.game]) {
    const kind = rules.spotKind(spot);
    if (kind === null) throw new Error(`spot ${spot} has no kind`);
    const tally = byKind.get(kind) ?? { kind, spots: [], shift: 0, sum: 0, sumOfSquares: 0 };
    tally.spots.push(spot);
    byKind.set(kind, tally);
  }
  const tallies = [...byKind.values()];
  for (const tally of tallies) {
    const theory = rules.rtpByKind[tally.kind];
    if (theory === undefined) throw new Error(`no theoretical RTP for kind ${tally.kind}`);
    tally.shift = Math.round(theory * tally.spots.length * STAKE_MINOR);
  }

  const started = performance.now();
  const deadline = started + options.maxSeconds * 1000;
  const progressEvery = Math.max(1, Math.floor(options.rounds / 10));
  let played = 0;
  for (let round = 1; round <= options.rounds; round++) {
    const outcome = rules.draw(new Pf1Stream(serverSeedFor(seed, round), CLIENT_STRING, round));
    for (const tally of tallies) {
      let returned = 0;
      for (const spot of tally.spots) returned += rules.payoutMinor(spot, STAKE_MINOR, outcome);
      const deviation = returned - tally.shift;
      tally.sum += deviation;
      tally.sumOfSquares += deviation * deviation;
    }
    played = round;
    if (round % progressEvery === 0) {
      const seconds = (performance.now() - started) / 1000;
      process.stderr.write(`${options.game}: ${round}/${options.rounds} rounds (${Math.round((100 * round) / options.rounds)}%), ${seconds.toFixed(1)} s\n`);
    }
    if (round % 1024 === 0 && performance.now() > deadline) {
      process.stderr.write(`${options.game}: stopping at ${round} rounds, --max-seconds reached\n`);
      break;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  report(options, rules.rulesVersion, tallies, played, seconds);
}

function report(options: Options, rulesVersion: string, tallies: Tally[], rounds: number, seconds: number): void {
  const lines = [
    `game ${options.game} (${rulesVersion}), ${rounds} rounds in ${seconds.toFixed(1)} s = ${Math.round(rounds / seconds)} rounds/s`,
    `seed ${options.seed}; round k: server seed SHA-256(seed || uint64be(k)), round number k, client string "${CLIENT_STRING}"`,
    `one unit (${STAKE_MINOR} minor) on every spot each round; per kind: per-round mean return, 99% CI (z = ${Z_99.toFixed(4)})`,
    '',
  ];
  const header = ['kind', 'spots', 'rounds', 'empirical', 'ci99 low', 'ci99 high', 'theory', 'inside'];
  const rows = tallies.map((tally) => {
    const unitsPerRound = tally.spots.length * STAKE_MINOR;
    const meanDeviation = tally.sum / rounds;
    const variance = Math.max(0, (tally.sumOfSquares - tally.sum * meanDeviation) / (rounds - 1));
    const mean = (tally.shift + meanDeviation) / unitsPerRound;
    const halfWidth = (Z_99 * Math.sqrt(variance / rounds)) / unitsPerRound;
    const theory = gameRules(options.game).rtpByKind[tally.kind] as number;
    // A zero-variance kind (every straight at once) has a zero-width interval: allow rounding of the last bit.
    const inside = Math.abs(theory - mean) <= halfWidth + 1e-12;
    return [
      tally.kind,
      String(tally.spots.length),
      String(rounds),
      mean.toFixed(6),
      (mean - halfWidth).toFixed(6),
      (mean + halfWidth).toFixed(6),
      theory.toFixed(6),
      inside ? 'yes' : 'NO',
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
  const format = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] as number) : cell.padStart(widths[column] as number))).join('  ');
  lines.push(format(header), ...rows.map(format));
  const outside = rows.filter((row) => row[7] === 'NO').length;
  lines.push('', `${rows.length - outside} of ${rows.length} kinds have the theoretical RTP inside the 99% CI (about 1 in 100 falls outside by chance).`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
