// Test doubles for the slices of Electron the desktop shell is handed
// (src/main/desktop/electron-api.ts). They record what the shell asked for
// and let a test play the user and the OS: answer a dialog, send IPC from a
// given frame, emit second-instance, quit, close the window.
import type { CookiesSetDetails, MenuItemConstructorOptions, MessageBoxOptions, NativeImage, SaveDialogOptions } from 'electron';
import { vi } from 'vitest';
import type {
  AppLike,
  ContentsLike,
  DownloadLike,
  HeadersListener,
  PreventableEvent,
  SessionLike,
  ShellElectron,
  TrayLike,
  WindowLike,
} from '../../src/main/desktop/electron-api.ts';
import type { Rect } from '../../src/main/desktop/window-state.ts';
import type { IpcSenderInfo } from '../../src/main/desktop-policy.ts';

type Listener = (...args: never[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    const wrapped = ((...args: never[]) => {
      this.listeners.set(event, (this.listeners.get(event) ?? []).filter((candidate) => candidate !== wrapped));
      return listener(...args);
    }) as Listener;
    return this.on(event, wrapped);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...values: unknown[]) => unknown)(...args);
  }
}

export type FakeEvent = PreventableEvent & { defaultPrevented: boolean };
export function preventable(): FakeEvent {
  const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
  return event;
}

export class FakeContents extends Emitter implements ContentsLike {
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  /** Plays a navigation; true when the shell let it happen. */
  navigate(url: string): boolean {
    const event = preventable();
    this.emit('will-navigate', event, url);
    return !event.defaultPrevented;
  }
}

export class FakeWindow extends Emitter implements WindowLike {
  static created: FakeWindow[] = [];
  readonly webContents = new FakeContents();
  readonly options: Record<string, unknown>;
  loadedUrl: string | null = null;
  minimized = false;
  maximized = false;
  destroyed = false;
  visible = false;
  bounds: Rect;
  readonly calls: string[] = [];

  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    this.bounds = {
      x: (options.x as number | undefined) ?? 100,
      y: (options.y as number | undefined) ?? 100,
      width: options.width as number,
      height: options.height as number,
    };
    FakeWindow.created.push(this);
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.emit('ready-to-show');
  }
  show(): void {
    this.visible = true;
    this.calls.push('show');
  }
  focus(): void {
    this.calls.push('focus');
  }
  restore(): void {
    this.minimized = false;
    this.calls.push('restore');
  }
  maximize(): void {
    this.maximized = true;
    this.calls.push('maximize');
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isVisible(): boolean {
    return this.visible && !this.destroyed;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getNormalBounds(): Rect {
    return this.bounds;
  }
  /** Plays the user clicking the close box; true when the window really closed. */
  close(): boolean {
    const event = preventable();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroyed = true;
    this.emit('closed');
    return true;
  }
}

export class FakeApp extends Emitter implements AppLike {
  isPackaged = false;
  lock = true;
  quitted = false;
  exitCode: number | null = null;
  readonly paths: Record<string, string>;
  readonly switches: Record<string, string>;
  readonly commandLine = { getSwitchValue: (name: string) => this.switches[name] ?? '' };
  readonly setName = vi.fn();
  readonly setAppUserModelId = vi.fn();
  readonly setBadgeCount = vi.fn(() => true);
  readonly quitCalls = vi.fn();
  windows: () => FakeWindow[] = () => FakeWindow.created.filter((window) => !window.destroyed);
  #ready: () => void = () => {};
  readonly #readyPromise = new Promise<void>((resolve) => (this.#ready = resolve));

  constructor(paths: Record<string, string>, switches: Record<string, string>) {
    super();
    this.paths = { ...paths };
    this.switches = switches;
  }
  getPath(name: string): string {
    const path = this.paths[name];
    if (path === undefined) throw new Error(`no path ${name}`);
    return path;
  }
  setPath(name: string, path: string): void {
    this.paths[name] = path;
  }
  requestSingleInstanceLock(): boolean {
    return this.lock;
  }
  whenReady(): Promise<void> {
    return this.#readyPromise;
  }
  becomeReady(): void {
    this.#ready();
  }
  /** Like Electron: before-quit may cancel; then every window is closed (each may cancel too). */
  quit(): void {
    this.quitCalls();
    const event = preventable();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    for (const window of this.windows()) if (!window.close()) return;
    this.quitted = true;
  }
  relaunched = false;
  relaunch(): void {
    this.relaunched = true;
  }
  exit(code = 0): void {
    this.exitCode = code;
  }
}

export class FakeSession implements SessionLike {
  readonly cookieCalls: CookiesSetDetails[] = [];
  readonly cookies = { set: async (details: CookiesSetDetails) => void this.cookieCalls.push(details) };
  headersListener: HeadersListener | null = null;
  readonly webRequest = { onHeadersReceived: (listener: HeadersListener) => void (this.headersListener = listener) };
  permissionRequest: Parameters<SessionLike['setPermissionRequestHandler']>[0] | null = null;
  permissionCheck: Parameters<SessionLike['setPermissionCheckHandler']>[0] | null = null;
  downloadListener: ((event: PreventableEvent, item: DownloadLike) => void) | null = null;
  setPermissionRequestHandler(handler: Parameters<SessionLike['setPermissionRequestHandler']>[0]): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: Parameters<SessionLike['setPermissionCheckHandler']>[0]): void {
    this.permissionCheck = handler;
  }
  on(_event: 'will-download', listener: (event: PreventableEvent, item: DownloadLike) => void): this {
    this.downloadListener = listener;
    return this;
  }
}

