// The slices of Electron's API the shell uses, as plain structural types.
// index.ts passes the real modules (the compiler checks they fit); tests pass
// small doubles. Nothing here imports Electron at run time, so every module
// of the shell loads under plain Node and vitest.
import type {
  BrowserWindowConstructorOptions,
  CookiesSetDetails,
  MenuItemConstructorOptions,
  MessageBoxOptions,
  NativeImage,
  SaveDialogOptions,
} from 'electron';
import type { IpcSenderInfo } from '../desktop-policy.ts';
import type { Rect } from './window-state.ts';

export type PreventableEvent = { preventDefault(): void };

export type ContentsLike = {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
};

export type WindowLike = {
  readonly webContents: ContentsLike;
  loadURL(url: string): Promise<void>;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  focus(): void;
  restore(): void;
  maximize(): void;
  isMinimized(): boolean;
  isVisible(): boolean;
  isMaximized(): boolean;
  isDestroyed(): boolean;
  getNormalBounds(): Rect;
};

export type WindowConstructor = new (options: BrowserWindowConstructorOptions) => WindowLike;

export type AppLike = {
  readonly isPackaged: boolean;
  readonly commandLine: { getSwitchValue(name: string): string };
  setName(name: string): void;
  setAppUserModelId(id: string): void;
  getPath(name: 'appData' | 'userData' | 'documents'): string;
  setPath(name: 'userData', path: string): void;
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<void>;
  quit(): void;
  exit(code?: number): void;
  /** Starts a new instance when this one quits. */
  relaunch(): void;
  setBadgeCount(count?: number): boolean;
  on(event: 'second-instance' | 'activate' | 'window-all-closed', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'web-contents-created', listener: (event: unknown, contents: ContentsLike) => void): unknown;
};

export type DownloadLike = {
  getURL(): string;
  getFilename(): string;
  setSaveDialogOptions(options: SaveDialogOptions): void;
};

export type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[] | string> }) => void,
) => void;

export type SessionLike = {
  readonly cookies: { set(details: CookiesSetDetails): Promise<void> };
  readonly webRequest: { onHeadersReceived(listener: HeadersListener): void };
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string }) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string, requestingOrigin: string) => boolean): void;
  on(event: 'will-download', listener: (event: PreventableEvent, item: DownloadLike) => void): unknown;
};

export type NotificationLike = {
  show(): void;
  on(event: 'click' | 'close', listener: () => void): unknown;
};

export type TrayLike = {
  setToolTip(text: string): void;
  setTitle(title: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', listener: () => void): unknown;
};

export type ShellElectron = {
  app: AppLike;
  BrowserWindow: WindowConstructor;
  ipcMain: { handle(channel: string, listener: (event: IpcSenderInfo, ...args: unknown[]) => unknown): void };
  dialog: {
    showMessageBox(window: unknown, options: MessageBoxOptions): Promise<{ response: number }>;
    showMessageBox(options: MessageBoxOptions): Promise<{ response: number }>;
    showSaveDialog(window: unknown, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath: string }>;
    showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath: string }>;
    showErrorBox(title: string, content: string): void;
  };
  shell: { openExternal(url: string): Promise<void> };
  Notification: { new (options: { title: string; body: string }): NotificationLike; isSupported(): boolean };
  Menu: {
    buildFromTemplate(template: MenuItemConstructorOptions[]): unknown;
    setApplicationMenu(menu: unknown): void;
  };
  Tray: new (image: NativeImage) => TrayLike;
  nativeImage: { createFromBitmap(buffer: Buffer, options: { width: number; height: number; scaleFactor?: number }): NativeImage };
  screen: { getAllDisplays(): { id: number; workArea: Rect }[]; getPrimaryDisplay(): { id: number } };
  session: { readonly defaultSession: SessionLike };
  /** Electron passes the event (typed as absent in its d.ts); preventDefault delays the OS shutdown. */
  powerMonitor: { on(event: 'shutdown', listener: (event?: PreventableEvent) => void): unknown };
  /** macOS only: the system share sheet. */
  ShareMenu?: new (item: { urls: string[] }) => { popup(options?: { window?: unknown }): void };
};
