// The Electron shell, kept thin: it starts the same server `npm run serve`
// runs, hands the console an operator session as a cookie (never in a URL),
// and shows the console page in a locked-down window. Everything that
// matters runs, and is tested, without Electron.
import { app, BrowserWindow, ipcMain, Notification, session, shell } from 'electron';
import { join } from 'node:path';
import { OPERATOR_COOKIE } from '../shared/api.ts';
import { DesktopChannel } from '../shared/desktop-bridge.ts';
import { isAllowedExternalUrl, isOwnPage, secureWebPreferences } from './desktop-policy.ts';
import { startPitboss, type Pitboss } from './server/pitboss.ts';

let pitboss: Pitboss | null = null;
let window: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.whenReady().then(start, (error: unknown) => {
    console.error('pitboss: could not start', error);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  pitboss = await startPitboss({
    host: '127.0.0.1',
    port: 0,
    dataDir: app.getPath('userData'),
    staticDir: join(import.meta.dirname, '../renderer'),
    createDefaultTable: true,
  });
  const origin = pitboss.origin;
  await session.defaultSession.cookies.set({
    url: origin,
    name: OPERATOR_COOKIE,
    value: pitboss.services.operatorSessions.createSession(),
    httpOnly: true,
    sameSite: 'strict',
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  const trustedSender = (frameUrl: string | undefined): boolean => frameUrl !== undefined && isOwnPage(frameUrl, origin);
  ipcMain.handle(DesktopChannel.OpenExternal, async (event, url: unknown) => {
    if (!trustedSender(event.senderFrame?.url) || typeof url !== 'string' || !isAllowedExternalUrl(url)) return false;
    await shell.openExternal(url);
    return true;
  });
  ipcMain.handle(DesktopChannel.ShowNotification, (event, title: unknown, body: unknown) => {
    if (!trustedSender(event.senderFrame?.url) || typeof title !== 'string' || typeof body !== 'string') return;
    new Notification({ title: title.slice(0, 100), body: body.slice(0, 300) }).show();
  });

  window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Pitboss',
    backgroundColor: '#0b1510',
    webPreferences: { ...secureWebPreferences, preload: join(import.meta.dirname, '../preload/index.cjs') },
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url, origin)) event.preventDefault();
  });
  window.on('closed', () => (window = null));
  await window.loadURL(`${origin}/console/`);
}

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !pitboss) return;
  // Resolve the round in flight and close the database before the process ends.
  event.preventDefault();
  quitting = true;
  void pitboss.close().finally(() => app.quit());
});
app.on('window-all-closed', () => app.quit());
