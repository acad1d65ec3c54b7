// Runs sandboxed with context isolation: exposes a minimal, typed bridge and
// nothing of Node or Electron itself.
import { contextBridge, ipcRenderer } from 'electron';
import { DesktopChannel, type DesktopBridge } from '../shared/desktop-bridge.ts';

const bridge: DesktopBridge = {
  platform: process.platform,
  openExternal: (url) => ipcRenderer.invoke(DesktopChannel.OpenExternal, String(url)) as Promise<boolean>,
  notify: (title, body) => ipcRenderer.invoke(DesktopChannel.ShowNotification, String(title), String(body)) as Promise<void>,
};

contextBridge.exposeInMainWorld('pitbossDesktop', bridge);
