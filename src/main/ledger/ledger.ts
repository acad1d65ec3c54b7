// The wallet ledger: double-entry, append-only, idempotent (DESIGN.md, "Fixed
// decisions"). The schema (storage/migrations/001-ledger.ts) enforces the
// invariants; this class adds idempotent replay, readable errors and reports.
//
// Transactions: every method works on its own (autocommit) and inside a
// caller's db.transaction(...). transfer() is a single INSERT, and SQLite
// undoes a failed statement completely while keeping the caller's transaction
// open, so a caught LedgerError leaves the caller's other work intact.
// A caller that wants several transfers, or "insert bet row + transfer", to
// vanish together on a rejection wraps them in its own db.transaction(...),
// which better-sqlite3 turns into a SAVEPOINT when nested.
import assert from 'node:assert/strict';
import type Database from 'better-sqlite3';
import type { LedgerLine, LedgerSummaryResponse } from '../../shared/api.ts';
import { AccountKind } from './kinds.ts';
import { LedgerError, LedgerErrorCode } from './ledger-error.ts';

export { AccountKind, TransferKind } from './kinds.ts';
export { LedgerError, LedgerErrorCode } from './ledger-error.ts';

export type TransferRequest = {
  /** Unique across the whole journal: namespace it (e.g. `bet:<tableId>:<round>:<betId>`). */
  idempotencyKey: string;
  from: number;
  to: number;
  amountMinor: number;
  kind: string;
  note: string;
};
export type TransferResult = { transferId: number; replayed: boolean };
export type VerifyResult = { ok: boolean; problems: string[] };

type Statement<Params extends unknown[], Row = unknown> = Database.Statement<Params, Row>;
type StoredTransfer = { id: number; from: number; to: number; amountMinor: number; kind: string; note: string };
type LineRow = { transferId: number; kind: string; amountMinor: number; deltaMinor: number; note: string; createdAt: number };
type AccountRow = { id: number; kind: string; ref: string; balance: number };
type RecomputedRow = AccountRow & { journal: number };
type WalletLowRow = { account: number; firstTransfer: number; lowest: number };

const MAX_KEY_LENGTH = 256;
const accountKinds: readonly string[] = Object.values(AccountKind);
const singletonKinds: readonly string[] = [AccountKind.Cashier, AccountKind.House];
/** Without these the database no longer refuses edits to the journal; verify() reports it. */
const guardTriggers = ['transfers_apply', 'transfers_no_update', 'transfers_no_delete'] as const;

export class Ledger {
  readonly #now: () => number;
  readonly #findAccount: Statement<[string, string], { id: number }>;
  readonly #insertAccount: Statement<[string, string, number]>;
  readonly #balance: Statement<[number], { balance: number }>;
  readonly #insertTransfer: Statement<[string, number, number, number, string, string, number]>;
  readonly #findTransfer: Statement<[string], StoredTransfer>;
  readonly #lines: Statement<[{ account: number; limit: number }], LineRow>;
  readonly #allAccounts: Statement<[], AccountRow>;
  readonly #sumBalances: Statement<[], { total: number }>;
  readonly #countTransfers: Statement<[], { count: number }>;
  readonly #recompute: Statement<[], RecomputedRow>;
  readonly #walletLows: Statement<[], WalletLowRow>;
  readonly #presentTriggers: Statement<[], { name: string }>;
  readonly #summary: Database.Transaction<() => LedgerSummaryResponse>;
  readonly #verify: Database.Transaction<() => VerifyResult>;

