// The application menu: the dealer's actions with their shortcuts, enabled
// only when the table's phase allows them, acting on a named table.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { actionRequest, buildMenuTemplate, dealerShortcuts, isActionLegal, targetTable, type MenuModel } from '../../src/main/desktop/menu.ts';
import type { TableStatus } from '../../src/main/desktop/table-status.ts';
import { findItem } from './desktop-fakes.ts';

function table(overrides: Partial<TableStatus> = {}): TableStatus {
  return { id: 'tbl_a', name: 'Roulette 1', game: 'roulette-eu', phase: 'idle', roundInFlight: false, autoCycle: false, fairness: 'pf1', round: null, ...overrides };
}

function build(model: Partial<MenuModel> = {}) {
  const handlers = { act: vi.fn(), selectTable: vi.fn(), showConsole: vi.fn() };
  const template = buildMenuTemplate({ platform: 'linux', developer: false, tables: [table()], targetId: null, ...model }, handlers);
  return { template, handlers };
}

const click = (item: MenuItemConstructorOptions | undefined) => item?.click?.({} as never, undefined, {} as never);

describe('the Table menu', () => {
  it('has every dealer action with its shortcut', () => {
    const { template } = build();
    for (const [action, accelerator] of Object.entries(dealerShortcuts)) {
      expect(findItem(template, `dealer-${action}`)?.accelerator).toBe(accelerator);
    }
    expect(Object.keys(dealerShortcuts).sort()).toEqual(['auto', 'close', 'open', 'spin', 'void']);
    // Chords only: a bare letter would fire while the dealer types in a field.
    for (const accelerator of Object.values(dealerShortcuts)) expect(accelerator).toMatch(/^CmdOrCtrl\+Shift\+[A-Z]$/);
  });

  it('enables exactly what the phase allows', () => {
    const enabled = (status: TableStatus) => {
      const { template } = build({ tables: [status] });
      return ['open', 'close', 'spin', 'void', 'auto'].filter((action) => findItem(template, `dealer-${action}`)?.enabled);
    };
    expect(enabled(table({ phase: 'idle' }))).toEqual(['open', 'auto']);
    expect(enabled(table({ phase: 'betting', roundInFlight: true }))).toEqual(['close', 'void', 'auto']);
    expect(enabled(table({ phase: 'closed', roundInFlight: true }))).toEqual(['spin', 'void', 'auto']);
    expect(enabled(table({ phase: 'result', roundInFlight: true }))).toEqual(['auto']);
    expect(enabled(table({ phase: 'settled' }))).toEqual(['open', 'auto']);
  });

  it('with no table, names none and enables nothing', () => {
    const { template } = build({ tables: [] });
    expect(findItem(template, 'dealer-target')?.label).toBe('No open table');
    expect(findItem(template, 'dealer-open')?.enabled).toBe(false);
  });

  it('acts on the chosen table and lets the dealer choose another', () => {
    const second = table({ id: 'tbl_b', name: 'Baccarat', phase: 'betting', roundInFlight: true, round: 7 });
    const { template, handlers } = build({ tables: [table(), second], targetId: 'tbl_b' });
    expect(findItem(template, 'dealer-target')?.label).toBe('Baccarat: round 7, betting');
    click(findItem(template, 'dealer-close'));
    expect(handlers.act).toHaveBeenCalledWith(second, 'close');
    expect(findItem(template, 'target-tbl_b')?.checked).toBe(true);
    click(findItem(template, 'target-tbl_a'));
    expect(handlers.selectTable).toHaveBeenCalledWith('tbl_a');
  });

  it('falls back to the first table when the chosen one was closed', () => {
    expect(targetTable([table()], 'tbl_gone')?.id).toBe('tbl_a');
    expect(targetTable([], null)).toBeNull();
  });

  it('auto-cycle is a checkbox that toggles', () => {
    const on = table({ autoCycle: true });
    const { template } = build({ tables: [on] });
    expect(findItem(template, 'dealer-auto')).toMatchObject({ type: 'checkbox', checked: true });
    expect(actionRequest('auto', on)).toEqual({ action: 'auto-off' });
    expect(actionRequest('auto', table())).toEqual({ action: 'auto-on' });
    expect(actionRequest('void', on)).toEqual({ action: 'void', reason: 'voided from the menu' });
    expect(actionRequest('spin', on)).toEqual({ action: 'spin' });
  });

  it('agrees with the legality rules it exposes', () => {
    expect(isActionLegal('open', table({ phase: 'betting', roundInFlight: true }))).toBe(false);
    expect(isActionLegal('void', table({ phase: 'result', roundInFlight: true }))).toBe(false);
    // pf2: a frozen round draws itself and is never voided; before the freeze it may be.
    expect(isActionLegal('spin', table({ phase: 'closed', roundInFlight: true }))).toBe(true);
    expect(isActionLegal('spin', table({ phase: 'closed', roundInFlight: true, fairness: 'pf2' }))).toBe(false);
    expect(isActionLegal('void', table({ phase: 'closed', roundInFlight: true, fairness: 'pf2' }))).toBe(false);
    expect(isActionLegal('void', table({ phase: 'betting', roundInFlight: true, fairness: 'pf2' }))).toBe(true);
  });
});

describe('the rest of the menu', () => {
  it('has Quit (through before-quit) on Linux and Windows, the app menu on macOS', () => {
    const linux = build().template;
    expect(linux.map((item) => item.label ?? item.role)).toEqual(['File', 'editMenu', 'Table', 'View', 'windowMenu']);
    expect(findItem(linux, 'show-console')).toBeDefined();
    const mac = build({ platform: 'darwin' }).template;
    expect(mac[0]?.role).toBe('appMenu');
  });

  it('offers reload and developer tools only in development', () => {
    expect(build({ developer: true }).template.some((item) => item.role === 'viewMenu')).toBe(true);
    const packaged = build({ developer: false }).template.find((item) => item.label === 'View');
    const roles = (packaged?.submenu as MenuItemConstructorOptions[]).map((item) => item.role);
    expect(roles).not.toContain('toggleDevTools');
    expect(roles).not.toContain('reload');
  });
});

describe("the draw item says the target table's own verb", () => {
  it.each([
    ['roulette-eu', 'Spin'],
    ['baccarat', 'Deal'],
    ['dragon-tiger', 'Deal'],
    ['blackjack', 'Deal'],
    ['sicbo', 'Roll'],
  ] as const)('%s: %s', (game, label) => {
    const { template } = build({ tables: [table({ game })] });
    expect(findItem(template, 'dealer-spin')?.label).toBe(label);
  });
});

