// What the shell shows and asks about tables, read straight from the
// registry: the tray counts, the menu's enabled items and the quit question
// all come from these plain snapshots, so they are tested without a server.
import type { Phase } from '../../shared/protocol.ts';

/** The slice of a Table the shell reads (the real Table satisfies it). */
export type TableLike = {
  readonly id: string;
  readonly name: string;
  readonly phase: Phase;
  readonly roundInFlight: boolean;
  readonly config: { readonly autoCycle: boolean; readonly currency: string };
  roundView(): { round: number } | null;
};

export type TableStatus = {
  id: string;
  name: string;
  phase: Phase;
  roundInFlight: boolean;
  autoCycle: boolean;
  round: number | null;
};

export function tableStatuses(tables: readonly TableLike[]): TableStatus[] {
  return tables.map((table) => ({
    id: table.id,
    name: table.name,
    phase: table.phase,
    roundInFlight: table.roundInFlight,
    autoCycle: table.config.autoCycle,
    round: table.roundView()?.round ?? null,
  }));
}

/** A table is running while it deals: a round in flight, or cycling on its timer. */
export function isRunning(status: TableStatus): boolean {
  return status.roundInFlight || status.autoCycle;
}

export type ShutdownStep = { table: string; round: number | null; resolution: 'void' | 'settle' };

/**
 * What a graceful stop will do to each round in flight, in the words the quit
 * dialog uses. It mirrors Table.shutdown: a round still taking bets or closed
 * is voided (stakes refunded), one whose result is drawn is settled.
 */
export function shutdownPlan(statuses: readonly TableStatus[]): ShutdownStep[] {
  return statuses
    .filter((status) => status.roundInFlight)
    .map((status) => ({ table: status.name, round: status.round, resolution: status.phase === 'result' ? 'settle' : 'void' }));
}
