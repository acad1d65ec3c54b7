// The console window reopens where the dealer left it: size, position and
// maximized state in a small JSON file in userData. The file is validated
// (it is user-editable and may be truncated by a crash) and the bounds are
// fitted to the displays present now, because a monitor may have been
// unplugged since: a window restored off-screen looks like a hung app.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export type Rect = { x: number; y: number; width: number; height: number };
export type Size = { width: number; height: number };
/** Without x and y the window is centred by Electron. */
export type WindowState = Size & { x?: number; y?: number; maximized: boolean };

export const windowStateFileName = 'window-state.json';
export const defaultWindowSize: Size = { width: 1400, height: 900 };
export const minimumWindowSize: Size = { width: 960, height: 600 };
const coordinateLimit = 100_000;

function isCoordinate(value: unknown): value is number {
  return Number.isInteger(value) && Math.abs(value as number) <= coordinateLimit;
}

function isLength(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) > 0 && (value as number) <= coordinateLimit;
}

/** The saved state, or null for anything that is not exactly what we write. */
export function parseWindowState(raw: unknown): WindowState | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const record = raw as Record<string, unknown>;
  const { width, height, x, y, maximized } = record;
  if (!isLength(width) || !isLength(height)) return null;
  if (maximized !== undefined && typeof maximized !== 'boolean') return null;
  const state: WindowState = { width, height, maximized: maximized ?? false };
  // A position is only meaningful as a pair.
  if (isCoordinate(x) && isCoordinate(y)) return { ...state, x, y };
  return state;
}

function overlapArea(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

function fitSize(size: Size, area: Rect): Size {
  return {
    width: Math.min(Math.max(size.width, minimumWindowSize.width), area.width),
    height: Math.min(Math.max(size.height, minimumWindowSize.height), area.height),
  };
}

/**
 * Fits a saved state to the displays' work areas (primary first). The window
 * stays on the display it overlaps most, pulled fully inside it; when it
 * overlaps none (that monitor is gone) it is centred on the primary display.
 * Its size never exceeds the work area of the display it lands on.
 */
export function fitWindowState(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0];
  const wanted = saved ?? { ...defaultWindowSize, maximized: false };
  if (!primary) return wanted;
  const centred = (): WindowState => ({ ...fitSize(wanted, primary), maximized: wanted.maximized });
  if (wanted.x === undefined || wanted.y === undefined) return centred();

  const rect: Rect = { x: wanted.x, y: wanted.y, width: wanted.width, height: wanted.height };
  let best: Rect | null = null;
  let bestArea = 0;
  for (const area of workAreas) {
    const overlap = overlapArea(rect, area);
    if (overlap > bestArea) {
      best = area;
      bestArea = overlap;
    }
  }
  if (!best) return centred();

  const size = fitSize(wanted, best);
  return {
    ...size,
    x: clamp(rect.x, best.x, best.x + best.width - size.width),
    y: clamp(rect.y, best.y, best.y + best.height - size.height),
    maximized: wanted.maximized,
  };
}

/** Null when there is no file yet or it is unreadable: the window then opens at the default size. */
export function readWindowState(file: string): WindowState | null {
  try {
    return parseWindowState(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
}

/** Written whole then renamed, so a crash mid-write leaves the previous file. */
export function writeWindowState(file: string, state: WindowState): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state)}\n`);
  renameSync(temporary, file);
}
