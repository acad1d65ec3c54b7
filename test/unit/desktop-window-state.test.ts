// Window state: a validated JSON file, fitted to the displays present now.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  defaultWindowSize,
  fitWindowState,
  minimumWindowSize,
  parseWindowState,
  readWindowState,
  writeWindowState,
  type Rect,
} from '../../src/main/desktop/window-state.ts';

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 860 };
const rightMonitor: Rect = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('parseWindowState', () => {
  it('accepts what the shell writes', () => {
    expect(parseWindowState({ x: 10, y: -20, width: 1200, height: 800, maximized: true })).toEqual({ x: 10, y: -20, width: 1200, height: 800, maximized: true });
    expect(parseWindowState({ width: 1200, height: 800 })).toEqual({ width: 1200, height: 800, maximized: false });
  });

  it.each([
    null,
    'text',
    [1, 2],
    {},
    { width: 0, height: 800 },
    { width: 1200.5, height: 800 },
    { width: '1200', height: 800 },
    { width: 1e9, height: 800 },
    { width: 1200, height: 800, maximized: 'yes' },
  ])('refuses %j', (raw) => {
    expect(parseWindowState(raw)).toBeNull();
  });

  it('drops a position that is not a pair of sane integers', () => {
    expect(parseWindowState({ x: 10, width: 1200, height: 800 })).toEqual({ width: 1200, height: 800, maximized: false });
    expect(parseWindowState({ x: 10, y: Number.NaN, width: 1200, height: 800 })).toEqual({ width: 1200, height: 800, maximized: false });
    expect(parseWindowState({ x: 10, y: 9e9, width: 1200, height: 800 })).toEqual({ width: 1200, height: 800, maximized: false });
  });
});

describe('fitWindowState', () => {
  it('opens at the default size, centred, the first time', () => {
    expect(fitWindowState(null, [rightMonitor])).toEqual({ ...defaultWindowSize, maximized: false });
    // A small screen shrinks the default to fit.
    expect(fitWindowState(null, [laptop])).toEqual({ width: 1400, height: 860, maximized: false });
  });

  it('keeps a window that is fully on a display where it was', () => {
    const saved = { x: 1600, y: 100, width: 1400, height: 900, maximized: false };
    expect(fitWindowState(saved, [laptop, rightMonitor])).toEqual(saved);
  });

  it('pulls a window hanging off an edge fully onto the display it overlaps most', () => {
    expect(fitWindowState({ x: 3500, y: 1000, width: 1400, height: 900, maximized: false }, [laptop, rightMonitor])).toEqual({
      x: 2600,
      y: 500,
      width: 1400,
      height: 900,
      maximized: false,
    });
  });

  it('centres a window whose monitor is gone, sized for the primary display', () => {
    expect(fitWindowState({ x: 2000, y: 100, width: 2400, height: 1300, maximized: true }, [laptop])).toEqual({
      width: 1440,
      height: 860,
      maximized: true,
    });
  });

  it('never goes below the minimum size the console needs', () => {
    const fitted = fitWindowState({ x: 3900, y: 10, width: 200, height: 100, maximized: false }, [laptop, rightMonitor]);
    // Grown to the minimum, then pulled left so the grown window still fits the monitor.
    expect(fitted).toEqual({ x: 4000 - minimumWindowSize.width, y: 10, ...minimumWindowSize, maximized: false });
  });

  it('without display information, trusts the saved state', () => {
    const saved = { x: 5, y: 5, width: 1000, height: 700, maximized: false };
    expect(fitWindowState(saved, [])).toEqual(saved);
  });
});

describe('the state file', () => {
  const folder = mkdtempSync(join(tmpdir(), 'pitboss-window-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('round-trips, and a missing, corrupt or truncated file reads as no state', () => {
    const file = join(folder, 'window-state.json');
    expect(readWindowState(file)).toBeNull();
    writeWindowState(file, { x: 1, y: 2, width: 1000, height: 700, maximized: true });
    expect(readWindowState(file)).toEqual({ x: 1, y: 2, width: 1000, height: 700, maximized: true });
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 12));
    expect(readWindowState(file)).toBeNull();
    writeFileSync(file, JSON.stringify({ width: -5, height: 10 }));
    expect(readWindowState(file)).toBeNull();
  });
});
