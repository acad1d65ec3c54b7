// What else ran: the source state of the server code, and the CPU that
// other processes took on this machine while each phase was measured.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { children } from './child.ts';
import { monotonicMs, round2 } from './histogram.ts';
import { repositoryRoot } from './log.ts';

const clock = monotonicMs;

/** Which server code ran: the commit and any uncommitted changes under src/ (others work in this checkout too). */
export function sourceState(): { commit: string; uncommittedSrc: string[] } | null {
  try {
    const git = (...args: string[]): string => execFileSync('git', ['-C', repositoryRoot, ...args], { encoding: 'utf8', timeout: 10_000 }).trim();
    const uncommittedSrc = git('status', '--porcelain', '--', 'src')
      .split('\n')
      .filter((line) => line.length > 0);
    return { commit: git('rev-parse', '--short', 'HEAD'), uncommittedSrc };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- machine load

/**
 * This run shares the machine: CPU that other processes take while a phase
 * is measured shows up as latency. Linux only (/proc); null elsewhere.
 */
export type CpuMark = { at: number; busyTicks: number; ourTicks: number };

export function readCpuMark(): CpuMark | null {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal
    const busyTicks = (fields[0] ?? 0) + (fields[1] ?? 0) + (fields[2] ?? 0) + (fields[5] ?? 0) + (fields[6] ?? 0) + (fields[7] ?? 0);
    let ourTicks = 0;
    for (const pid of [process.pid, ...[...children].map((child) => child.pid)]) {
      if (pid === undefined) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ourTicks += Number(after[11] ?? 0) + Number(after[12] ?? 0);
      } catch {
        // gone meanwhile
      }
    }
    return { at: clock(), busyTicks, ourTicks };
  } catch {
    return null;
  }
}

export type MachineLoad = { phase: string; seconds: number; allCores: number; benchCores: number; otherCores: number; loadAverage1m: number };
export const machineLoad: MachineLoad[] = [];

/** Measures `phase` from now until the returned function is called. */
export function watchLoad(phase: string): () => void {
  const start = readCpuMark();
  return () => {
    const end = readCpuMark();
    if (!start || !end) return;
    const seconds = (end.at - start.at) / 1000;
    const ticksPerSecond = 100;
    const allCores = (end.busyTicks - start.busyTicks) / ticksPerSecond / seconds;
    const benchCores = (end.ourTicks - start.ourTicks) / ticksPerSecond / seconds;
    machineLoad.push({
      phase,
      seconds: round2(seconds),
      allCores: round2(allCores),
      benchCores: round2(benchCores),
      otherCores: round2(Math.max(0, allCores - benchCores)),
      loadAverage1m: round2(loadavg()[0] ?? 0),
    });
  };
}
