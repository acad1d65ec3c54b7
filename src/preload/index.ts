// Runs sandboxed with context isolation: exposes the typed bridge of
// src/shared/desktop-bridge.ts and nothing of Node or Electron itself (not
// ipcRenderer, not a generic invoke: only the four named calls).
import { contextBridge, ipcRenderer } from 'electron';
import { createDesktopBridge } from '../shared/desktop-bridge.ts';

contextBridge.exposeInMainWorld(
  'pitbossDesktop',
  createDesktopBridge((channel, ...args) => ipcRenderer.invoke(channel, ...args), process.platform),
);
