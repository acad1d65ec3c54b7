// The desktop shell's wiring, as one function over the Electron APIs it is
// handed (index.ts passes the real ones, tests pass doubles): one instance
// per user, the embedded server in the user-data folder, the console window
// where the dealer left it, the menu, the tray, notifications, the bridge's
// IPC, and a quit that never abandons a round.
import { join } from 'node:path';
import type { PitbossOptions } from '../server/pitboss-options.ts';
import type { OperatorCredential, OperatorSessions } from '../server/operator-sessions.ts';
import { isAllowedExternalUrl, isOwnPage, isTrustedSender } from '../desktop-policy.ts';
import { createAlertWatcher, type AlertSource, type AlertWatcher } from './alerts.ts';
import { postTableAction, type FetchLike } from './dealer-actions.ts';
import type { ContentsLike, ShellElectron, WindowLike } from './electron-api.ts';
import { appId, productName } from './identity.ts';
import { registerDesktopIpc } from './ipc.ts';
import { actionRequest, buildMenuTemplate, type DealerAction } from './menu.ts';
import { createNativeTouches } from './native.ts';
import { createQuitGuard, quitDialogOptions, type QuitGuard } from './quit-guard.ts';
import { consolePageUrl, hardenSession, operatorSessionRenewalMs, setOperatorCookie } from './session.ts';
import { shutdownPlan, tableStatuses, type TableStatus } from './table-status.ts';
import { createTrayIndicator, type TrayIndicator } from './tray.ts';
import { openMainWindow } from './window.ts';
import { windowStateFileName } from './window-state.ts';

/** What the shell needs of the embedded server (Pitboss satisfies it). */
export type PitbossLike = {
  origin: string;
  services: AlertSource & { operatorSessions: Pick<OperatorSessions, 'createSession' | 'renew'> };
  close(): Promise<void>;
};

export type ShellOptions = {
  electron: ShellElectron;
  startPitboss(options: PitbossOptions): Promise<PitbossLike>;
  /** out/preload/index.cjs */
  preloadPath: string;
  /** out/renderer: the pages the embedded server serves. */
  rendererDir: string;
  platform: NodeJS.Platform;
  fetch: FetchLike;
  /** The port to listen on (a stable one when free). */
  pickPort(): Promise<number>;
  /** Runs `task` every `ms` until the returned function is called. */
  every(ms: number, task: () => void): () => void;
  onSignal(signal: 'SIGINT' | 'SIGTERM', handler: () => void): void;
  /** Registers the last resort: an exception or rejection nothing else caught (process.on uncaughtException / unhandledRejection). */
  onFatal(handler: (kind: string, error: unknown) => void): void;
  log(message: string, error?: unknown): void;
};

export type Shell = {
  /** False when another instance already runs: this one has asked to quit. */
  readonly primary: boolean;
  /** Settles once the console page is loaded (or starting failed). */
  readonly ready: Promise<void>;
  readonly quitGuard: QuitGuard;
  window(): WindowLike | null;
  /** Re-reads the tables into the tray and menu and raises due notifications (runs every second). */
  refresh(): void;
};

/** Tray, menu and alerts follow the tables at this pace. */
export const refreshIntervalMs = 1_000;

