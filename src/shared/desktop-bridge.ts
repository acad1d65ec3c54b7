// The one API the desktop shell's preload exposes to the console page, and
// the IPC channel names behind it. It holds only what a browser cannot do
// (native dialogs, the OS share sheet, system notifications); everything
// else goes through the same HTTP/WebSocket API a browser console uses, so
// the console keeps working in a browser where this bridge is absent.

export const DesktopChannel = {
  OpenExternal: 'pitboss:open-external',
  ShowNotification: 'pitboss:notify',
  SaveExport: 'pitboss:save-export',
  ShareInvite: 'pitboss:share-invite',
} as const;
export type DesktopChannel = (typeof DesktopChannel)[keyof typeof DesktopChannel];

/** 'shared': the OS share sheet opened (macOS); 'opened': the link opened in the browser; 'refused': not an invite link. */
export type ShareResult = 'shared' | 'opened' | 'refused';

export type DesktopBridge = {
  readonly platform: string;
  /** Opens an http(s) link in the system browser. False when the shell refused it. */
  openExternal(url: string): Promise<boolean>;
  /**
   * A system notification; clicking it brings the console forward. False when
   * refused or unsupported. The shell raises its own for a player who
   * disconnects with chips on the table (the page should not repeat it), and
   * for high p99 latency while this page is hidden or minimized (on screen,
   * the page's latency alert is the one that notifies).
   */
  notify(title: string, body: string): Promise<boolean>;
  /**
   * Asks where to save an export with the native save dialog, suggesting
   * `defaultName` in the Documents folder. Resolves to the chosen absolute
   * path, or null when the dealer cancelled. The console passes it as `dir`
   * to POST /api/operator/audit/exports, which writes the export's files
   * into that folder; in a browser the console downloads them instead.
   */
  saveExport(defaultName: string): Promise<string | null>;
  /** Hands a table's invite link to the OS: the share sheet on macOS, the browser elsewhere. */
  shareInvite(url: string): Promise<ShareResult>;
};

/** How the preload reaches the main process (ipcRenderer.invoke, or a test double). */
export type Invoke = (channel: DesktopChannel, ...args: string[]) => Promise<unknown>;

/**
 * Builds the bridge over `invoke`. Every argument is turned into a string
 * here, so a page can never pass an object (or a function) across IPC, and
 * every answer is checked, so a surprise from the main process reads as a
 * refusal rather than as a wrong type.
 */
export function createDesktopBridge(invoke: Invoke, platform: string): DesktopBridge {
  return Object.freeze({
    platform,
    openExternal: async (url: string) => (await invoke(DesktopChannel.OpenExternal, String(url))) === true,
    notify: async (title: string, body: string) => (await invoke(DesktopChannel.ShowNotification, String(title), String(body))) === true,
    saveExport: async (defaultName: string) => {
      const path = await invoke(DesktopChannel.SaveExport, String(defaultName));
      return typeof path === 'string' ? path : null;
    },
    shareInvite: async (url: string) => {
      const result = await invoke(DesktopChannel.ShareInvite, String(url));
      return result === 'shared' || result === 'opened' ? result : 'refused';
    },
  });
}

declare global {
  interface Window {
    /** Present only inside the desktop app. */
    pitbossDesktop?: DesktopBridge;
  }
}
