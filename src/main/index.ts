// The Electron shell's entry point: hands the real Electron modules to the
// wiring in desktop/shell.ts, which is tested with doubles. Everything that
// matters (server, ledger, fairness, games) runs and is tested without Electron.
// A namespace import: ShareMenu is read only on macOS, and a named import of
// an export a platform lacks would stop the app from loading at all.
import * as electron from 'electron';
import { join } from 'node:path';
import { freePortOr, preferredDesktopPort } from './desktop/port.ts';
import { runShell } from './desktop/shell.ts';
import { startPitboss } from './server/pitboss.ts';

const host = '127.0.0.1';

runShell({
  electron,
  startPitboss,
  preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
  rendererDir: join(import.meta.dirname, '../renderer'),
  platform: process.platform,
  fetch: (url, init) => fetch(url, init),
  pickPort: () => freePortOr(preferredDesktopPort, host),
  every: (ms, task) => {
    const timer = setInterval(task, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
  onSignal: (signal, handler) => process.on(signal, handler),
  onFatal: (handler) => {
    process.on('uncaughtException', (error) => handler('uncaughtException', error));
    process.on('unhandledRejection', (reason) => handler('unhandledRejection', reason));
  },
  log: (message, error) => console.error(message, error ?? ''),
});
