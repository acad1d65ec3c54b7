// Long seeded random sequences against an in-memory model of the ledger:
// credits, debits, bets, payouts, losses, batches, replays, conflicting
// replays, overdrafts and malformed requests, grouped into autocommit runs,
// committed caller transactions and caller transactions that roll back, with
// reopens of the file in between. After every step every balance is compared
// with the model. Reproduce a failure with LEDGER_SEED=<printed seed>.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { AccountKind, Ledger, LedgerError, TransferKind, type TransferRequest } from '../../src/main/ledger/ledger.ts';
import { closeDatabase, openDatabase } from '../../src/main/storage/database.ts';

const STEPS = 20_000;
const WALLETS = 50;
const TABLES = 4;
const SEED = Number(process.env.LEDGER_SEED ?? 0x5eed_2024) >>> 0;

/** xorshift32: small, deterministic, and nothing to do with Math.random. */
function createRandom(seed: number): { below: (n: number) => number; chance: (p: number) => boolean } {
  let state = seed || 0x9e3779b9;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  return {
    below: (n) => next() % n,
    chance: (p) => next() / 0x1_0000_0000 < p,
  };
}

type Stored = TransferRequest & { id: number };
type Expected =
  | { outcome: 'applied'; transferId: number }
  | { outcome: 'replayed'; transferId: number }
  | { outcome: 'idempotency_conflict' }
  | { outcome: 'insufficient_funds' };
type Frame = { balances: Map<number, number>; count: number; sideRows: number };

/** What the ledger should contain; its begin/commit/rollback mirror SQLite savepoints. */
class Model {
  balances = new Map<number, number>();
  journal: Stored[] = [];
  byKey = new Map<string, Stored>();
  wallets = new Set<number>();
  sideRows = 0;
  frames: Frame[] = [];

  begin(): void {
    this.frames.push({ balances: new Map(this.balances), count: this.journal.length, sideRows: this.sideRows });
  }

  commit(): void {
    this.frames.pop();
  }

  rollback(): void {
    const frame = this.frames.pop();
    if (!frame) throw new Error('model rollback without begin');
    for (const undone of this.journal.splice(frame.count)) this.byKey.delete(undone.idempotencyKey);
    this.balances = frame.balances;
    this.sideRows = frame.sideRows;
  }

  expect(t: TransferRequest): Expected {
    const existing = this.byKey.get(t.idempotencyKey);
    if (existing) {
      const same =
        existing.from === t.from &&
        existing.to === t.to &&
        existing.amountMinor === t.amountMinor &&
        existing.kind === t.kind &&
        existing.note === t.note;
      return same ? { outcome: 'replayed', transferId: existing.id } : { outcome: 'idempotency_conflict' };
    }
    if (this.wallets.has(t.from) && this.balance(t.from) < t.amountMinor) return { outcome: 'insufficient_funds' };
    // Ids are max + 1 and committed rows are never deleted, so they stay dense.
    return { outcome: 'applied', transferId: this.journal.length + 1 };
  }

  apply(t: TransferRequest, id: number): void {
    const stored = { ...t, id };
    this.journal.push(stored);
    this.byKey.set(t.idempotencyKey, stored);
    this.balances.set(t.from, this.balance(t.from) - t.amountMinor);
    this.balances.set(t.to, this.balance(t.to) + t.amountMinor);
  }

  balance(account: number): number {
    return this.balances.get(account) ?? 0;
  }
}

