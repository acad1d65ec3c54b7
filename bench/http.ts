// HTTP to the server under test, on 127.0.0.1 only, over one keep-alive agent.
import { Agent, request as httpRequest } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export function http<T>(origin: string, method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const url = new URL(path, origin);
  if (url.hostname !== '127.0.0.1') throw new Error(`refusing to talk to ${url.hostname}: the bench stays on 127.0.0.1`);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolveHttp, rejectHttp) => {
    const outgoing = httpRequest(
      url,
      {
        method,
        agent,
        timeout: 30_000,
        headers: { ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}), ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text.length > 0 ? JSON.parse(text) : null;
          } catch {
            // not JSON: keep the text
          }
          resolveHttp({ status: response.statusCode ?? 0, body: parsed as T });
        });
        response.on('error', rejectHttp);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${method} ${path}: timed out`)));
    outgoing.on('error', rejectHttp);
    outgoing.end(payload);
  });
}

export async function inParallel<T>(count: number, concurrency: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      results[index] = await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, () => lane()));
  return results;
}

/** Ends the keep-alive connections, so the run can exit. */
export function closeHttp(): void {
  agent.destroy();
}
