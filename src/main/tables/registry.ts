// Every open table of this installation: creates them (with their escrow,
// seed chain and house float), loads them at start (recovering interrupted
// rounds), and closes them.
import { randomBytes } from 'node:crypto';
import type { TableConfig } from '../../shared/api.ts';
import { ErrorCode } from '../../shared/protocol.ts';
import { AccountKind } from '../ledger/ledger.ts';
import { Money } from '../ledger/money.ts';
import { newId } from '../ids.ts';
import { createChain } from './seed-chain.ts';
import { Table, type ActionResult, type TableDependencies } from './table.ts';
import { Cause } from './round-cause.ts';

export class TableRegistry {
  readonly #tables = new Map<string, Table>();
  readonly #deps: TableDependencies;

  constructor(deps: TableDependencies) {
    this.#deps = deps;
  }

  /** Loads every open table and resolves the rounds a crash left unfinished. */
  loadAll(): void {
    for (const row of this.#deps.store.openTables()) {
      const table = new Table(row, this.#deps);
      this.#tables.set(table.id, table);
      table.recover();
      // An auto-cycling table keeps cycling after a restart.
      if (table.config.autoCycle) table.open(Cause.Auto);
    }
  }

  create(config: TableConfig): Table {
    const { db, store, ledger } = this.#deps;
    const id = newId('tbl');
    const now = this.#deps.clock.now();
    // Invites are shared openly (links, QR codes) but must not be guessable.
    const inviteCode = randomBytes(12).toString('base64url');
    db.transaction(() => {
      store.insertTable({ id, name: config.name, game: config.game, config, inviteCode, createdAt: now });
      createChain(store, id, this.#deps.chainLength, now);
      ledger.account(AccountKind.Escrow, id);
      if (config.houseFloatMinor > 0) {
        new Money(ledger).houseFloat(id, this.#deps.houseAccountId, config.houseFloatMinor, config.name);
      }
    })();
    const row = store.openTables().find((candidate) => candidate.id === id);
    if (!row) throw new Error(`table ${id} vanished right after it was created`);
    const table = new Table(row, this.#deps);
    this.#tables.set(id, table);
    if (config.autoCycle) table.open(Cause.Auto);
    return table;
  }

  get(tableId: string): Table | undefined {
    return this.#tables.get(tableId);
  }

  byInvite(inviteCode: string): Table | undefined {
    for (const table of this.#tables.values()) if (table.inviteCode === inviteCode) return table;
    return undefined;
  }

  all(): Table[] {
    return [...this.#tables.values()];
  }

  close(tableId: string): ActionResult {
    const table = this.#tables.get(tableId);
    if (!table) return { ok: false, code: ErrorCode.NotFound, message: 'no such table' };
    if (table.roundInFlight) {
      return { ok: false, code: ErrorCode.WrongPhase, message: 'finish or void the round in flight before closing the table' };
    }
    table.markClosed();
    this.#deps.store.closeTable(tableId, this.#deps.clock.now());
    this.#tables.delete(tableId);
    return { ok: true };
  }

  /** Graceful stop: every table voids or settles its round in flight. */
  shutdown(reason: string): void {
    for (const table of this.#tables.values()) table.shutdown(reason);
  }
}
