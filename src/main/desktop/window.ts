// The console window. Its options are written out as one literal, item by
// item from Electron's security checklist, so a reader and the static scan
// (npm run security:scan) see exactly what the renderer is allowed: nothing
// of Node, a sandboxed process, an isolated preload world.
import type { WindowConstructor, WindowLike } from './electron-api.ts';
import { fitWindowState, minimumWindowSize, readWindowState, writeWindowState, type Rect, type WindowState } from './window-state.ts';

export type MainWindowOptions = {
  state: WindowState;
  preloadPath: string;
  /** Developer tools only in a development build. */
  devTools: boolean;
};

export function createMainWindow(BrowserWindow: WindowConstructor, { state, preloadPath, devTools }: MainWindowOptions): WindowLike {
  return new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: minimumWindowSize.width,
    minHeight: minimumWindowSize.height,
    title: 'Pitboss',
    backgroundColor: '#0b1510',
    // Shown on ready-to-show, after the maximized state is restored, so it never flashes.
    show: false,
    webPreferences: {
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK -- reviewed: src/preload/index.ts exposes four typed calls, no Electron or Node object
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // A middle click would otherwise try to open a window (which is denied anyway).
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools,
    },
  });
}

export type OpenMainWindowOptions = {
  stateFile: string;
  /** Work areas of the displays, primary first. */
  workAreas: readonly Rect[];
  preloadPath: string;
  devTools: boolean;
  /** Whether the window may really close now (only once the server is closed). */
  mayClose(): boolean;
  /** Called instead of closing: closing the console is quitting, with its question. */
  closeRequested(): void;
  log(message: string, error?: unknown): void;
};

/** Opens the console window where the dealer left it and saves its place whenever it is closed. */
export function openMainWindow(BrowserWindow: WindowConstructor, options: OpenMainWindowOptions): WindowLike {
  const state = fitWindowState(readWindowState(options.stateFile), options.workAreas);
  const window = createMainWindow(BrowserWindow, { state, preloadPath: options.preloadPath, devTools: options.devTools });
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  window.on('close', (event) => {
    try {
      writeWindowState(options.stateFile, { ...window.getNormalBounds(), maximized: window.isMaximized() });
    } catch (error) {
      options.log('pitboss: could not save the window position', error);
    }
    if (options.mayClose()) return;
    event.preventDefault();
    options.closeRequested();
  });
  return window;
}
