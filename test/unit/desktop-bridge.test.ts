// The preload's bridge: four named calls over fixed channels, arguments
// forced to strings, answers checked; and the preload exposes exactly it.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createDesktopBridge, DesktopChannel } from '../../src/shared/desktop-bridge.ts';

const electronDouble = vi.hoisted(() => ({
  exposeInMainWorld: vi.fn(),
  invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => true),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: electronDouble.exposeInMainWorld },
  ipcRenderer: { invoke: electronDouble.invoke },
}));

describe('createDesktopBridge', () => {
  const invoke = vi.fn(async (..._args: unknown[]): Promise<unknown> => true);
  beforeEach(() => invoke.mockReset());

  it('sends every argument as a string on its own channel', async () => {
    const bridge = createDesktopBridge(invoke, 'linux');
    invoke.mockResolvedValue(true);
    await bridge.openExternal({ toString: () => 'https://example.com/' } as unknown as string);
    await bridge.notify(42 as unknown as string, 'body');
    expect(invoke).toHaveBeenNthCalledWith(1, DesktopChannel.OpenExternal, 'https://example.com/');
    expect(invoke).toHaveBeenNthCalledWith(2, DesktopChannel.ShowNotification, '42', 'body');
  });

  it('reads anything unexpected from the main process as a refusal', async () => {
    const bridge = createDesktopBridge(invoke, 'linux');
    invoke.mockResolvedValue({ evil: true });
    expect(await bridge.openExternal('https://example.com/')).toBe(false);
    expect(await bridge.notify('t', 'b')).toBe(false);
    expect(await bridge.saveExport('rounds')).toBeNull();
    expect(await bridge.shareInvite('https://example.com/player/#invite=x')).toBe('refused');
    invoke.mockResolvedValue('/home/dealer/rounds');
    expect(await bridge.saveExport('rounds')).toBe('/home/dealer/rounds');
    invoke.mockResolvedValue('opened');
    expect(await bridge.shareInvite('https://example.com/player/#invite=x')).toBe('opened');
  });

  it('is frozen and has only the documented members', () => {
    const bridge = createDesktopBridge(invoke, 'darwin');
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.keys(bridge).sort()).toEqual(['notify', 'openExternal', 'platform', 'saveExport', 'shareInvite']);
    expect(bridge.platform).toBe('darwin');
  });
});

describe('the preload', () => {
  it('exposes the bridge as window.pitbossDesktop and nothing else, over ipcRenderer.invoke', async () => {
    await import('../../src/preload/index.ts');
    expect(electronDouble.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, api] = electronDouble.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(name).toBe('pitbossDesktop');
    expect(Object.keys(api).sort()).toEqual(['notify', 'openExternal', 'platform', 'saveExport', 'shareInvite']);
    for (const value of Object.values(api)) expect(value === process.platform || typeof value === 'function').toBe(true);
    await (api.shareInvite as (url: string) => Promise<unknown>)('https://t.example/player/#invite=abc');
    expect(electronDouble.invoke).toHaveBeenCalledWith(DesktopChannel.ShareInvite, 'https://t.example/player/#invite=abc');
  });
});
