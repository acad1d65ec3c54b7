// Starts `npm run serve`'s server (src/main/headless.ts) as a child process on
// an ephemeral loopback port with a fresh data folder, for browser tests.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export type ServedPitboss = { consoleUrl: string; playerUrl: string; origin: string; stop: () => Promise<void> };

const repositoryRoot = resolve(import.meta.dirname, '../..');

export async function startServe(): Promise<ServedPitboss> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitboss-e2e-'));
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['src/main/headless.ts', '--host', '127.0.0.1', '--port', '0', '--data', dataDir],
    { cwd: repositoryRoot },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const links = await new Promise<{ console: string; player: string }>((resolveLinks, rejectLinks) => {
    const found: Record<string, string> = {};
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^(console|player): (\S+)$/.exec(line);
      if (match) found[match[1]!] = match[2]!;
      if (found.console && found.player) resolveLinks({ console: found.console, player: found.player });
    });
    child.once('exit', (code) => rejectLinks(new Error(`serve exited (${code}): ${stderr}`)));
  });
  return {
    consoleUrl: links.console,
    playerUrl: links.player,
    origin: new URL(links.console).origin,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
