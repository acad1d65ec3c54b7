// The one API the desktop shell's preload exposes to the console page, and
// the IPC channel names behind it. Everything else goes through the same
// HTTP/WebSocket API a browser console uses.

export const DesktopChannel = {
  OpenExternal: 'pitboss:open-external',
  ShowNotification: 'pitboss:notify',
} as const;
export type DesktopChannel = (typeof DesktopChannel)[keyof typeof DesktopChannel];

export type DesktopBridge = {
  platform: string;
  /** Opens an http(s) link in the system browser (e.g. the invite link). */
  openExternal(url: string): Promise<boolean>;
  notify(title: string, body: string): Promise<void>;
};

declare global {
  interface Window {
    /** Present only inside the desktop app. */
    pitbossDesktop?: DesktopBridge;
  }
}
