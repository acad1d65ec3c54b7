// `npm run serve` as a newcomer runs it: prints the console and player links
// within two seconds, serves, and on SIGTERM/SIGINT exits 0 with the
// database checkpointed and closed.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { repositoryRoot, request } from '../support/harness.ts';

const dataDirs: string[] = [];
afterEach(() => {
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function startServe(dataDir: string): { child: ChildProcessWithoutNullStreams; links: Promise<{ console: string; player: string }> } {
  const child = spawn(process.execPath, ['src/main/headless.ts', '--host', '127.0.0.1', '--port', '0', '--data', dataDir], {
    cwd: repositoryRoot,
  });
  const links = new Promise<{ console: string; player: string }>((resolveLinks, rejectLinks) => {
    const found: Record<string, string> = {};
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const match = /^(console|player): (\S+)$/.exec(line);
      if (match) found[match[1]!] = match[2]!;
      if (found.console && found.player) resolveLinks({ console: found.console, player: found.player });
    });
    child.once('exit', (code) => rejectLinks(new Error(`serve exited with ${code} before printing its links`)));
  });
  return { child, links };
}

function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
}

describe('npm run serve', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`prints both links and exits 0 on ${signal} with the database closed`, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'pitboss-serve-'));
      dataDirs.push(dataDir);
      const startedAt = performance.now();
      const { child, links } = startServe(dataDir);
      const { console: consoleUrl, player } = await links;
      const elapsedMs = performance.now() - startedAt;
      // A figure for the log, not an assertion: speed is measured by the bench, never asserted in a test.
      console.log(`serve printed its links after ${elapsedMs.toFixed(0)} ms`);
      expect(consoleUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/console\/login\?token=[\w-]+$/);
      expect(player).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/player\/#invite=[\w-]+&key=[0-9a-f]{64}$/);

      const origin = new URL(consoleUrl).origin;
      const tables = await request<{ tables: { name: string }[] }>(origin, 'GET', '/api/tables');
      expect(tables.body.tables.map((table) => table.name)).toEqual(['Roulette 1']);
      const login = await request(origin, 'GET', new URL(consoleUrl).pathname + new URL(consoleUrl).search);
      expect(login.status).toBe(302);

      const exited = exitCode(child);
      child.kill(signal);
      expect(await exited).toBe(0);
      const file = join(dataDir, 'pitboss.db');
      // Checkpointed on close: no write-ahead log left holding data.
      expect(!existsSync(`${file}-wal`) || statSync(`${file}-wal`).size === 0).toBe(true);
      const db = new Database(file, { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    });
  }

  it('keeps its tables across a restart and rejects bad flags with a clear message', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pitboss-serve-'));
    dataDirs.push(dataDir);
    const first = startServe(dataDir);
    const firstLinks = await first.links;
    const firstExit = exitCode(first.child);
    first.child.kill('SIGTERM');
    expect(await firstExit).toBe(0);
    const second = startServe(dataDir);
    const secondLinks = await second.links;
    expect(new URL(secondLinks.player).hash).toBe(new URL(firstLinks.player).hash);
    const secondExit = exitCode(second.child);
    second.child.kill('SIGTERM');
    expect(await secondExit).toBe(0);

    const bad = spawn(process.execPath, ['src/main/headless.ts', '--port', 'eighty'], { cwd: repositoryRoot });
    let stderr = '';
    bad.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolveExit) => bad.once('exit', resolveExit));
    expect(code).toBe(2);
    expect(stderr).toContain('--port must be 0-65535');
  });
});
