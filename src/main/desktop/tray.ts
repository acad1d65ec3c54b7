// The tray (and, on macOS, the dock badge): how many tables are running, so a
// dealer with the window hidden still sees that the house is dealing. The
// icon is drawn in code (a casino chip) so the shell ships no image files.
import type { MenuItemConstructorOptions } from 'electron';
import type { ShellElectron, TrayLike } from './electron-api.ts';
import { isRunning, type TableStatus } from './table-status.ts';

export type TrayText = { tooltip: string; title: string; badge: number; summary: string };

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function trayText(statuses: readonly TableStatus[]): TrayText {
  const running = statuses.filter(isRunning).length;
  const inFlight = statuses.filter((status) => status.roundInFlight).length;
  const summary = `${plural(running, 'table')} running of ${statuses.length} open, ${plural(inFlight, 'round')} in flight`;
  return { tooltip: `Pitboss: ${summary}`, title: running > 0 ? String(running) : '', badge: running, summary };
}

/**
 * A chip: a green disc with a white edge band, as BGRA pixels (the order
 * nativeImage.createFromBitmap expects). Pixels are either fully in or out;
 * at tray sizes that reads as well as anti-aliasing and stays byte-exact.
 */
export function chipBitmap(size: number): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const centre = (size - 1) / 2;
  const outer = size / 2;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const distance = Math.hypot(x - centre, y - centre);
      if (distance > outer) continue;
      const band = distance > outer * 0.62 && distance <= outer * 0.82;
      const offset = (y * size + x) * 4;
      // B, G, R, A
      pixels[offset] = band ? 0xf2 : 0x3c;
      pixels[offset + 1] = band ? 0xf2 : 0x8a;
      pixels[offset + 2] = band ? 0xf2 : 0x1f;
      pixels[offset + 3] = 0xff;
    }
  }
  return pixels;
}

export type TrayIndicator = { update(statuses: readonly TableStatus[]): void };

export function createTrayIndicator(
  electron: Pick<ShellElectron, 'Tray' | 'nativeImage' | 'Menu' | 'app'>,
  actions: { showConsole(): void; quit(): void },
): TrayIndicator {
  const size = 32;
  const icon = electron.nativeImage.createFromBitmap(chipBitmap(size), { width: size, height: size, scaleFactor: 2 });
  const tray: TrayLike = new electron.Tray(icon);
  tray.on('click', () => actions.showConsole());
  let shown = '';
  return {
    update(statuses) {
      const text = trayText(statuses);
      if (text.tooltip === shown) return;
      shown = text.tooltip;
      tray.setToolTip(text.tooltip);
      tray.setTitle(text.title);
      electron.app.setBadgeCount(text.badge);
      const template: MenuItemConstructorOptions[] = [
        { label: text.summary, enabled: false },
        { type: 'separator' },
        { label: 'Show Console', click: () => actions.showConsole() },
        { label: 'Quit Pitboss', click: () => actions.quit() },
      ];
      tray.setContextMenu(electron.Menu.buildFromTemplate(template));
    },
  };
}