it(`random ledger operations match the model (seed ${SEED})`, { timeout: 120_000 }, () => {
  console.log(`ledger-random seed=${SEED} (reproduce with LEDGER_SEED=${SEED})`);
  const random = createRandom(SEED);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pitboss-'));
  const file = path.join(directory, 'ledger.db');
  let db: Database.Database = openDatabase(file);
  let ledger = new Ledger(db);
  db.exec('CREATE TABLE side_rows (id INTEGER PRIMARY KEY, key TEXT NOT NULL) STRICT');
  const model = new Model();

  const cashier = ledger.account(AccountKind.Cashier, '');
  const house = ledger.account(AccountKind.House, '');
  const escrows = Array.from({ length: TABLES }, (_, index) => ledger.account(AccountKind.Escrow, `table-${index}`));
  const wallets = Array.from({ length: WALLETS }, (_, index) => ledger.account(AccountKind.Wallet, `player-${index}`));
  for (const wallet of wallets) model.wallets.add(wallet);
  const everyAccount = [cashier, house, ...escrows, ...wallets];
  const notes = ['', 'chips in', 'chips out', 'red 17', 'banker'];
  const counts: Record<string, number> = {};
  let keySerial = 0;

  const pick = <T,>(items: readonly T[]): T => items[random.below(items.length)] as T;
  const tally = (name: string): void => {
    counts[name] = (counts[name] ?? 0) + 1;
  };
  // Mostly affordable amounts, sometimes more than the wallet holds.
  const amountFor = (wallet: number): number => {
    const held = model.balance(wallet);
    return random.chance(0.15) ? held + 1 + random.below(500) : 1 + random.below(Math.max(1, Math.floor(held / 3)));
  };

  function freshTransfer(): TransferRequest {
    keySerial += 1;
    const key = `k${keySerial}`;
    const note = pick(notes);
    const wallet = pick(wallets);
    const escrow = pick(escrows);
    const roll = random.below(100);
    if (roll < 12) return { idempotencyKey: key, from: cashier, to: wallet, amountMinor: 1 + random.below(50_000), kind: TransferKind.CashierCredit, note };
    if (roll < 20) return { idempotencyKey: key, from: wallet, to: cashier, amountMinor: amountFor(wallet), kind: TransferKind.CashierDebit, note };
    if (roll < 58) return { idempotencyKey: key, from: wallet, to: escrow, amountMinor: amountFor(wallet), kind: TransferKind.Bet, note };
    if (roll < 62) return { idempotencyKey: key, from: escrow, to: wallet, amountMinor: 1 + random.below(2_000), kind: TransferKind.BetCancel, note };
    if (roll < 82) return { idempotencyKey: key, from: escrow, to: wallet, amountMinor: 1 + random.below(5_000), kind: TransferKind.PayoutWin, note };
    if (roll < 95) return { idempotencyKey: key, from: escrow, to: house, amountMinor: 1 + random.below(5_000), kind: TransferKind.Loss, note };
    return { idempotencyKey: key, from: house, to: escrow, amountMinor: 1 + random.below(100_000), kind: TransferKind.HouseFloat, note };
  }

  /** An earlier request resent as is, or with one field changed (a conflict unless the key was rolled back). */
  function resend(conflicting: boolean): TransferRequest {
    const original = pick(model.journal);
    const copy: TransferRequest = {
      idempotencyKey: original.idempotencyKey,
      from: original.from,
      to: original.to,
      amountMinor: original.amountMinor,
      kind: original.kind,
      note: original.note,
    };
    if (!conflicting) return copy;
    const field = random.below(5);
    if (field === 0) copy.amountMinor += 1;
    else if (field === 1) copy.note += '!';
    else if (field === 2) copy.kind = copy.kind === TransferKind.Bet ? TransferKind.Loss : TransferKind.Bet;
    else if (field === 3) copy.to = pick(everyAccount.filter((account) => account !== copy.from && account !== copy.to));
    else copy.from = pick(everyAccount.filter((account) => account !== copy.from && account !== copy.to));
    return copy;
  }

  function nextRequest(): TransferRequest {
    const roll = random.below(100);
    if (roll < 10 && model.journal.length > 0) return resend(false);
    if (roll < 16 && model.journal.length > 0) return resend(true);
    return freshTransfer();
  }

  /** Calls the ledger and checks the result or the error against the model, then updates the model. */
  function single(t: TransferRequest): void {
    const expected = model.expect(t);
    tally(expected.outcome);
    if (expected.outcome === 'applied' || expected.outcome === 'replayed') {
      const result = ledger.transfer(t);
      expect(result).toEqual({ transferId: expected.transferId, replayed: expected.outcome === 'replayed' });
      if (expected.outcome === 'applied') model.apply(t, expected.transferId);
      return;
    }
    expectRejection(expected.outcome, () => ledger.transfer(t));
  }

  /** Several transfers in one savepoint (as a settlement chunk posts them): applied all or not at all. */
  const transferTogether = (list: readonly TransferRequest[]) => db.transaction(() => list.map((t) => ledger.transfer(t))).immediate();

  /** A batch: the model applies the list inside a frame and drops it at the first rejection. */
  function batch(list: TransferRequest[]): void {
    tally('batch');
    model.begin();
    const results: { transferId: number; replayed: boolean }[] = [];
    let failure: 'idempotency_conflict' | 'insufficient_funds' | null = null;
    for (const t of list) {
      const expected = model.expect(t);
      if (expected.outcome === 'idempotency_conflict' || expected.outcome === 'insufficient_funds') {
        failure = expected.outcome;
        break;
      }
      if (expected.outcome === 'applied') model.apply(t, expected.transferId);
      results.push({ transferId: expected.transferId, replayed: expected.outcome === 'replayed' });
    }
    if (failure) {
      model.rollback();
      tally(`batch_${failure}`);
      expectRejection(failure, () => transferTogether(list));
      return;
    }
    model.commit();
    expect(transferTogether(list)).toEqual(results);
  }

  /** A bet row and its transfer in one nested savepoint, as the round engine places bets. */
  const insertSide = (key: string): void => {
    db.prepare('INSERT INTO side_rows (key) VALUES (?)').run(key);
  };
  function withSideRow(t: TransferRequest): void {
    tally('with_side_row');
    const expected = model.expect(t);
    const place = db.transaction(() => {
      insertSide(t.idempotencyKey);
      return ledger.transfer(t);
    });
    if (expected.outcome === 'idempotency_conflict' || expected.outcome === 'insufficient_funds') {
      expectRejection(expected.outcome, () => place());
      return;
    }
    expect(place()).toEqual({ transferId: expected.transferId, replayed: expected.outcome === 'replayed' });
    model.sideRows += 1;
    if (expected.outcome === 'applied') model.apply(t, expected.transferId);
  }

  function malformed(): void {
    tally('malformed');
    const base = freshTransfer();
    const broken = pick<TransferRequest>([
      { ...base, amountMinor: 0 },
      { ...base, amountMinor: -1 - random.below(100) },
      { ...base, amountMinor: 0.5 + random.below(100) },
      { ...base, amountMinor: Number.MAX_SAFE_INTEGER + 2 },
      { ...base, to: base.from },
    ]);
    let thrown: unknown;
    try {
      ledger.transfer(broken);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(LedgerError);
  }

  function step(): void {
    const roll = random.below(100);
    if (roll < 5) return batch(Array.from({ length: 2 + random.below(5) }, nextRequest));
    if (roll < 6) return malformed();
    if (roll < 14 && db.inTransaction) return withSideRow(nextRequest());
    return single(nextRequest());
  }

  function checkBalances(): void {
    for (const account of everyAccount) {
      const actual = ledger.balanceOf(account);
      if (actual !== model.balance(account)) {
        throw new Error(`seed ${SEED}: account ${account} holds ${actual}, model says ${model.balance(account)}`);
      }
    }
  }

  function checkTotals(): void {
    const summary = ledger.summary();
    expect(summary.sumMinor).toBe(0);
    expect(summary.transferCount).toBe(model.journal.length);
    const sideRows = db.prepare('SELECT count(*) AS count FROM side_rows').get() as { count: number };
    expect(sideRows.count).toBe(model.sideRows);
    const wallet = pick(wallets);
    const lines = model.journal
      .filter((t) => t.from === wallet || t.to === wallet)
      .slice(-20)
      .reverse()
      .map((t) => ({ transferId: t.id, kind: t.kind, amountMinor: t.amountMinor, deltaMinor: t.from === wallet ? -t.amountMinor : t.amountMinor, note: t.note }));
    expect(ledger.walletLines(wallet, 20).map(({ createdAt: _createdAt, ...line }) => line)).toEqual(lines);
  }

  const started = performance.now();
  let done = 0;
  try {
    while (done < STEPS) {
      const size = 1 + random.below(150);
      const mode = random.below(100);
      if (mode < 4) {
        // Autocommit: every step is its own durable transaction (fsync each), so keep these runs short.
        tally('chunk_autocommit');
        for (let index = 0; index < Math.min(size, 15) && done < STEPS; index += 1, done += 1) {
          step();
          checkBalances();
        }
      } else {
        const rollsBack = mode < 20;
        tally(rollsBack ? 'chunk_rolled_back' : 'chunk_committed');
        model.begin();
        const chunk = db.transaction(() => {
          for (let index = 0; index < size && done < STEPS; index += 1, done += 1) {
            step();
            checkBalances();
          }
          if (rollsBack) throw new Error('caller abandons the chunk');
        });
        try {
          chunk.immediate();
          model.commit();
        } catch (error) {
          if (!rollsBack) throw error;
          expect((error as Error).message).toBe('caller abandons the chunk');
          model.rollback();
        }
        expect(db.inTransaction).toBe(false);
        checkBalances();
      }
      checkTotals();
      if (random.chance(0.01)) {
        tally('reopen');
        closeDatabase(db);
        db = openDatabase(file);
        ledger = new Ledger(db);
        checkBalances();
      }
    }

    expect(model.frames).toEqual([]);
    checkTotals();
    expect(ledger.verify()).toEqual({ ok: true, problems: [] });
    const elapsed = Math.round(performance.now() - started);
    console.log(`ledger-random: ${STEPS} steps, ${model.journal.length} committed transfers, ${elapsed} ms`, counts);
    // Every kind of event really happened, so the run is not vacuous.
    for (const name of ['applied', 'replayed', 'idempotency_conflict', 'insufficient_funds', 'batch', 'batch_insufficient_funds', 'with_side_row', 'malformed', 'chunk_rolled_back', 'chunk_autocommit', 'reopen']) {
      expect(counts[name], name).toBeGreaterThan(0);
    }
  } finally {
    closeDatabase(db);
    fs.rmSync(directory, { recursive: true, force: true });
  }
});

function expectRejection(code: string, fn: () => unknown): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(LedgerError);
  expect((thrown as LedgerError).code).toBe(code);
}
