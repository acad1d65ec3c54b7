// The tray: a count of running tables, and an icon drawn in code.
import { describe, expect, it } from 'vitest';
import { chipBitmap, trayText } from '../../src/main/desktop/tray.ts';
import type { TableStatus } from '../../src/main/desktop/table-status.ts';

const status = (overrides: Partial<TableStatus>): TableStatus => ({
  id: 't',
  name: 'T',
  game: 'roulette-eu',
  phase: 'idle',
  roundInFlight: false,
  autoCycle: false,
  fairness: 'pf1',
  round: null,
  ...overrides,
});

describe('tray text', () => {
  it('counts tables dealing (a round in flight or auto-cycling) among the open ones', () => {
    const text = trayText([status({ roundInFlight: true, phase: 'betting' }), status({ autoCycle: true }), status({})]);
    expect(text.tooltip).toBe('Pitboss: 2 tables running of 3 open, 1 round in flight');
    expect(text.title).toBe('2');
    expect(text.badge).toBe(2);
  });

  it('is quiet when nothing runs', () => {
    expect(trayText([])).toMatchObject({ title: '', badge: 0, summary: '0 tables running of 0 open, 0 rounds in flight' });
  });
});

describe('chip icon', () => {
  it('is a BGRA square, opaque in the middle and transparent in the corners', () => {
    const size = 32;
    const pixels = chipBitmap(size);
    expect(pixels).toHaveLength(size * size * 4);
    const alpha = (x: number, y: number) => pixels[(y * size + x) * 4 + 3];
    expect(alpha(0, 0)).toBe(0);
    expect(alpha(size - 1, size - 1)).toBe(0);
    expect(alpha(size / 2, size / 2)).toBe(0xff);
    expect(chipBitmap(size).equals(pixels)).toBe(true);
  });
});
