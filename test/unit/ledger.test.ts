// The ledger's invariants, each checked against a real SQLite file, and where
// the database itself is the guard, checked with raw SQL that bypasses Ledger.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountKind, Ledger, LedgerError, TransferKind, type TransferRequest } from '../../src/main/ledger/ledger.ts';
import { closeDatabase, openDatabase } from '../../src/main/storage/database.ts';
import { latestSchemaVersion, migrations } from '../../src/main/storage/migrations/index.ts';

let directory = '';
let file = '';
let db: Database.Database;
let ledger: Ledger;
let cashier = 0;
let house = 0;
let escrow = 0;
let alice = 0;
let bob = 0;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pitboss-'));
  file = path.join(directory, 'pitboss.db');
  db = openDatabase(file);
  ledger = new Ledger(db);
  cashier = ledger.account(AccountKind.Cashier, '');
  house = ledger.account(AccountKind.House, '');
  escrow = ledger.account(AccountKind.Escrow, 'table-1');
  alice = ledger.account(AccountKind.Wallet, 'alice');
  bob = ledger.account(AccountKind.Wallet, 'bob');
});

afterEach(() => {
  closeDatabase(db);
  fs.rmSync(directory, { recursive: true, force: true });
});

function reopen(): void {
  closeDatabase(db);
  db = openDatabase(file);
  ledger = new Ledger(db);
}

function credit(key: string, to: number, amountMinor: number): TransferRequest {
  return { idempotencyKey: key, from: cashier, to, amountMinor, kind: TransferKind.CashierCredit, note: 'chips in' };
}

function bet(key: string, from: number, amountMinor: number): TransferRequest {
  return { idempotencyKey: key, from, to: escrow, amountMinor, kind: TransferKind.Bet, note: '' };
}

function balances(): number[] {
  return [cashier, house, escrow, alice, bob].map((id) => ledger.balanceOf(id));
}

function transferCount(): number {
  return ledger.summary().transferCount;
}

/** Several transfers in one caller transaction (a savepoint when nested), as a settlement chunk posts them. */
function transferTogether(list: readonly TransferRequest[]) {
  return db.transaction(() => list.map((t) => ledger.transfer(t))).immediate();
}

/** Runs fn, expects a LedgerError with that code, and returns it. */
function expectLedgerError(code: string, fn: () => unknown): LedgerError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as LedgerError).code).toBe(code);
    return error as LedgerError;
  }
  throw new Error(`expected LedgerError ${code}, nothing was thrown`);
}