/** No window.open, no navigation away from our own pages, no <webview>: for every web contents. */
export function guardContents(contents: ContentsLike, ownOrigin: () => string | null, openInBrowser: (url: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) openInBrowser(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    const origin = ownOrigin();
    if (origin === null || !isOwnPage(url, origin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function runShell(options: ShellOptions): Shell {
  const { electron, platform, log } = options;
  const { app } = electron;

  app.setName(productName);
  if (platform === 'win32') app.setAppUserModelId(appId);
  // The folder `npm run serve` uses by default too (data-dir.ts), whatever the
  // package is called; --user-data-dir (tests, a second profile) wins.
  const userDataSwitch = app.commandLine.getSwitchValue('user-data-dir');
  app.setPath('userData', userDataSwitch !== '' ? userDataSwitch : join(app.getPath('appData'), productName));

  let window: WindowLike | null = null;
  let pitboss: PitbossLike | null = null;
  let starting: Promise<PitbossLike> | null = null;
  let origin: string | null = null;
  let operatorCredential: OperatorCredential | null = null;
  let tray: TrayIndicator | null = null;
  let alerts: AlertWatcher | null = null;
  let targetId: string | null = null;
  let menuKey = '';
  let acting = false;
  let stopping = false;
  const stops: (() => void)[] = [];

  const showConsole = (): void => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  const native = createNativeTouches(electron, { platform, window: () => window, showConsole });
  const { notify, ask } = native;
  const openInBrowser = (url: string): void => {
    native.openInBrowser(url).catch((error: unknown) => log(`pitboss: could not open ${url}`, error));
  };
  const statuses = (): TableStatus[] => (pitboss ? tableStatuses(pitboss.services.tables.all()) : []);

  const quitGuard = createQuitGuard({
    plan: () => shutdownPlan(statuses()),
    confirm: async (plan) => (await ask(quitDialogOptions(plan))).response === 0,
    close: async () => {
      stopping = true;
      for (const stop of stops.splice(0)) stop();
      const server = starting ? await starting.catch(() => null) : null;
      await server?.close();
    },
    quit: () => app.quit(),
    exit: (code) => app.exit(code),
    log,
  });

  if (!app.requestSingleInstanceLock()) {
    // Another Pitboss owns this user's data; it focuses itself (second-instance).
    app.quit();
    return { primary: false, ready: Promise.resolve(), quitGuard, window: () => null, refresh: () => {} };
  }

  app.on('second-instance', showConsole);
  app.on('activate', showConsole);
  app.on('web-contents-created', (_event, contents) => guardContents(contents, () => origin, openInBrowser));
  app.on('before-quit', (event) => {
    if (quitGuard.mayQuit) return;
    event.preventDefault();
    void quitGuard.request();
  });
  app.on('window-all-closed', () => app.quit());
  // A signal or an OS shutdown cannot wait for an answer: resolve rounds and go.
  options.onSignal('SIGINT', () => void quitGuard.request({ ask: false }));
  options.onSignal('SIGTERM', () => void quitGuard.request({ ask: false }));
  // Defence in depth: after an exception nothing caught, memory may disagree
  // with the disk. Resolve the rounds as a quit does (recovery rules), then
  // start a clean process: the app relaunches itself.
  let fatalSeen = false;
  options.onFatal((kind, error) => {
    log(`pitboss: fatal ${kind}; resolving the rounds in flight and restarting`, error);
    if (fatalSeen) return;
    fatalSeen = true;
    app.relaunch();
    void quitGuard.request({ ask: false });
  });

  function updateMenu(list: readonly TableStatus[]): void {
    const model = { platform, developer: !app.isPackaged, tables: list, targetId };
    const key = JSON.stringify(model);
    if (key === menuKey) return;
    menuKey = key;
    const template = buildMenuTemplate(model, {
      act: (table, action) => void act(table, action),
      selectTable: (tableId) => {
        targetId = tableId;
        refresh();
      },
      showConsole,
    });
    electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate(template));
  }

  async function act(table: TableStatus, action: DealerAction): Promise<void> {
    // One action at a time, like the console's buttons: a double press never spins twice.
    if (acting || stopping || !origin) return;
    acting = true;
    try {
      if (action === 'void') {
        const round = table.round === null ? 'the round' : `round ${table.round}`;
        const answer = await ask({
          type: 'warning',
          title: 'Void Round',
          message: `Void ${round} at ${table.name}?`,
          detail: 'Every stake on the layout is refunded.',
          buttons: ['Void round', 'Cancel'],
          defaultId: 1,
          cancelId: 1,
          noLink: true,
        });
        if (answer.response !== 0) return;
      }
      if (!operatorCredential) return;
      const refusal = await postTableAction(options.fetch, origin, operatorCredential, table.id, actionRequest(action, table));
      if (refusal !== null) notify({ title: `${table.name}: not done`, body: refusal });
    } catch (error) {
      log(`pitboss: the menu action ${action} failed`, error);
    } finally {
      acting = false;
      refresh();
    }
  }

  function refresh(): void {
    // After the server closed its database there is nothing left to read.
    if (stopping) return;
    try {
      const list = statuses();
      updateMenu(list);
      tray?.update(list);
      const consoleVisible = window !== null && !window.isDestroyed() && window.isVisible() && !window.isMinimized();
      for (const alert of alerts?.check({ consoleVisible }) ?? []) notify(alert);
    } catch (error) {
      log('pitboss: refreshing the menu and tray failed', error);
    }
  }

  async function start(): Promise<void> {
    updateMenu([]);
    electron.powerMonitor.on('shutdown', (event) => {
      event?.preventDefault();
      void quitGuard.request({ ask: false });
    });
    const userData = app.getPath('userData');
    starting = options.pickPort().then((port) =>
      options.startPitboss({ host: '127.0.0.1', port, dataDir: userData, staticDir: options.rendererDir, createDefaultTable: true }),
    );
    const server = await starting;
    pitboss = server;
    // Quit while the server was starting: the guard closes it; open nothing.
    if (stopping) return;
    origin = server.origin;

    const session = electron.session.defaultSession;
    hardenSession(session, server.origin, app.getPath('documents'));
    // The page keeps the secret it was opened with, so renewing extends the
    // same session; only a lapsed one (the machine slept past its lifetime)
    // gets a new credential, and the console reloads with its secret.
    const renewOperatorSession = async (): Promise<void> => {
      if (operatorCredential && server.services.operatorSessions.renew(operatorCredential.session)) return;
      const lapsed = operatorCredential !== null;
      operatorCredential = server.services.operatorSessions.createSession();
      await setOperatorCookie(session, server.origin, operatorCredential.session);
      if (lapsed && window && !window.isDestroyed()) await window.loadURL(consolePageUrl(server.origin, operatorCredential.secret));
    };
    await renewOperatorSession();
    stops.push(options.every(operatorSessionRenewalMs, () => void renewOperatorSession().catch((error: unknown) => log('pitboss: renewing the operator session failed', error))));

    registerDesktopIpc({
      ipcMain: electron.ipcMain,
      isTrusted: (event) => isTrustedSender(event, window?.webContents ?? null, server.origin),
      openInBrowser: native.openInBrowser,
      notify,
      chooseSavePath: native.chooseSavePath,
      share: native.share,
    });

    const primaryId = electron.screen.getPrimaryDisplay().id;
    const displays = electron.screen.getAllDisplays().sort((a, b) => Number(b.id === primaryId) - Number(a.id === primaryId));
    const created = openMainWindow(electron.BrowserWindow, {
      stateFile: join(userData, windowStateFileName),
      workAreas: displays.map((display) => display.workArea),
      preloadPath: options.preloadPath,
      devTools: !app.isPackaged,
      mayClose: () => quitGuard.mayQuit,
      closeRequested: () => void quitGuard.request(),
      log,
    });
    window = created;
    created.on('closed', () => {
      if (window === created) window = null;
    });

    tray = createTrayIndicator(electron, { showConsole, quit: () => app.quit() });
    alerts = createAlertWatcher(server.services);
    refresh();
    stops.push(options.every(refreshIntervalMs, refresh));
    await created.loadURL(consolePageUrl(server.origin, operatorCredential?.secret ?? ''));
  }

  const ready = app.whenReady().then(start).catch(async (error: unknown) => {
    log('pitboss: could not start', error);
    electron.dialog.showErrorBox('Pitboss could not start', error instanceof Error ? error.message : String(error));
    for (const stop of stops.splice(0)) stop();
    await pitboss?.close().catch(() => {});
    app.exit(1);
  });

  return { primary: true, ready, quitGuard, window: () => window, refresh };
}
