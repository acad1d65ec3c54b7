// `npm run serve` as a child process for the fuzz and last-resort tests:
// everything it prints is kept, so a test can assert that the last-resort
// handler's "fatal:" line never appeared (or, when a failure is injected, did).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { repositoryRoot } from './harness.ts';

export type ServeProcess = {
  child: ChildProcessWithoutNullStreams;
  origin: string;
  consoleUrl: string;
  /** Every line printed on stdout and stderr so far. */
  output: string[];
  exited: Promise<number | null>;
};

/** `serveArguments`: more of npm run serve's flags (e.g. `--beacon-relay` for a loopback test relay). */
export async function startServe(dataDir: string, nodeOptions: string[] = [], serveArguments: string[] = []): Promise<ServeProcess> {
  const child = spawn(process.execPath, [...nodeOptions, 'src/main/headless.ts', '--host', '127.0.0.1', '--port', '0', '--data', dataDir, ...serveArguments], {
    cwd: repositoryRoot,
  });
  const output: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => output.push(line));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const consoleUrl = await new Promise<string>((resolveLink, rejectLink) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      output.push(line);
      const match = /^console: (\S+)$/.exec(line);
      if (match) resolveLink(match[1]!);
    });
    void exited.then((code) => rejectLink(new Error(`serve exited (${code}) before printing its console link: ${output.join('\n')}`)));
  });
  return { child, origin: new URL(consoleUrl).origin, consoleUrl, output, exited };
}

/** The lines the last-resort handler prints. */
export function fatalLines(serve: ServeProcess): string[] {
  return serve.output.filter((line) => line.startsWith('fatal:'));
}
