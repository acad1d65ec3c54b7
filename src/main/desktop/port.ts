// The desktop server listens on the same port every launch when it can, so
// invite links and the players' saved sessions (kept per origin in their
// browsers) survive a restart of the app. When the port is taken (another
// program, or `npm run serve`), any free port is better than not starting.
import { createServer } from 'node:net';

export const preferredDesktopPort = 7300;

/** `port` when it is free on `host` right now, else 0 (the OS picks one). */
export function freePortOr(port: number, host: string): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(0));
    probe.listen(port, host, () => probe.close(() => resolve(port)));
  });
}
