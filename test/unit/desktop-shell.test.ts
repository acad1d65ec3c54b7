// The desktop shell's wiring with Electron replaced by doubles and the real
// embedded server (SQLite in a temp folder, loopback port): window options,
// single instance, the quit flow, IPC sender checks, the session, the menu
// actions over HTTP, the tray and the remembered window position.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OPERATOR_COOKIE } from '../../src/shared/api.ts';
import { DesktopChannel } from '../../src/shared/desktop-bridge.ts';
import { runShell, type Shell } from '../../src/main/desktop/shell.ts';
import { windowStateFileName } from '../../src/main/desktop/window-state.ts';
import { startPitboss, type Pitboss } from '../../src/main/server/pitboss.ts';
import { repositoryRoot } from '../support/harness.ts';
import { fakeElectron, FakeNotification, FakeTray, FakeWindow, findItem, ipcEvent, preventable, type FakeElectron } from './desktop-fakes.ts';
import { Cause } from '../../src/main/tables/round-cause.ts';

type Launched = {
  electron: FakeElectron;
  shell: Shell;
  pitboss: Pitboss;
  window: FakeWindow;
  profile: string;
  signals: Map<string, () => void>;
  fatal: ((kind: string, error: unknown) => void)[];
  tick(): void;
};

const preloadPath = '/opt/pitboss/resources/app.asar/out/preload/index.cjs';
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function prepare(options: { lock?: boolean; platform?: NodeJS.Platform; profile?: string } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'pitboss-shell-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const profile = options.profile ?? join(root, 'profile');
  const electron = fakeElectron({ appData: join(root, 'appData'), documents: join(root, 'Documents') }, { 'user-data-dir': profile });
  electron.app.lock = options.lock ?? true;
  const servers: Pitboss[] = [];
  const ticks = new Set<() => void>();
  const signals = new Map<string, () => void>();
  const fatal: ((kind: string, error: unknown) => void)[] = [];
  const startServer = vi.fn(async (serverOptions: Parameters<typeof startPitboss>[0]) => {
    const pitboss = await startPitboss({ ...serverOptions, chainLength: 50 });
    servers.push(pitboss);
    cleanups.push(() => pitboss.close());
    return pitboss;
  });
  const shell = runShell({
    electron,
    startPitboss: startServer,
    preloadPath,
    rendererDir: join(repositoryRoot, 'out/renderer'),
    platform: options.platform ?? 'linux',
    fetch: (url, init) => fetch(url, init),
    pickPort: async () => 0,
    every: (_ms, task) => {
      ticks.add(task);
      return () => ticks.delete(task);
    },
    onSignal: (signal, handler) => void signals.set(signal, handler),
    onFatal: (handler) => fatal.push(handler),
    log: () => {},
  });
  return { electron, shell, servers, startServer, signals, fatal, profile, tick: () => ticks.forEach((task) => task()) };
}

async function launch(options: Parameters<typeof prepare>[0] = {}): Promise<Launched> {
  const prepared = prepare(options);
  prepared.electron.app.becomeReady();
  await prepared.shell.ready;
  const pitboss = prepared.servers[0];
  const window = FakeWindow.created[0];
  if (!pitboss || !window) throw new Error('the shell did not start');
  return { ...prepared, pitboss, window };
}

function firstTable(launched: Launched) {
  const table = launched.pitboss.services.tables.all()[0];
  if (!table) throw new Error('no default table');
  return table;
}