export class FakeTray implements TrayLike {
  static created: FakeTray[] = [];
  tooltip = '';
  title = '';
  menu: unknown = null;
  readonly listeners: Record<string, () => void> = {};
  readonly image: unknown;
  constructor(image: unknown) {
    this.image = image;
    FakeTray.created.push(this);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setContextMenu(menu: unknown): void {
    this.menu = menu;
  }
  on(event: 'click', listener: () => void): this {
    this.listeners[event] = listener;
    return this;
  }
}

export class FakeNotification {
  static shown: { title: string; body: string }[] = [];
  static supported = true;
  readonly listeners: Record<string, () => void> = {};
  readonly options: { title: string; body: string };
  constructor(options: { title: string; body: string }) {
    this.options = options;
  }
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  show(): void {
    FakeNotification.shown.push(this.options);
  }
  on(event: 'click' | 'close', listener: () => void): this {
    this.listeners[event] = listener;
    return this;
  }
}

export type BuiltMenu = { template: MenuItemConstructorOptions[] };

export type FakeElectron = ShellElectron & {
  app: FakeApp;
  session: { defaultSession: FakeSession };
  handlers: Map<string, (event: IpcSenderInfo, ...args: unknown[]) => unknown>;
  applicationMenu: () => BuiltMenu | null;
  messageBoxAnswers: number[];
  messageBoxes: MessageBoxOptions[];
  saveDialogs: SaveDialogOptions[];
  saveDialogAnswer: { canceled: boolean; filePath: string };
  openExternal: ReturnType<typeof vi.fn<(url: string) => Promise<void>>>;
  sharedUrls: string[];
  powerMonitorEmitter: Emitter;
  displays: { id: number; workArea: Rect }[];
};

export function fakeElectron(paths: Record<string, string>, switches: Record<string, string> = {}): FakeElectron {
  FakeWindow.created = [];
  FakeTray.created = [];
  FakeNotification.shown = [];
  FakeNotification.supported = true;
  const handlers = new Map<string, (event: IpcSenderInfo, ...args: unknown[]) => unknown>();
  let applicationMenu: BuiltMenu | null = null;
  const powerMonitorEmitter = new Emitter();
  const fake: FakeElectron = {
    app: new FakeApp(paths, switches),
    BrowserWindow: FakeWindow as unknown as ShellElectron['BrowserWindow'],
    ipcMain: { handle: (channel, listener) => void handlers.set(channel, listener) },
    handlers,
    messageBoxAnswers: [],
    messageBoxes: [],
    saveDialogs: [],
    saveDialogAnswer: { canceled: true, filePath: '' },
    dialog: {
      showMessageBox: async (first: unknown, second?: MessageBoxOptions) => {
        const options = (second ?? first) as MessageBoxOptions;
        fake.messageBoxes.push(options);
        return { response: fake.messageBoxAnswers.shift() ?? options.cancelId ?? 0 };
      },
      showSaveDialog: async (first: unknown, second?: SaveDialogOptions) => {
        fake.saveDialogs.push((second ?? first) as SaveDialogOptions);
        return fake.saveDialogAnswer;
      },
      showErrorBox: vi.fn(),
    } as ShellElectron['dialog'],
    openExternal: vi.fn(async (_url: string) => {}),
    shell: { openExternal: (url: string) => fake.openExternal(url) },
    Notification: FakeNotification,
    Menu: {
      buildFromTemplate: (template) => ({ template }),
      setApplicationMenu: (menu) => void (applicationMenu = menu as BuiltMenu | null),
    },
    applicationMenu: () => applicationMenu,
    Tray: FakeTray,
    nativeImage: { createFromBitmap: () => ({}) as NativeImage },
    displays: [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
    screen: {
      getAllDisplays: () => fake.displays,
      getPrimaryDisplay: () => fake.displays[0] ?? { id: 0 },
    },
    session: { defaultSession: new FakeSession() },
    powerMonitorEmitter,
    powerMonitor: { on: (event, listener) => powerMonitorEmitter.on(event, listener as Listener) },
    sharedUrls: [],
    ShareMenu: class {
      readonly item: { urls: string[] };
      constructor(item: { urls: string[] }) {
        this.item = item;
      }
      popup(): void {
        fake.sharedUrls.push(...this.item.urls);
      }
    },
  };
  return fake;
}

/** The parts of an IPC event: by default the console's top frame in `contents`. */
export function ipcEvent(contents: unknown, url: string, parent: unknown = null): IpcSenderInfo {
  return { sender: contents, senderFrame: { url, parent } };
}

/** Finds a menu item by id anywhere in a template. */
export function findItem(items: readonly MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    if (Array.isArray(item.submenu)) {
      const found = findItem(item.submenu, id);
      if (found) return found;
    }
  }
  return undefined;
}