describe('storage', () => {
  it('sets the durability pragmas', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('numbers migrations 1, 2, 3, ... and records the latest in user_version', () => {
    expect(migrations.map((migration) => migration.version)).toEqual(migrations.map((_, index) => index + 1));
    expect(latestSchemaVersion).toBe(migrations.length);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
  });

  it('runs migrations once: reopening changes neither the schema nor the data', () => {
    ledger.transfer(credit('c1', alice, 500));
    const schema = db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all();
    reopen();
    reopen();
    expect(db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all()).toEqual(schema);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(ledger.balanceOf(alice)).toBe(500);
  });

  it('refuses a database from the future and leaves it untouched', () => {
    closeDatabase(db);
    const raw = openRaw(file);
    raw.pragma(`user_version = ${latestSchemaVersion + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/schema version \d+.*only knows up to \d+.*refusing/);
    const check = openRaw(file);
    expect(check.pragma('user_version', { simple: true })).toBe(latestSchemaVersion + 1);
    check.close();
    db = openRaw(file); // afterEach closes whatever db is
  });

  it('leaves no WAL behind after a clean close', () => {
    for (let index = 0; index < 200; index += 1) ledger.transfer(credit(`c${index}`, alice, 1));
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
    closeDatabase(db);
    const wal = `${file}-wal`;
    expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);
    db = openDatabase(file);
  });
});

describe('accounts', () => {
  it('get-or-create returns the same id for the same kind and ref', () => {
    expect(ledger.account(AccountKind.Wallet, 'alice')).toBe(alice);
    expect(ledger.account(AccountKind.Cashier, '')).toBe(cashier);
    expect(ledger.account(AccountKind.Escrow, 'alice')).not.toBe(alice);
    expect(ledger.balanceOf(ledger.account(AccountKind.Wallet, 'carol'))).toBe(0);
  });

  it('rejects malformed accounts as programmer errors', () => {
    expect(() => ledger.account(AccountKind.Cashier, 'x')).toThrow(/singleton/);
    expect(() => ledger.account(AccountKind.Wallet, '')).toThrow(/needs a ref/);
    expect(() => ledger.account('bank' as AccountKind, 'x')).toThrow(/unknown account kind/);
    expect(() => ledger.balanceOf(9999)).toThrow(/no account/);
  });

  it('the database refuses to delete an account or change its identity', () => {
    expect(() => db.prepare('DELETE FROM accounts WHERE id = ?').run(bob)).toThrow(/permanent/);
    expect(() => db.prepare("UPDATE accounts SET ref = 'mallory' WHERE id = ?").run(bob)).toThrow(/never change/);
    expect(() => db.prepare("UPDATE accounts SET kind = 'house' WHERE id = ?").run(bob)).toThrow(/never change/);
  });
});

describe('double entry', () => {
  it('moves exactly the amount between the two accounts and keeps the sum at zero', () => {
    ledger.transfer(credit('c1', alice, 10_000));
    ledger.transfer(credit('c2', bob, 2_500));
    ledger.transfer(bet('b1', alice, 1_000));
    ledger.transfer({ idempotencyKey: 'p1', from: escrow, to: bob, amountMinor: 3_000, kind: TransferKind.PayoutWin, note: '' });
    ledger.transfer({ idempotencyKey: 'h1', from: house, to: escrow, amountMinor: 2_000, kind: TransferKind.HouseFloat, note: '' });
    expect(balances()).toEqual([-12_500, -2_000, 0, 9_000, 5_500]);
    const summary = ledger.summary();
    expect(summary.sumMinor).toBe(0);
    expect(summary.transferCount).toBe(5);
    expect(summary.accounts).toEqual([
      { kind: 'cashier', ref: '', balanceMinor: -12_500 },
      { kind: 'house', ref: '', balanceMinor: -2_000 },
      { kind: 'escrow', ref: 'table-1', balanceMinor: 0 },
      { kind: 'wallet', ref: 'alice', balanceMinor: 9_000 },
      { kind: 'wallet', ref: 'bob', balanceMinor: 5_500 },
    ]);
    expect(ledger.verify()).toEqual({ ok: true, problems: [] });
  });

  it('lists a wallet newest first with deltas signed from its own side', () => {
    let clock = 1_000;
    ledger = new Ledger(db, () => (clock += 1));
    const first = ledger.transfer(credit('c1', alice, 10_000)).transferId;
    ledger.transfer(credit('c2', bob, 99)); // someone else's: not in alice's lines
    const second = ledger.transfer(bet('b1', alice, 700)).transferId;
    const third = ledger.transfer({ idempotencyKey: 'p1', from: escrow, to: alice, amountMinor: 1_400, kind: 'payout_win', note: 'red' })
      .transferId;
    expect(ledger.walletLines(alice, 10)).toEqual([
      { transferId: third, kind: 'payout_win', amountMinor: 1_400, deltaMinor: 1_400, note: 'red', createdAt: 1_004 },
      { transferId: second, kind: 'bet', amountMinor: 700, deltaMinor: -700, note: '', createdAt: 1_003 },
      { transferId: first, kind: 'cashier_credit', amountMinor: 10_000, deltaMinor: 10_000, note: 'chips in', createdAt: 1_001 },
    ]);
    expect(ledger.walletLines(alice, 2).map((line) => line.transferId)).toEqual([third, second]);
    expect(ledger.walletLines(ledger.account(AccountKind.Wallet, 'nobody'), 5)).toEqual([]);
    expect(() => ledger.walletLines(alice, 0)).toThrow(/limit/);
  });
});

describe('a wallet never goes below zero', () => {
  it('an overdraft through the ledger is refused, moves nothing and does not burn the key', () => {
    ledger.transfer(credit('c1', alice, 1_000));
    const before = balances();
    const error = expectLedgerError('insufficient_funds', () => ledger.transfer(bet('b1', alice, 1_001)));
    expect(error.message).toMatch(/holds 1000.*1001/);
    expect(balances()).toEqual(before);
    expect(transferCount()).toBe(1);
    // The rejected key was never recorded, so the same request succeeds once funded.
    ledger.transfer(credit('c2', alice, 1));
    expect(ledger.transfer(bet('b1', alice, 1_001)).replayed).toBe(false);
    expect(ledger.balanceOf(alice)).toBe(0);
    expectLedgerError('insufficient_funds', () => ledger.transfer(bet('b2', alice, 1)));
  });

  it('the database CHECK refuses a raw UPDATE that would make a wallet negative', () => {
    ledger.transfer(credit('c1', alice, 50));
    expect(() => db.prepare('UPDATE accounts SET balance = -1 WHERE id = ?').run(alice)).toThrow(/wallet_not_negative/);
    expect(ledger.balanceOf(alice)).toBe(50);
  });

  it('the database refuses a raw journal insert that overdraws a wallet, and its balance update with it', () => {
    const insert = db.prepare(
      `INSERT INTO transfers (idempotency_key, from_account, to_account, amount_minor, kind, note, created_at)
       VALUES (?, ?, ?, ?, 'bet', '', 0)`,
    );
    expect(() => insert.run('raw1', bob, escrow, 1)).toThrow(/wallet_not_negative/);
    expect(transferCount()).toBe(0);
    expect(ledger.balanceOf(escrow)).toBe(0);
  });

  it('the database refuses non-integer and non-positive money', () => {
    expect(() => db.prepare('UPDATE accounts SET balance = 1.5 WHERE id = ?').run(house)).toThrow(/datatype|INTEGER/i);
    const insert = db.prepare(
      `INSERT INTO transfers (idempotency_key, from_account, to_account, amount_minor, kind, note, created_at)
       VALUES (?, ?, ?, ?, 'x', '', 0)`,
    );
    expect(() => insert.run('raw1', cashier, alice, 0)).toThrow(/CHECK/);
    expect(() => insert.run('raw2', cashier, alice, 2.5)).toThrow(/datatype|INTEGER/i);
    expect(() => insert.run('raw3', cashier, cashier, 5)).toThrow(/CHECK/);
    expect(() => insert.run('raw4', cashier, 4242, 5)).toThrow(/FOREIGN KEY/);
  });

  it('refuses a balance outside the safe-integer range as a LedgerError', () => {
    ledger.transfer(credit('c1', alice, Number.MAX_SAFE_INTEGER));
    expectLedgerError('balance_out_of_range', () => ledger.transfer(credit('c2', bob, 1)));
    expect(ledger.balanceOf(bob)).toBe(0);
    expect(ledger.balanceOf(cashier)).toBe(-Number.MAX_SAFE_INTEGER);
  });
});

describe('the journal is append-only', () => {
  beforeEach(() => {
    ledger.transfer(credit('c1', alice, 1_000));
  });

  it('the database refuses UPDATE of any journal column', () => {
    for (const sql of [
      'UPDATE transfers SET amount_minor = 1',
      "UPDATE transfers SET note = 'edited'",
      'UPDATE transfers SET to_account = to_account',
    ]) {
      expect(() => db.exec(sql)).toThrow(/append-only: UPDATE refused/);
    }
  });

  it('the database refuses DELETE, also disguised as INSERT OR REPLACE', () => {
    expect(() => db.exec('DELETE FROM transfers')).toThrow(/append-only: DELETE refused/);
    expect(() =>
      db.exec(
        `INSERT OR REPLACE INTO transfers (idempotency_key, from_account, to_account, amount_minor, kind, note, created_at)
         VALUES ('c1', ${cashier}, ${bob}, 1, 'x', '', 0)`,
      ),
    ).toThrow(/append-only: DELETE refused/);
    const rows = db.prepare('SELECT idempotency_key AS key, to_account AS "to", amount_minor AS amount FROM transfers').all();
    expect(rows).toEqual([{ key: 'c1', to: alice, amount: 1_000 }]);
    expect(ledger.verify().ok).toBe(true);
  });
});

describe('idempotency', () => {
  it('a replay with identical content returns the original transfer and moves nothing', () => {
    const original = ledger.transfer(credit('c1', alice, 1_000));
    expect(original.replayed).toBe(false);
    const before = balances();
    expect(ledger.transfer(credit('c1', alice, 1_000))).toEqual({ transferId: original.transferId, replayed: true });
    expect(ledger.transfer(credit('c1', alice, 1_000))).toEqual({ transferId: original.transferId, replayed: true });
    expect(balances()).toEqual(before);
    expect(transferCount()).toBe(1);
  });

  it('a replay succeeds even when the transfer could no longer be made', () => {
    ledger.transfer(credit('c1', alice, 1_000));
    const placed = ledger.transfer(bet('b1', alice, 1_000));
    expect(ledger.transfer(bet('b1', alice, 1_000))).toEqual({ transferId: placed.transferId, replayed: true });
  });

  it('the same key with any different field is a conflict and changes nothing', () => {
    const original = credit('c1', alice, 1_000);
    ledger.transfer(original);
    const before = balances();
    const variants: TransferRequest[] = [
      { ...original, from: house },
      { ...original, to: bob },
      { ...original, amountMinor: 1_001 },
      { ...original, kind: TransferKind.JoinCredit },
      { ...original, note: 'chips in!' },
    ];
    for (const variant of variants) {
      const error = expectLedgerError('idempotency_conflict', () => ledger.transfer(variant));
      expect(error.message).toContain('c1');
    }
    expect(balances()).toEqual(before);
    expect(transferCount()).toBe(1);
  });

  it('invalid input is a programmer error (assertion), not a LedgerError, and changes nothing', () => {
    ledger.transfer(credit('c1', alice, 1_000));
    const before = balances();
    const invalid: TransferRequest[] = [
      credit('x1', alice, 0),
      credit('x2', alice, -5),
      credit('x3', alice, 1.5),
      credit('x4', alice, Number.NaN),
      credit('x5', alice, Number.POSITIVE_INFINITY),
      credit('x6', alice, Number.MAX_SAFE_INTEGER + 1),
      { ...credit('x7', alice, 1), to: cashier },
      credit('', alice, 1),
      { ...credit('x8', alice, 1), kind: '' },
    ];
    for (const request of invalid) {
      let thrown: unknown;
      try {
        ledger.transfer(request);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, JSON.stringify(request)).toBeInstanceOf(Error);
      expect(thrown).not.toBeInstanceOf(LedgerError);
      expect((thrown as Error).name).toBe('AssertionError');
    }
    expect(balances()).toEqual(before);
    expect(transferCount()).toBe(1);
  });
});

describe('several transfers in one caller transaction', () => {
  beforeEach(() => {
    ledger.transfer(credit('c1', alice, 1_000));
    ledger.transfer(credit('c2', bob, 1_000));
  });

  it('applies a whole settlement', () => {
    const results = transferTogether([
      bet('b1', alice, 400),
      bet('b2', bob, 600),
      { idempotencyKey: 's1', from: escrow, to: alice, amountMinor: 800, kind: TransferKind.PayoutWin, note: '' },
      { idempotencyKey: 's2', from: escrow, to: house, amountMinor: 200, kind: TransferKind.Loss, note: '' },
    ]);
    expect(results.map((result) => result.replayed)).toEqual([false, false, false, false]);
    expect(balances()).toEqual([-2_000, 200, 0, 1_400, 400]);
    // Replaying the whole settlement (a crash after commit, then a retry) moves nothing.
    const again = transferTogether([
      bet('b1', alice, 400),
      bet('b2', bob, 600),
      { idempotencyKey: 's1', from: escrow, to: alice, amountMinor: 800, kind: TransferKind.PayoutWin, note: '' },
      { idempotencyKey: 's2', from: escrow, to: house, amountMinor: 200, kind: TransferKind.Loss, note: '' },
    ]);
    expect(again).toEqual(results.map((result) => ({ ...result, replayed: true })));
    expect(balances()).toEqual([-2_000, 200, 0, 1_400, 400]);
  });

  it('is all or nothing: one overdraft rolls back the transfers before it', () => {
    const before = balances();
    expectLedgerError('insufficient_funds', () =>
      transferTogether([bet('b1', alice, 400), bet('b2', bob, 600), bet('b3', alice, 601)]),
    );
    expect(balances()).toEqual(before);
    expect(transferCount()).toBe(2);
    // None of the keys was consumed.
    expect(transferTogether([bet('b1', alice, 400), bet('b2', bob, 600)]).every((result) => !result.replayed)).toBe(true);
  });

  it('is all or nothing: a conflict or an assertion rolls back too', () => {
    const before = balances();
    expectLedgerError('idempotency_conflict', () => transferTogether([bet('b1', alice, 400), credit('c1', alice, 999)]));
    expect(() => transferTogether([bet('b1', alice, 400), bet('b2', bob, 0)])).toThrow(/amountMinor/);
    expect(balances()).toEqual(before);
    expect(transferCount()).toBe(2);
  });
});

describe('inside a caller transaction (group commit)', () => {
  beforeEach(() => {
    db.exec('CREATE TABLE test_bets (id INTEGER PRIMARY KEY, key TEXT NOT NULL, amount INTEGER NOT NULL) STRICT');
    ledger.transfer(credit('c1', alice, 1_000));
    ledger.transfer(credit('c2', bob, 100));
  });

  function betRows(): string[] {
    return db
      .prepare('SELECT key FROM test_bets ORDER BY id')
      .all()
      .map((row) => (row as { key: string }).key);
  }

  it('a rejected bet rolls back only its own row and transfer; the batch commits the rest', () => {
    const insertBet = db.prepare('INSERT INTO test_bets (key, amount) VALUES (?, ?)');
    // What the round engine does: one savepoint per bet (row + transfer), many bets per commit.
    const placeOne = db.transaction((key: string, from: number, amount: number) => {
      insertBet.run(key, amount);
      ledger.transfer(bet(key, from, amount));
    });
    const rejected: string[] = [];
    const placeBatch = db.transaction((bets: [string, number, number][]) => {
      for (const [key, from, amount] of bets) {
        try {
          placeOne(key, from, amount);
        } catch (error) {
          if (!(error instanceof LedgerError)) throw error;
          rejected.push(`${key}:${error.code}`);
        }
      }
    });
    placeBatch([
      ['b1', alice, 300],
      ['b2', bob, 150], // bob holds 100
      ['b3', alice, 200],
      ['b1', alice, 999], // same key, different content
      ['b4', bob, 100],
    ]);
    expect(db.inTransaction).toBe(false);
    expect(rejected).toEqual(['b2:insufficient_funds', 'b1:idempotency_conflict']);
    expect(betRows()).toEqual(['b1', 'b3', 'b4']);
    expect(balances()).toEqual([-1_100, 0, 600, 500, 0]);
    expect(ledger.verify().ok).toBe(true);
  });

  it('a LedgerError caught inside the caller transaction keeps the caller\'s earlier work', () => {
    const outer = db.transaction(() => {
      db.prepare("INSERT INTO test_bets (key, amount) VALUES ('kept', 1)").run();
      ledger.transfer(bet('b1', alice, 100));
      expectLedgerError('insufficient_funds', () => ledger.transfer(bet('b2', bob, 101)));
      expectLedgerError('insufficient_funds', () => transferTogether([bet('b3', alice, 10), bet('b4', bob, 500)]));
      ledger.transfer(bet('b5', bob, 100));
    });
    outer();
    expect(betRows()).toEqual(['kept']);
    expect(balances()).toEqual([-1_100, 0, 200, 900, 0]);
    expect(transferCount()).toBe(4);
  });

  it('when the caller rolls back, every transfer and account inside it is gone', () => {
    const before = balances();
    const outer = db.transaction(() => {
      const carol = ledger.account(AccountKind.Wallet, 'carol');
      ledger.transfer(credit('c3', carol, 5));
      transferTogether([bet('b1', alice, 10), bet('b2', bob, 10)]);
      throw new Error('caller gives up');
    });
    expect(() => outer()).toThrow('caller gives up');
    expect(balances()).toEqual(before);
    expect(transferCount()).toBe(2);
    expect(ledger.summary().accounts.map((account) => account.ref)).not.toContain('carol');
    // The key and the account can be used afresh.
    const carol = ledger.account(AccountKind.Wallet, 'carol');
    expect(ledger.transfer(credit('c3', carol, 5)).replayed).toBe(false);
    expect(ledger.verify().ok).toBe(true);
  });

  it('reads inside a caller transaction see its uncommitted transfers', () => {
    db.transaction(() => {
      ledger.transfer(bet('b1', alice, 250));
      expect(ledger.balanceOf(alice)).toBe(750);
      expect(ledger.summary().transferCount).toBe(3);
      expect(ledger.verify().ok).toBe(true);
      expect(ledger.walletLines(alice, 1)[0]?.deltaMinor).toBe(-250);
    })();
  });
});

describe('durability and audit', () => {
  it('balances and the journal persist across a reopen', () => {
    ledger.transfer(credit('c1', alice, 1_000));
    transferTogether([bet('b1', alice, 300), { idempotencyKey: 'p1', from: escrow, to: alice, amountMinor: 600, kind: 'payout_win', note: '' }]);
    const before = ledger.summary();
    const lines = ledger.walletLines(alice, 10);
    reopen();
    expect(ledger.summary()).toEqual(before);
    expect(ledger.walletLines(alice, 10)).toEqual(lines);
    expect(ledger.account(AccountKind.Wallet, 'alice')).toBe(alice);
    expect(ledger.transfer(credit('c1', alice, 1_000)).replayed).toBe(true);
    expect(ledger.verify().ok).toBe(true);
  });

  it('verify() reports a tampered cached balance and a broken zero sum', () => {
    ledger.transfer(credit('c1', alice, 1_000));
    db.prepare('UPDATE accounts SET balance = balance + 7 WHERE id = ?').run(house);
    const result = ledger.verify();
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      `account ${house} (house:) caches 7 but its journal sums to 0`,
      'balances sum to 7, not 0',
    ]);
  });

  it('verify() reports a missing guard trigger and a wallet that went negative in the journal', () => {
    ledger.transfer(credit('c1', alice, 100));
    ledger.transfer(bet('b1', alice, 100));
    // Someone with the file removes the guard and forges a journal row.
    db.exec('DROP TRIGGER transfers_apply');
    db.prepare(
      `INSERT INTO transfers (idempotency_key, from_account, to_account, amount_minor, kind, note, created_at)
       VALUES ('forged', ?, ?, 40, 'bet', '', 0)`,
    ).run(alice, escrow);
    const result = ledger.verify();
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      `account ${escrow} (escrow:table-1) caches 100 but its journal sums to 140`,
      `account ${alice} (wallet:alice) caches 0 but its journal sums to -40`,
      `wallet account ${alice} went to -40 (first below zero at transfer 3)`,
      'trigger transfers_apply is missing',
    ]);
  });
});

/** A connection without openDatabase's pragmas and migrations, to forge what a future build would leave. */
function openRaw(target: string): Database.Database {
  return new Database(target);
}
