// Where the bench lives, and its progress log (stderr, with the run's elapsed time).
import { resolve } from 'node:path';
import { monotonicMs } from './histogram.ts';

export const benchDir = import.meta.dirname;
export const repositoryRoot = resolve(benchDir, '..');

const runStarted = monotonicMs();

/** Seconds since the bench started. */
export const runSeconds = (): number => (monotonicMs() - runStarted) / 1000;

export const log = (message: string): void => {
  process.stderr.write(`[bench ${runSeconds().toFixed(1).padStart(6)} s] ${message}\n`);
};

export const sleep = (ms: number): Promise<void> => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