describe('startup', () => {
  it('opens one window with the secure options, the preload, and the console of the embedded server', async () => {
    const launched = await launch();
    expect(FakeWindow.created).toHaveLength(1);
    const preferences = launched.window.options.webPreferences as Record<string, unknown>;
    expect(preferences).toMatchObject({
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: true,
    });
    expect(preferences).not.toHaveProperty('enableBlinkFeatures');
    expect(launched.window.options.show).toBe(false);
    expect(launched.window.loadedUrl).toMatch(new RegExp(`^${launched.pitboss.origin}/console/#operator=[\\w-]{32}$`));
    expect(launched.pitboss.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // Shown only once ready, never before.
    expect(launched.window.visible).toBe(true);
  });

  it('keeps developer tools out of a packaged build', async () => {
    const prepared = prepare();
    prepared.electron.app.isPackaged = true;
    prepared.electron.app.becomeReady();
    await prepared.shell.ready;
    expect((FakeWindow.created[0]?.options.webPreferences as Record<string, unknown>).devTools).toBe(false);
    await prepared.servers[0]?.close();
  });

  it('keeps its data in the user-data folder: Pitboss under appData, or --user-data-dir', async () => {
    const launched = await launch();
    expect(launched.electron.app.paths.userData).toBe(launched.profile);
    expect(existsSync(join(launched.profile, 'pitboss.db'))).toBe(true);

    // No --user-data-dir: the platform's application-data folder, under the product name.
    const prepared = prepare({ profile: '' });
    expect(prepared.electron.app.paths.userData).toBe(join(prepared.electron.app.paths.appData ?? '', 'Pitboss'));
    expect(prepared.electron.app.setName).toHaveBeenCalledWith('Pitboss');
  });

  it('sets the operator session as an HttpOnly, SameSite=Strict cookie and hands the page its secret in the fragment', async () => {
    const launched = await launch();
    const [cookie] = launched.electron.session.defaultSession.cookieCalls;
    expect(cookie).toMatchObject({ url: launched.pitboss.origin, name: OPERATOR_COOKIE, httpOnly: true, sameSite: 'strict', path: '/' });
    expect(launched.window.loadedUrl).not.toContain(cookie?.value as string);
    const secret = new URLSearchParams(new URL(launched.window.loadedUrl ?? '').hash.slice(1)).get('operator') ?? '';
    const sessions = launched.pitboss.services.operatorSessions;
    // The server takes the pair, and neither half alone.
    expect(sessions.isValid(cookie?.value as string, secret)).toBe(true);
    expect(sessions.isValid(cookie?.value as string, undefined)).toBe(false);
    expect(sessions.isValid(cookie?.value as string, cookie?.value as string)).toBe(false);
    // Renewing extends the same session, so the page's secret keeps working.
    expect(sessions.renew(cookie?.value as string)).toBe(true);
    expect(sessions.isValid(cookie?.value as string, secret)).toBe(true);
  });
});

describe('single instance', () => {
  it('a second launch focuses the first window, restoring it when minimized', async () => {
    const launched = await launch();
    launched.window.minimized = true;
    launched.window.calls.length = 0;
    launched.electron.app.emit('second-instance');
    expect(launched.window.calls).toEqual(['restore', 'show', 'focus']);
  });

  it('the second instance itself quits without starting a server or a window', async () => {
    const prepared = prepare({ lock: false });
    prepared.electron.app.becomeReady();
    await prepared.shell.ready;
    expect(prepared.shell.primary).toBe(false);
    expect(prepared.electron.app.quitCalls).toHaveBeenCalled();
    expect(prepared.startServer).not.toHaveBeenCalled();
    expect(FakeWindow.created).toHaveLength(0);
  });
});

describe('quit flow', () => {
  it('quits without asking when no round is in flight, closing the server first', async () => {
    const launched = await launch();
    const close = vi.spyOn(launched.pitboss, 'close');
    launched.electron.app.quit();
    await vi.waitFor(() => expect(launched.electron.app.quitted).toBe(true));
    expect(launched.electron.messageBoxes).toHaveLength(0);
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('asks with a round in flight; Cancel keeps the table running', async () => {
    const launched = await launch();
    const table = firstTable(launched);
    table.open(Cause.Operator);
    const close = vi.spyOn(launched.pitboss, 'close');
    launched.electron.messageBoxAnswers.push(1);
    launched.electron.app.quit();
    await vi.waitFor(() => expect(launched.electron.messageBoxes).toHaveLength(1));
    await launched.shell.quitGuard.request().catch(() => {});
    const [question] = launched.electron.messageBoxes;
    expect(question?.buttons).toEqual(['Settle/void and quit', 'Cancel']);
    expect(question?.cancelId).toBe(1);
    expect(question?.detail).toContain('voided and every stake refunded');
    expect(close).not.toHaveBeenCalled();
    expect(launched.electron.app.quitted).toBe(false);
    expect(table.phase).toBe('betting');
  });

  it('"Settle/void and quit" voids the round through the server\'s graceful stop, then quits', async () => {
    const launched = await launch();
    const table = firstTable(launched);
    table.open(Cause.Operator);
    const close = vi.spyOn(launched.pitboss, 'close');
    launched.electron.messageBoxAnswers.push(0);
    launched.electron.app.quit();
    await vi.waitFor(() => expect(launched.electron.app.quitted).toBe(true));
    expect(close).toHaveBeenCalledTimes(1);
    expect(table.phase).toBe('voided');
  });

  it('closing the console window is quitting: the same question, and the window stays when cancelled', async () => {
    const launched = await launch();
    firstTable(launched).open(Cause.Operator);
    launched.electron.messageBoxAnswers.push(1);
    expect(launched.window.close()).toBe(false);
    await vi.waitFor(() => expect(launched.electron.messageBoxes).toHaveLength(1));
    expect(launched.window.destroyed).toBe(false);
  });

  it('SIGTERM settles or voids without asking', async () => {
    const launched = await launch();
    const table = firstTable(launched);
    table.open(Cause.Operator);
    launched.signals.get('SIGTERM')?.();
    await vi.waitFor(() => expect(launched.electron.app.quitted).toBe(true));
    expect(launched.electron.messageBoxes).toHaveLength(0);
    expect(table.phase).toBe('voided');
  });

  it('last resort: an exception nothing caught resolves the round in flight, closes the server and relaunches the app', async () => {
    const launched = await launch();
    const table = firstTable(launched);
    table.open(Cause.Operator);
    const close = vi.spyOn(launched.pitboss, 'close');
    expect(launched.fatal).toHaveLength(1);
    launched.fatal[0]?.('uncaughtException', new Error('injected'));
    // A second one while stopping does not start a second stop.
    launched.fatal[0]?.('unhandledRejection', new Error('again'));
    await vi.waitFor(() => expect(launched.electron.app.quitted).toBe(true));
    expect(launched.electron.app.relaunched).toBe(true);
    expect(close).toHaveBeenCalledTimes(1);
    expect(launched.electron.messageBoxes).toHaveLength(0);
    expect(table.phase).toBe('voided');
  });

  it('an OS shutdown delays itself and stops cleanly without asking', async () => {
    const launched = await launch();
    firstTable(launched).open(Cause.Operator);
    const event = preventable();
    launched.electron.powerMonitorEmitter.emit('shutdown', event);
    expect(event.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(launched.electron.app.quitted).toBe(true));
    expect(launched.electron.messageBoxes).toHaveLength(0);
  });
});

describe('IPC', () => {
  async function launchWithBridge() {
    const launched = await launch();
    const consoleUrl = `${launched.pitboss.origin}/console/`;
    const trusted = ipcEvent(launched.window.webContents, consoleUrl);
    const call = (channel: string, event: ReturnType<typeof ipcEvent>, ...args: unknown[]) => {
      const handler = launched.electron.handlers.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      return handler(event, ...args);
    };
    return { ...launched, consoleUrl, trusted, call };
  }

  it('registers exactly the bridge channels', async () => {
    const launched = await launch();
    expect([...launched.electron.handlers.keys()].sort()).toEqual(Object.values(DesktopChannel).sort());
  });

  it('refuses foreign frames: an iframe, another origin, the player page, another webContents, a destroyed frame', async () => {
    const { call, consoleUrl, window, electron, pitboss } = await launchWithBridge();
    const foreign = [
      ipcEvent(window.webContents, consoleUrl, { url: consoleUrl }),
      ipcEvent(window.webContents, 'https://evil.example/console/'),
      ipcEvent(window.webContents, `${pitboss.origin}/player/`),
      ipcEvent({}, consoleUrl),
      { sender: window.webContents, senderFrame: null },
    ];
    for (const event of foreign) {
      expect(await call(DesktopChannel.OpenExternal, event, 'https://example.com/')).toBe(false);
      expect(await call(DesktopChannel.ShowNotification, event, 'title', 'body')).toBe(false);
      expect(await call(DesktopChannel.SaveExport, event, 'rounds')).toBe(null);
      expect(await call(DesktopChannel.ShareInvite, event, `${pitboss.origin}/player/#invite=abcdefghijkl`)).toBe('refused');
    }
    expect(electron.openExternal).not.toHaveBeenCalled();
    expect(electron.saveDialogs).toHaveLength(0);
    expect(FakeNotification.shown).toHaveLength(0);
  });

  it('opens only http(s) links without credentials, and only for the console', async () => {
    const { call, trusted, electron } = await launchWithBridge();
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-msdt:/id', 'https://user:pw@bank.example/', 'not a url', 42]) {
      expect(await call(DesktopChannel.OpenExternal, trusted, url)).toBe(false);
    }
    expect(electron.openExternal).not.toHaveBeenCalled();
    expect(await call(DesktopChannel.OpenExternal, trusted, 'https://example.com/docs')).toBe(true);
    expect(electron.openExternal).toHaveBeenCalledWith('https://example.com/docs');
  });

  it('saveExport shows the native save dialog in Documents with a safe name', async () => {
    const { call, trusted, electron } = await launchWithBridge();
    electron.saveDialogAnswer = { canceled: false, filePath: '/home/dealer/Documents/rounds-2026' };
    expect(await call(DesktopChannel.SaveExport, trusted, '../../etc/rounds:2026?')).toBe('/home/dealer/Documents/rounds-2026');
    const [dialog] = electron.saveDialogs;
    expect(dialog?.defaultPath).toBe(join(electron.app.paths.documents ?? '', 'etc-rounds-2026'));
    electron.saveDialogAnswer = { canceled: true, filePath: '' };
    expect(await call(DesktopChannel.SaveExport, trusted, 'rounds')).toBe(null);
  });

  it('shareInvite hands only invite links to the OS: the browser on Linux, the share sheet on macOS', async () => {
    const { call, trusted, electron, pitboss } = await launchWithBridge();
    const invite = `${pitboss.origin}/player/#invite=abcdefghijkl`;
    expect(await call(DesktopChannel.ShareInvite, trusted, 'https://example.com/')).toBe('refused');
    expect(await call(DesktopChannel.ShareInvite, trusted, invite)).toBe('opened');
    expect(electron.openExternal).toHaveBeenCalledWith(invite);

    electron.app.quit();
    const mac = await launch({ platform: 'darwin' });
    const macCall = mac.electron.handlers.get(DesktopChannel.ShareInvite);
    const macInvite = `${mac.pitboss.origin}/player/#invite=abcdefghijkl`;
    expect(await macCall?.(ipcEvent(mac.window.webContents, `${mac.pitboss.origin}/console/`), macInvite)).toBe('shared');
    expect(mac.electron.sharedUrls).toEqual([macInvite]);
  });

  it('notify shows a system notification whose click brings the console forward', async () => {
    const { call, trusted, window } = await launchWithBridge();
    expect(await call(DesktopChannel.ShowNotification, trusted, 'x'.repeat(500), 'body')).toBe(true);
    expect(FakeNotification.shown[0]?.title).toHaveLength(100);
    FakeNotification.supported = false;
    expect(await call(DesktopChannel.ShowNotification, trusted, 'title', 'body')).toBe(false);
    expect(window.calls).toContain('show');
  });
});

describe('navigation and the session', () => {
  it('every web contents: no window.open, no navigation away, no <webview>', async () => {
    const launched = await launch();
    const contents = launched.window.webContents;
    launched.electron.app.emit('web-contents-created', {}, contents);
    expect(contents.navigate(`${launched.pitboss.origin}/player/`)).toBe(true);
    expect(contents.navigate('https://evil.example/')).toBe(false);
    expect(contents.navigate('file:///etc/passwd')).toBe(false);
    expect(contents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(launched.electron.openExternal).toHaveBeenCalledTimes(1);
    expect(launched.electron.openExternal).toHaveBeenCalledWith('https://example.com/');
    const attach = preventable();
    contents.emit('will-attach-webview', attach);
    expect(attach.defaultPrevented).toBe(true);
  });

  it('refuses permissions (clipboard writes from our pages excepted), adds a CSP, and keeps downloads to our server', async () => {
    const launched = await launch();
    const session = launched.electron.session.defaultSession;
    const origin = launched.pitboss.origin;
    const answers: boolean[] = [];
    session.permissionRequest?.({}, 'media', (granted) => answers.push(granted), { requestingUrl: `${origin}/console/` });
    session.permissionRequest?.({}, 'clipboard-sanitized-write', (granted) => answers.push(granted), { requestingUrl: 'https://evil.example/' });
    session.permissionRequest?.({}, 'clipboard-sanitized-write', (granted) => answers.push(granted), { requestingUrl: `${origin}/console/` });
    expect(answers).toEqual([false, false, true]);
    expect(session.permissionCheck?.({}, 'geolocation', origin)).toBe(false);

    let headers: Record<string, string[] | string> | undefined;
    session.headersListener?.({ url: `${origin}/api/tables`, responseHeaders: { 'Content-Type': ['application/json'] } }, (response) => {
      headers = response.responseHeaders;
    });
    expect(String(headers?.['Content-Security-Policy'])).toContain("script-src 'self'");

    const foreign = preventable();
    const item = { getURL: () => 'https://evil.example/x.exe', getFilename: () => 'x.exe', setSaveDialogOptions: vi.fn() };
    session.downloadListener?.(foreign, item);
    expect(foreign.defaultPrevented).toBe(true);
    const own = preventable();
    const export_ = { getURL: () => `${origin}/api/operator/export`, getFilename: () => 'rounds.jsonl', setSaveDialogOptions: vi.fn() };
    session.downloadListener?.(own, export_);
    expect(own.defaultPrevented).toBe(false);
    expect(export_.setSaveDialogOptions).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: join(launched.electron.app.paths.documents ?? '', 'rounds.jsonl') }));
  });
});

