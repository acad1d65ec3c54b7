// The main-process side of the preload's bridge. Every handler first checks
// who is asking (the console's top frame in our window, nothing else), then
// what: arguments arrive from a renderer and are treated as untrusted input.
import { DesktopChannel, type ShareResult } from '../../shared/desktop-bridge.ts';
import { isAllowedExternalUrl, isInviteUrl, safeFileName, type IpcSenderInfo } from '../desktop-policy.ts';
import type { Alert } from './alerts.ts';
import type { ShellElectron } from './electron-api.ts';

export type DesktopIpcDeps = {
  ipcMain: ShellElectron['ipcMain'];
  isTrusted(event: IpcSenderInfo): boolean;
  openInBrowser(url: string): Promise<void>;
  notify(alert: Alert): boolean;
  /** The native save dialog; null when cancelled. */
  chooseSavePath(defaultName: string): Promise<string | null>;
  /** Hands an (already checked) invite link to the OS. */
  share(url: string): Promise<Exclude<ShareResult, 'refused'>>;
};

const maxTitle = 100;
const maxBody = 300;

export function registerDesktopIpc(deps: DesktopIpcDeps): void {
  deps.ipcMain.handle(DesktopChannel.OpenExternal, async (event, url) => {
    if (!deps.isTrusted(event) || typeof url !== 'string' || !isAllowedExternalUrl(url)) return false;
    await deps.openInBrowser(url);
    return true;
  });

  deps.ipcMain.handle(DesktopChannel.ShowNotification, (event, title, body) => {
    if (!deps.isTrusted(event) || typeof title !== 'string' || typeof body !== 'string') return false;
    return deps.notify({ title: title.slice(0, maxTitle), body: body.slice(0, maxBody) });
  });

  deps.ipcMain.handle(DesktopChannel.SaveExport, async (event, defaultName) => {
    if (!deps.isTrusted(event) || typeof defaultName !== 'string') return null;
    return deps.chooseSavePath(safeFileName(defaultName));
  });

  deps.ipcMain.handle(DesktopChannel.ShareInvite, async (event, url): Promise<ShareResult> => {
    if (!deps.isTrusted(event) || typeof url !== 'string' || !isInviteUrl(url)) return 'refused';
    return deps.share(url);
  });
}
