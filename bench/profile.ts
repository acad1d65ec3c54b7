// `--profile`: a CPU profile of the server per phase, summarized by
// category and by function for the closing notes.
import { readFileSync } from 'node:fs';
import type { ServerChild } from './child.ts';
import { repositoryRoot } from './log.ts';

export type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
export type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };
export type ProfileSummary = {
  phase: string;
  file: string;
  totalMs: number;
  byCategory: { category: string; ms: number; percent: number }[];
  topSelf: { function: string; ms: number; percent: number }[];
  topInclusive: { function: string; ms: number; percent: number }[];
};

export function categoryOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (functionName === '(garbage collector)') return 'gc';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)') return 'native/program';
  if (url.includes('/node_modules/ws/')) return 'ws';
  if (url.includes('/node_modules/better-sqlite3/')) return 'better-sqlite3';
  if (url.includes('/node_modules/zod/')) return 'zod';
  if (url.includes('/node_modules/@noble/')) return 'noble-hashes';
  if (url.includes('/src/main/tables/')) return 'src/main/tables';
  if (url.includes('/src/main/ledger/')) return 'src/main/ledger';
  if (url.includes('/src/main/server/')) return 'src/main/server';
  if (url.includes('/src/main/audit/')) return 'src/main/audit';
  if (url.includes('/src/')) return 'src (other)';
  if (url.includes('/bench/')) return 'bench instrumentation';
  if (url.startsWith('node:')) return 'node core';
  return url === '' ? `native (${functionName || 'anonymous'})` : 'other';
}

export function frameLabel(frame: ProfileNode['callFrame']): string {
  const file = frame.url.replace(/^file:\/\//, '').replace(`${repositoryRoot}/`, '');
  return `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
}

export function summarizeProfile(phase: string, file: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const total = [...selfUs.values()].reduce((sum, value) => sum + value, 0);
  const idle = [...selfUs].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((sum, [, value]) => sum + value, 0);
  const busy = Math.max(1, total - idle);
  const percentOfBusy = (us: number): number => Math.round((us / busy) * 1000) / 10;

  const categories = new Map<string, number>();
  const selfByLabel = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const category = categoryOf(node.callFrame);
    categories.set(category, (categories.get(category) ?? 0) + us);
    if (category === 'idle') continue;
    const label = frameLabel(node.callFrame);
    selfByLabel.set(label, (selfByLabel.get(label) ?? 0) + us);
  }
  // Inclusive: every sample counts once for each distinct function on its stack.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const labels = new Set<string>();
    for (let cursor: number | undefined = id, depth = 0; cursor !== undefined && depth < 500; cursor = parent.get(cursor), depth += 1) {
      const node = byId.get(cursor);
      if (!node || node.callFrame.functionName === '(root)' || node.callFrame.functionName === '(idle)') continue;
      labels.add(frameLabel(node.callFrame));
    }
    for (const label of labels) inclusive.set(label, (inclusive.get(label) ?? 0) + us);
  }
  const top = (map: Map<string, number>, count: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([label, us]) => ({ function: label, ms: Math.round(us / 100) / 10, percent: percentOfBusy(us) }));
  return {
    phase,
    file,
    totalMs: Math.round(busy / 100) / 10,
    byCategory: [...categories]
      .filter(([category]) => category !== 'idle')
      .sort((a, b) => b[1] - a[1])
      .map(([category, us]) => ({ category, ms: Math.round(us / 100) / 10, percent: percentOfBusy(us) })),
    topSelf: top(selfByLabel, 15),
    topInclusive: top(inclusive, 25),
  };
}

/** Stops the server's profiler for `phase` and summarizes what it recorded. */
export async function stopProfile(server: ServerChild, phase: string): Promise<ProfileSummary> {
  return summarizeProfile(phase, (await server.request({ type: 'profile-stop', name: phase }, 'profile')).file);
}