describe('menu, tray and alerts', () => {
  it('the Table menu acts through the HTTP API on the chosen table', async () => {
    const launched = await launch();
    const table = firstTable(launched);
    const template = () => launched.electron.applicationMenu()?.template ?? [];
    expect(findItem(template(), 'dealer-target')?.label).toBe('Roulette 1: idle');
    expect(findItem(template(), 'dealer-close')?.enabled).toBe(false);

    const open = findItem(template(), 'dealer-open');
    expect(open?.accelerator).toBe('CmdOrCtrl+Shift+O');
    open?.click?.({} as never, undefined, {} as never);
    await vi.waitFor(() => expect(table.phase).toBe('betting'));
    await vi.waitFor(() => expect(findItem(template(), 'dealer-close')?.enabled).toBe(true));

    // Void asks first; Cancel leaves the round alone.
    launched.electron.messageBoxAnswers.push(1);
    findItem(template(), 'dealer-void')?.click?.({} as never, undefined, {} as never);
    await vi.waitFor(() => expect(launched.electron.messageBoxes).toHaveLength(1));
    expect(table.phase).toBe('betting');
    launched.electron.messageBoxAnswers.push(0);
    await vi.waitFor(() => expect(findItem(template(), 'dealer-void')?.enabled).toBe(true));
    findItem(template(), 'dealer-void')?.click?.({} as never, undefined, {} as never);
    await vi.waitFor(() => expect(table.phase).toBe('voided'));
  });

  it('the tray counts running tables', async () => {
    const launched = await launch();
    const [tray] = FakeTray.created;
    expect(tray?.tooltip).toBe('Pitboss: 0 tables running of 1 open, 0 rounds in flight');
    firstTable(launched).open(Cause.Operator);
    launched.tick();
    expect(tray?.tooltip).toBe('Pitboss: 1 table running of 1 open, 1 round in flight');
    expect(launched.electron.app.setBadgeCount).toHaveBeenLastCalledWith(1);
  });
});

describe('window position', () => {
  it('is saved on close and restored, pulled back onto a display that still exists', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pitboss-profile-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    mkdirSync(root, { recursive: true });
    // Saved on a second monitor that has since been unplugged, partly off its edge.
    writeFileSync(join(root, windowStateFileName), JSON.stringify({ x: 1800, y: 900, width: 1200, height: 800, maximized: true }));
    const launched = await launch({ profile: root });
    expect(launched.window.options).toMatchObject({ x: 720, y: 240, width: 1200, height: 800 });
    expect(launched.window.calls).toContain('maximize');

    launched.window.bounds = { x: 10, y: 20, width: 1000, height: 700 };
    launched.window.maximized = false;
    launched.electron.app.quit();
    await vi.waitFor(() => expect(launched.electron.app.quitted).toBe(true));
    expect(JSON.parse(readFileSync(join(root, windowStateFileName), 'utf8'))).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: false });
  });
});
