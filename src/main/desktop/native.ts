// The native touches a browser console cannot have: the system browser,
// notifications, message boxes and save dialogs (sheets of the console window
// when it exists), and the OS share sheet for invite links.
import type { MessageBoxOptions } from 'electron';
import { join } from 'node:path';
import type { Alert } from './alerts.ts';
import type { ShellElectron, WindowLike } from './electron-api.ts';

/** Kept alive so a notification's click still focuses the console (a collected one loses its handler). */
const maxLiveNotifications = 20;

export type NativeTouches = {
  /** Only ever called with URLs that passed the allowlist (desktop-policy.ts). */
  openInBrowser(url: string): Promise<void>;
  notify(alert: Alert): boolean;
  ask(options: MessageBoxOptions): Promise<{ response: number }>;
  /** The native save dialog in Documents; null when cancelled. */
  chooseSavePath(defaultName: string): Promise<string | null>;
  /** Only ever called with invite links (isInviteUrl). */
  share(url: string): Promise<'shared' | 'opened'>;
};

export function createNativeTouches(
  electron: ShellElectron,
  context: { platform: NodeJS.Platform; window(): WindowLike | null; showConsole(): void },
): NativeTouches {
  const { dialog } = electron;
  const live = new Set<unknown>();
  const parent = (): WindowLike | null => {
    const window = context.window();
    return window && !window.isDestroyed() ? window : null;
  };
  const openInBrowser = (url: string): Promise<void> => electron.shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- reviewed: callers pass only URLs that passed isAllowedExternalUrl or isInviteUrl

  return {
    openInBrowser,
    notify(alert) {
      if (!electron.Notification.isSupported()) return false;
      const notification = new electron.Notification({ title: alert.title, body: alert.body });
      if (live.size >= maxLiveNotifications) live.delete(live.values().next().value);
      live.add(notification);
      notification.on('click', context.showConsole);
      notification.on('close', () => live.delete(notification));
      notification.show();
      return true;
    },
    ask(options) {
      const window = parent();
      return window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options);
    },
    async chooseSavePath(defaultName) {
      const options = {
        title: 'Save Export',
        buttonLabel: 'Export',
        defaultPath: join(electron.app.getPath('documents'), defaultName),
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      };
      const window = parent();
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return result.canceled || result.filePath === '' ? null : result.filePath;
    },
    async share(url) {
      if (context.platform === 'darwin' && electron.ShareMenu) {
        new electron.ShareMenu({ urls: [url] }).popup({ window: parent() ?? undefined });
        return 'shared';
      }
      await openInBrowser(url);
      return 'opened';
    },
  };
}
