// The application menu: the dealer's round actions with shortcuts, acting on
// one table chosen in the menu itself (the console page may show another;
// the menu names its target so the dealer always sees which). Items are
// greyed out when the server would refuse them; the server still decides.
import type { MenuItemConstructorOptions } from 'electron';
import type { TableActionRequest } from '../../shared/api.ts';
import { drawLabel } from '../../shared/games/draw-verb.ts';
import { actionRefusal } from '../../shared/round-actions.ts';
import type { TableStatus } from './table-status.ts';

export type DealerAction = 'open' | 'close' | 'spin' | 'void' | 'auto';

/**
 * The console's single-letter hotkeys (o, c, s, v, a) with Ctrl+Shift (Cmd+Shift
 * on macOS): the same letters, but a chord, because a menu accelerator fires
 * even while a text field has focus and typing a cashier note must not spin.
 */
export const dealerShortcuts: Record<DealerAction, string> = {
  open: 'CmdOrCtrl+Shift+O',
  close: 'CmdOrCtrl+Shift+C',
  spin: 'CmdOrCtrl+Shift+S',
  void: 'CmdOrCtrl+Shift+V',
  auto: 'CmdOrCtrl+Shift+A',
};

const labels: Record<DealerAction, string> = {
  open: 'Open Betting',
  close: 'Close Betting',
  spin: 'Spin',
  void: 'Void Round…',
  auto: 'Auto-Cycle',
};

/** The table's own phase rules (shared/round-actions.ts, pf2's included); auto-cycle can always be toggled. */
export function isActionLegal(action: DealerAction, table: TableStatus): boolean {
  return action === 'auto' || actionRefusal(action, table.phase, table.fairness, table.game) === null;
}

/** The API request a menu action sends; auto-cycle toggles. */
export function actionRequest(action: DealerAction, table: TableStatus): TableActionRequest {
  if (action === 'auto') return { action: table.autoCycle ? 'auto-off' : 'auto-on' };
  if (action === 'void') return { action: 'void', reason: 'voided from the menu' };
  return { action };
}

/** The chosen table while it exists, else the first one. */
export function targetTable(tables: readonly TableStatus[], targetId: string | null): TableStatus | null {
  return tables.find((table) => table.id === targetId) ?? tables[0] ?? null;
}

export type MenuModel = {
  platform: NodeJS.Platform;
  /** Reload and developer tools only outside a packaged build. */
  developer: boolean;
  tables: readonly TableStatus[];
  targetId: string | null;
};

export type MenuHandlers = {
  act(table: TableStatus, action: DealerAction): void;
  selectTable(tableId: string): void;
  showConsole(): void;
};

function describe(table: TableStatus): string {
  return table.round === null ? `${table.name}: ${table.phase}` : `${table.name}: round ${table.round}, ${table.phase}`;
}

function tableMenu(model: MenuModel, handlers: MenuHandlers): MenuItemConstructorOptions {
  const target = targetTable(model.tables, model.targetId);
  const item = (action: DealerAction): MenuItemConstructorOptions => ({
    id: `dealer-${action}`,
    // The target table's own verb: Spin, Deal or Roll.
    label: action === 'spin' && target !== null ? drawLabel(target.game) : labels[action],
    accelerator: dealerShortcuts[action],
    enabled: target !== null && isActionLegal(action, target),
    ...(action === 'auto' ? { type: 'checkbox' as const, checked: target?.autoCycle ?? false } : {}),
    click: () => {
      if (target) handlers.act(target, action);
    },
  });
  return {
    label: 'Table',
    submenu: [
      { id: 'dealer-target', label: target ? describe(target) : 'No open table', enabled: false },
      { type: 'separator' },
      item('open'),
      item('close'),
      item('spin'),
      item('void'),
      { type: 'separator' },
      item('auto'),
      { type: 'separator' },
      {
        label: 'Act On',
        enabled: model.tables.length > 0,
        submenu: model.tables.map((table) => ({
          id: `target-${table.id}`,
          label: table.name,
          type: 'radio' as const,
          checked: table.id === target?.id,
          click: () => handlers.selectTable(table.id),
        })),
      },
    ],
  };
}

export function buildMenuTemplate(model: MenuModel, handlers: MenuHandlers): MenuItemConstructorOptions[] {
  const mac = model.platform === 'darwin';
  const view: MenuItemConstructorOptions = model.developer
    ? { role: 'viewMenu' }
    : {
        label: 'View',
        submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
      };
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { id: 'show-console', label: 'Show Console', click: () => handlers.showConsole() },
        { type: 'separator' },
        // Quit goes through before-quit, where the round-in-flight question is asked.
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    // Without an Edit menu macOS has no copy and paste in text fields.
    { role: 'editMenu' },
    tableMenu(model, handlers),
    view,
    { role: 'windowMenu' },
  ];
}
