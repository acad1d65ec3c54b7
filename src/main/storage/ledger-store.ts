// The SQL of the ledger (migration 001): accounts, the append-only journal of
// transfers, and the reads its reports and its self-check need. The schema
// enforces the invariants; the ledger (ledger/ledger.ts) owns what they mean.
import type { Database, Transaction } from './database.ts';

export type StoredTransfer = { id: number; from: number; to: number; amountMinor: number; kind: string; note: string };
export type LineRow = { transferId: number; kind: string; amountMinor: number; deltaMinor: number; note: string; createdAt: number };
export type AccountRow = { id: number; kind: string; ref: string; balance: number };
export type RecomputedRow = AccountRow & { journal: number };
export type WalletLowRow = { account: number; firstTransfer: number; lowest: number };
export type NewTransfer = { idempotencyKey: string; from: number; to: number; amountMinor: number; kind: string; note: string; at: number };

/** Whether the error is the schema's CHECK constraint `name` refusing a statement. */
export function isCheckViolation(error: unknown, name: string): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_CHECK' && error.message.includes(name);
}

export class LedgerStore {
  readonly #db: Database;
  readonly #findAccount;
  readonly #insertAccount;
  readonly #balance;
  readonly #insertTransfer;
  readonly #findTransfer;
  readonly #lines;
  readonly #allAccounts;
  readonly #sumBalances;
  readonly #countTransfers;
  readonly #recompute;
  readonly #walletLows;
  readonly #presentTriggers;

  constructor(db: Database) {
    this.#db = db;
    this.#findAccount = db.prepare<[string, string], { id: number }>('SELECT id FROM accounts WHERE kind = ? AND ref = ?');
    this.#insertAccount = db.prepare<[string, string, number]>(
      'INSERT INTO accounts (kind, ref, balance, created_at) VALUES (?, ?, 0, ?) ON CONFLICT (kind, ref) DO NOTHING',
    );
    this.#balance = db.prepare<[number], { balance: number }>('SELECT balance FROM accounts WHERE id = ?');
    // The balances move in the AFTER INSERT trigger, in this same statement. On a
    // key that already exists nothing is inserted, no trigger fires, changes = 0.
    this.#insertTransfer = db.prepare<[NewTransfer]>(
      `INSERT INTO transfers (idempotency_key, from_account, to_account, amount_minor, kind, note, created_at)
       VALUES (@idempotencyKey, @from, @to, @amountMinor, @kind, @note, @at) ON CONFLICT (idempotency_key) DO NOTHING`,
    );
    this.#findTransfer = db.prepare<[string], StoredTransfer>(
      `SELECT id, from_account AS "from", to_account AS "to", amount_minor AS amountMinor, kind, note
       FROM transfers WHERE idempotency_key = ?`,
    );
    // Two index walks (one per side) merged, instead of an OR that would sort the whole history.
    this.#lines = db.prepare<[{ account: number; limit: number }], LineRow>(
      `SELECT * FROM (
         SELECT id AS transferId, kind, amount_minor AS amountMinor, -amount_minor AS deltaMinor, note, created_at AS createdAt
         FROM transfers WHERE from_account = @account ORDER BY id DESC LIMIT @limit)
       UNION ALL
       SELECT * FROM (
         SELECT id AS transferId, kind, amount_minor AS amountMinor, amount_minor AS deltaMinor, note, created_at AS createdAt
         FROM transfers WHERE to_account = @account ORDER BY id DESC LIMIT @limit)
       ORDER BY transferId DESC LIMIT @limit`,
    );
    this.#allAccounts = db.prepare<[], AccountRow>('SELECT id, kind, ref, balance FROM accounts ORDER BY id');
    this.#sumBalances = db.prepare<[], { total: number }>('SELECT coalesce(sum(balance), 0) AS total FROM accounts');
    this.#countTransfers = db.prepare<[], { count: number }>('SELECT count(*) AS count FROM transfers');
    this.#recompute = db.prepare<[], RecomputedRow>(
      `WITH moves AS (
         SELECT to_account AS account, amount_minor AS delta FROM transfers
         UNION ALL
         SELECT from_account, -amount_minor FROM transfers),
       net AS (SELECT account, sum(delta) AS journal FROM moves GROUP BY account)
       SELECT a.id, a.kind, a.ref, a.balance, coalesce(net.journal, 0) AS journal
       FROM accounts a LEFT JOIN net ON net.account = a.id ORDER BY a.id`,
    );
    // Replays every wallet's journal in id order (= commit order: ids are never
    // reused once committed) and reports any wallet that was ever below zero.
    this.#walletLows = db.prepare<[], WalletLowRow>(
      `WITH moves AS (
         SELECT t.to_account AS account, t.id, t.amount_minor AS delta
         FROM transfers t JOIN accounts a ON a.id = t.to_account WHERE a.kind = 'wallet'
         UNION ALL
         SELECT t.from_account, t.id, -t.amount_minor
         FROM transfers t JOIN accounts a ON a.id = t.from_account WHERE a.kind = 'wallet'),
       running AS (
         SELECT account, id, sum(delta) OVER (PARTITION BY account ORDER BY id ROWS UNBOUNDED PRECEDING) AS balance
         FROM moves)
       SELECT account, min(id) AS firstTransfer, min(balance) AS lowest
       FROM running WHERE balance < 0 GROUP BY account ORDER BY account`,
    );
    this.#presentTriggers = db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'trigger'");
  }

  /** Runs `read` inside one deferred transaction, so every number it reads comes from the same snapshot. */
  snapshot<T>(read: () => T): () => T {
    const transaction: Transaction<() => T> = this.#db.transaction(read);
    return () => transaction.deferred();
  }

  findAccount(kind: string, ref: string): number | null {
    return this.#findAccount.get(kind, ref)?.id ?? null;
  }

  /** Creates the account with balance 0 unless it exists. */
  insertAccount(kind: string, ref: string, at: number): void {
    this.#insertAccount.run(kind, ref, at);
  }

  balance(accountId: number): number | null {
    return this.#balance.get(accountId)?.balance ?? null;
  }

  /** The new transfer's id, or null when the key was taken (nothing moved). Throws what the schema refuses. */
  insertTransfer(transfer: NewTransfer): number | null {
    const result = this.#insertTransfer.run(transfer);
    return result.changes === 1 ? Number(result.lastInsertRowid) : null;
  }

  transferByKey(idempotencyKey: string): StoredTransfer | null {
    return this.#findTransfer.get(idempotencyKey) ?? null;
  }

  lines(account: number, limit: number): LineRow[] {
    return this.#lines.all({ account, limit });
  }

  accounts(): AccountRow[] {
    return this.#allAccounts.all();
  }

  sumOfBalances(): number {
    return this.#sumBalances.get()?.total ?? 0;
  }

  transferCount(): number {
    return this.#countTransfers.get()?.count ?? 0;
  }

  /** Every account with its cached balance and the sum of its journal. */
  recomputed(): RecomputedRow[] {
    return this.#recompute.all();
  }

  /** Every wallet that was ever below zero, with how low it went and when first. */
  walletLows(): WalletLowRow[] {
    return this.#walletLows.all();
  }

  triggerNames(): Set<string> {
    return new Set(this.#presentTriggers.all().map((row) => row.name));
  }
}
