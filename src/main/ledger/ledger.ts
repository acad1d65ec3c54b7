// The wallet ledger: double-entry, append-only, idempotent (DESIGN.md, "Fixed
// decisions"). The schema (storage/migrations/001-ledger.ts) enforces the
// invariants and storage/ledger-store.ts holds the SQL; this class adds
// idempotent replay, readable errors and reports.
//
// Transactions: every method works on its own (autocommit) and inside a
// caller's db.transaction(...). transfer() is a single INSERT, and SQLite
// undoes a failed statement completely while keeping the caller's transaction
// open, so a caught LedgerError leaves the caller's other work intact.
// A caller that wants several transfers, or "insert bet row + transfer", to
// vanish together on a rejection wraps them in its own db.transaction(...),
// which better-sqlite3 turns into a SAVEPOINT when nested.
import assert from 'node:assert/strict';
import type { Database } from '../storage/database.ts';
import { isCheckViolation, LedgerStore } from '../storage/ledger-store.ts';
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

const MAX_KEY_LENGTH = 256;
const accountKinds: readonly string[] = Object.values(AccountKind);
const singletonKinds: readonly string[] = [AccountKind.Cashier, AccountKind.House];
/** Without these the database no longer refuses edits to the journal; verify() reports it. */
const guardTriggers = ['transfers_apply', 'transfers_no_update', 'transfers_no_delete'] as const;

export class Ledger {
  readonly #now: () => number;
  readonly #store: LedgerStore;
  readonly #summary: () => LedgerSummaryResponse;
  readonly #verify: () => VerifyResult;

  /** `now` is injectable so tests can pin created_at; production uses the wall clock. */
  constructor(db: Database, now: () => number = Date.now) {
    this.#now = now;
    this.#store = new LedgerStore(db);
    // Reports read inside one transaction so every number comes from the same snapshot.
    this.#summary = this.#store.snapshot(() => this.#readSummary());
    this.#verify = this.#store.snapshot(() => this.#runVerify());
  }

  /** The id of the account (kind, ref), created with balance 0 on first use. */
  account(kind: AccountKind, ref: string): number {
    assert.ok(accountKinds.includes(kind), `unknown account kind ${String(kind)}`);
    assert.equal(typeof ref, 'string', 'account ref must be a string');
    if (singletonKinds.includes(kind)) assert.equal(ref, '', `the ${kind} account is a singleton: its ref is ''`);
    else assert.ok(ref.length > 0, `a ${kind} account needs a ref (table id or player id)`);
    // Not cached in memory: an account created inside a caller's transaction
    // that later rolls back would leave a cached id pointing at nothing.
    const found = this.#store.findAccount(kind, ref);
    if (found !== null) return found;
    this.#store.insertAccount(kind, ref, this.#now());
    const created = this.#store.findAccount(kind, ref);
    assert.ok(created !== null, `account ${kind}:${ref} missing right after insert`);
    return created;
  }

  balanceOf(accountId: number): number {
    const balance = this.#store.balance(accountId);
    assert.ok(balance !== null, `no account with id ${accountId}`);
    return balance;
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
    let transferId: number | null;
    try {
      transferId = this.#store.insertTransfer({ ...t, at: this.#now() });
    } catch (error) {
      throw this.#explain(error, t);
    }
    if (transferId !== null) return { transferId, replayed: false };
    return this.#replay(t);
  }

  /** The account's movements, newest first, signed from its own point of view. */
  walletLines(accountId: number, limit: number): LedgerLine[] {
    assert.ok(Number.isSafeInteger(limit) && limit > 0, `limit must be a positive integer, got ${limit}`);
    return this.#store.lines(accountId, limit);
  }

  summary(): LedgerSummaryResponse {
    return this.#summary();
  }

  /**
   * Recomputes every balance from the journal and checks the invariants:
   * cached balance = journal, balances sum to zero, no wallet below zero now
   * or at any point of its history, and the append-only triggers in place.
   */
  verify(): VerifyResult {
    return this.#verify();
  }

  #readSummary(): LedgerSummaryResponse {
    const accounts = this.#store.accounts().map((row) => ({ kind: row.kind, ref: row.ref, balanceMinor: row.balance }));
    const sumMinor = this.#store.sumOfBalances();
    const transferCount = this.#store.transferCount();
    return { accounts, sumMinor, transferCount };
  }

  #runVerify(): VerifyResult {
    const problems: string[] = [];
    let sum = 0;
    for (const row of this.#store.recomputed()) {
      const name = `account ${row.id} (${row.kind}:${row.ref})`;
      sum += row.balance;
      if (row.balance !== row.journal) problems.push(`${name} caches ${row.balance} but its journal sums to ${row.journal}`);
      if (row.kind === AccountKind.Wallet && row.balance < 0) problems.push(`${name} is negative: ${row.balance}`);
    }
    if (sum !== 0) problems.push(`balances sum to ${sum}, not 0`);
    for (const low of this.#store.walletLows()) {
      problems.push(`wallet account ${low.account} went to ${low.lowest} (first below zero at transfer ${low.firstTransfer})`);
    }
    const present = this.#store.triggerNames();
    for (const name of guardTriggers) if (!present.has(name)) problems.push(`trigger ${name} is missing`);
    return { ok: problems.length === 0, problems };
  }

  #replay(t: TransferRequest): TransferResult {
    const original = this.#store.transferByKey(t.idempotencyKey);
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
    if (isCheckViolation(error, 'wallet_not_negative')) {
      return new LedgerError(
        LedgerErrorCode.InsufficientFunds,
        `wallet account ${t.from} holds ${this.balanceOf(t.from)}, cannot pay ${t.amountMinor} (${t.idempotencyKey})`,
      );
    }
    if (isCheckViolation(error, 'balance_safe_integer')) {
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
