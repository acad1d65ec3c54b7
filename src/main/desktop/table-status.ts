// What the shell shows and asks about tables, read straight from the
// registry: the tray counts, the menu's enabled items and the quit question
// all come from these plain snapshots, so they are tested without a server.
import type { FairnessScheme } from '../../shared/api.ts';
import type { GameId, Phase } from '../../shared/protocol.ts';

/** The slice of a Table the shell reads (the real Table satisfies it). */
export type TableLike = {
  readonly id: string;
  readonly name: string;
  readonly game: GameId;
  readonly phase: Phase;
  readonly roundInFlight: boolean;
  readonly config: { readonly autoCycle: boolean; readonly currency: string; readonly fairness: FairnessScheme };
  roundView(): { round: number } | null;
};

export type TableStatus = {
  id: string;
  name: string;
  game: GameId;
  phase: Phase;
  roundInFlight: boolean;
  autoCycle: boolean;
  fairness: FairnessScheme;
  round: number | null;
};

export function tableStatuses(tables: readonly TableLike[]): TableStatus[] {
  return tables.map((table) => ({
    id: table.id,
    name: table.name,
    game: table.game,
    phase: table.phase,
    roundInFlight: table.roundInFlight,
    autoCycle: table.config.autoCycle,
    fairness: table.config.fairness,
    round: table.roundView()?.round ?? null,
  }));
}

/** A table is running while it deals: a round in flight, or cycling on its timer. */
export function isRunning(status: TableStatus): boolean {
  return status.roundInFlight || status.autoCycle;
}

export type ShutdownStep = { table: string; round: number | null; resolution: 'void' | 'settle' | 'resume' };

/**
 * What a graceful stop will do to each round in flight, in the words the quit
 * dialog uses. It mirrors Table.shutdown: a round still taking bets or closed
 * is voided (stakes refunded), one whose result is drawn is settled, and a
 * frozen pf2 round stays frozen, never voided: its reveal window reopens at
 * the next start (PF2.md §8).
 */
export function shutdownPlan(statuses: readonly TableStatus[]): ShutdownStep[] {
  return statuses.filter((status) => status.roundInFlight).map((status) => ({ table: status.name, round: status.round, resolution: resolutionOf(status) }));
}

function resolutionOf(status: TableStatus): ShutdownStep['resolution'] {
  if (status.phase === 'result') return 'settle';
  return status.fairness === 'pf2' && status.phase === 'closed' ? 'resume' : 'void';
}