  /** `now` is injectable so tests can pin created_at; production uses the wall clock. */
  constructor(db: Database.Database, now: () => number = Date.now) {
    this.#now = now;
    this.#findAccount = db.prepare('SELECT id FROM accounts WHERE kind = ? AND ref = ?');
    this.#insertAccount = db.prepare(
      'INSERT INTO accounts (kind, ref, balance, created_at) VALUES (?, ?, 0, ?) ON CONFLICT (kind, ref) DO NOTHING',
    );
    this.#balance = db.prepare('SELECT balance FROM accounts WHERE id = ?');
    // The balances move in the AFTER INSERT trigger, in this same statement. On a
    // key that already exists nothing is inserted, no trigger fires, changes = 0.
    this.#insertTransfer = db.prepare(
      `INSERT INTO transfers (idempotency_key, from_account, to_account, amount_minor, kind, note, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
    );
    this.#findTransfer = db.prepare(
      `SELECT id, from_account AS "from", to_account AS "to", amount_minor AS amountMinor, kind, note
       FROM transfers WHERE idempotency_key = ?`,
    );
    // Two index walks (one per side) merged, instead of an OR that would sort the whole history.
    this.#lines = db.prepare(
      `SELECT * FROM (
         SELECT id AS transferId, kind, amount_minor AS amountMinor, -amount_minor AS deltaMinor, note, created_at AS createdAt
         FROM transfers WHERE from_account = @account ORDER BY id DESC LIMIT @limit)
       UNION ALL
       SELECT * FROM (
         SELECT id AS transferId, kind, amount_minor AS amountMinor, amount_minor AS deltaMinor, note, created_at AS createdAt
         FROM transfers WHERE to_account = @account ORDER BY id DESC LIMIT @limit)
       ORDER BY transferId DESC LIMIT @limit`,
    );
    this.#allAccounts = db.prepare('SELECT id, kind, ref, balance FROM accounts ORDER BY id');
    this.#sumBalances = db.prepare('SELECT coalesce(sum(balance), 0) AS total FROM accounts');
    this.#countTransfers = db.prepare('SELECT count(*) AS count FROM transfers');
    this.#recompute = db.prepare(
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
    this.#walletLows = db.prepare(
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
    this.#presentTriggers = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'");
    // Reports read inside one transaction so every number comes from the same snapshot.
    this.#summary = db.transaction(() => this.#readSummary());
    this.#verify = db.transaction(() => this.#runVerify());
  }

  /** The id of the account (kind, ref), created with balance 0 on first use. */
  account(kind: AccountKind, ref: string): number {
    assert.ok(accountKinds.includes(kind), `unknown account kind ${String(kind)}`);
    assert.equal(typeof ref, 'string', 'account ref must be a string');
    if (singletonKinds.includes(kind)) assert.equal(ref, '', `the ${kind} account is a singleton: its ref is ''`);
    else assert.ok(ref.length > 0, `a ${kind} account needs a ref (table id or player id)`);
    // Not cached in memory: an account created inside a caller's transaction
    // that later rolls back would leave a cached id pointing at nothing.
    const found = this.#findAccount.get(kind, ref);
    if (found) return found.id;
    this.#insertAccount.run(kind, ref, this.#now());
    const created = this.#findAccount.get(kind, ref);
    assert.ok(created, `account ${kind}:${ref} missing right after insert`);
    return created.id;
  }

  balanceOf(accountId: number): number {
    const row = this.#balance.get(accountId);
    assert.ok(row, `no account with id ${accountId}`);
    return row.balance;
  }

  /**
   * Moves amountMinor from one account to another, exactly once per key.
   * Same key and same content (from, to, amount, kind, note) returns the
   * original transfer with replayed = true and moves nothing; same key with
   * any difference throws 'idempotency_conflict'. The note counts as content
   * because a retry is a byte-identical resend: a different note means a
   * different intention reusing a key, which is a bug worth surfacing.
   */
  transfer(t: TransferRequest): TransferResult {
    assertWellFormed(t);
    let changes: number;
    let transferId: number;
    try {
      const result = this.#insertTransfer.run(t.idempotencyKey, t.from, t.to, t.amountMinor, t.kind, t.note, this.#now());
      changes = result.changes;
      transferId = Number(result.lastInsertRowid);
    } catch (error) {
      throw this.#explain(error, t);
    }
    if (changes === 1) return { transferId, replayed: false };
    return this.#replay(t);
  }

  /** The account's movements, newest first, signed from its own point of view. */
  walletLines(accountId: number, limit: number): LedgerLine[] {
    assert.ok(Number.isSafeInteger(limit) && limit > 0, `limit must be a positive integer, got ${limit}`);
    return this.#lines.all({ account: accountId, limit });
  }

  summary(): LedgerSummaryResponse {
    return this.#summary.deferred();
  }

  /**
   * Recomputes every balance from the journal and checks the invariants:
   * cached balance = journal, balances sum to zero, no wallet below zero now
   * or at any point of its history, and the append-only triggers in place.
   */
  verify(): VerifyResult {
    return this.#verify.deferred();
  }

  #readSummary(): LedgerSummaryResponse {
    const accounts = this.#allAccounts.all().map((row) => ({ kind: row.kind, ref: row.ref, balanceMinor: row.balance }));
    const sumMinor = this.#sumBalances.get()?.total ?? 0;
    const transferCount = this.#countTransfers.get()?.count ?? 0;
    return { accounts, sumMinor, transferCount };
  }

  #runVerify(): VerifyResult {
    const problems: string[] = [];
    let sum = 0;
    for (const row of this.#recompute.all()) {
      const name = `account ${row.id} (${row.kind}:${row.ref})`;
      sum += row.balance;
      if (row.balance !== row.journal) problems.push(`${name} caches ${row.balance} but its journal sums to ${row.journal}`);
      if (row.kind === AccountKind.Wallet && row.balance < 0) problems.push(`${name} is negative: ${row.balance}`);
    }
    if (sum !== 0) problems.push(`balances sum to ${sum}, not 0`);
    for (const low of this.#walletLows.all()) {
      problems.push(`wallet account ${low.account} went to ${low.lowest} (first below zero at transfer ${low.firstTransfer})`);
    }
    const present = new Set(this.#presentTriggers.all().map((row) => row.name));
    for (const name of guardTriggers) if (!present.has(name)) problems.push(`trigger ${name} is missing`);
    return { ok: problems.length === 0, problems };
  }

  #replay(t: TransferRequest): TransferResult {
    const original = this.#findTransfer.get(t.idempotencyKey);
    assert.ok(original, `transfer ${t.idempotencyKey} neither inserted nor found`);
    const differences: string[] = [];
    if (original.from !== t.from) differences.push(`from ${original.from} vs ${t.from}`);
    if (original.to !== t.to) differences.push(`to ${original.to} vs ${t.to}`);
    if (original.amountMinor !== t.amountMinor) differences.push(`amount ${original.amountMinor} vs ${t.amountMinor}`);
    if (original.kind !== t.kind) differences.push(`kind ${original.kind} vs ${t.kind}`);
    if (original.note !== t.note) differences.push('note differs');
    if (differences.length > 0) {
      throw new LedgerError(
        LedgerErrorCode.IdempotencyConflict,
        `idempotency key ${t.idempotencyKey} already used by transfer ${original.id} with different content (${differences.join(', ')})`,
      );
    }
    return { transferId: original.id, replayed: true };
  }

  /** Turns the schema's named CHECK failures into LedgerErrors; anything else passes through. */
  #explain(error: unknown, t: TransferRequest): unknown {
    if (!(error instanceof Error) || (error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_CHECK') return error;
    if (error.message.includes('wallet_not_negative')) {
      return new LedgerError(
        LedgerErrorCode.InsufficientFunds,
        `wallet account ${t.from} holds ${this.balanceOf(t.from)}, cannot pay ${t.amountMinor} (${t.idempotencyKey})`,
      );
    }
    if (error.message.includes('balance_safe_integer')) {
      return new LedgerError(
        LedgerErrorCode.BalanceOutOfRange,
        `transfer ${t.idempotencyKey} of ${t.amountMinor} would push a balance past ±${Number.MAX_SAFE_INTEGER}`,
      );
    }
    return error;
  }
}

/** Programmer errors: the network edge validates input, so these never come from a player. */
function assertWellFormed(t: TransferRequest): void {
  assert.ok(
    typeof t.idempotencyKey === 'string' && t.idempotencyKey.length > 0 && t.idempotencyKey.length <= MAX_KEY_LENGTH,
    `idempotency key must be 1..${MAX_KEY_LENGTH} characters`,
  );
  assert.ok(
    Number.isSafeInteger(t.amountMinor) && t.amountMinor > 0,
    `amountMinor must be a positive safe integer, got ${String(t.amountMinor)} (${t.idempotencyKey})`,
  );
  assert.ok(Number.isSafeInteger(t.from) && Number.isSafeInteger(t.to), `account ids must be integers (${t.idempotencyKey})`);
  assert.notEqual(t.from, t.to, `transfer from an account to itself (${t.idempotencyKey})`);
  assert.ok(typeof t.kind === 'string' && t.kind.length > 0, `transfer kind must be a non-empty string (${t.idempotencyKey})`);
  assert.equal(typeof t.note, 'string', `note must be a string (${t.idempotencyKey})`);
}
