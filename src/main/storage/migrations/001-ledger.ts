import type { Migration } from '../migration.ts';

// The ledger is double-entry and append-only (DESIGN.md, "Fixed decisions").
// Everything that must hold no matter which code touches the file is enforced
// here, by SQLite itself, not by the TypeScript on top:
// - STRICT tables, so a float or a string can never land in a money column;
// - a wallet balance can never go below zero (named CHECK, the ledger maps it
//   to 'insufficient_funds');
// - balances stay inside the JavaScript safe-integer range, so reading one
//   into a number is always exact;
// - journal rows can be inserted, never updated or deleted;
// - the cached balance moves in the same statement as the journal insert
//   (AFTER INSERT trigger), so it cannot drift from the journal, and a
//   failed check aborts the insert as well.
export const ledgerMigration: Migration = {
  version: 1,
  name: 'ledger',
  up: /* sql */ `
    CREATE TABLE accounts (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('cashier', 'house', 'escrow', 'wallet')),
      -- '' for the singletons (cashier, house); the table id or player id otherwise.
      ref TEXT NOT NULL,
      balance INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      UNIQUE (kind, ref),
      CONSTRAINT account_ref_shape CHECK ((kind IN ('cashier', 'house')) = (ref = '')),
      CONSTRAINT wallet_not_negative CHECK (kind <> 'wallet' OR balance >= 0),
      CONSTRAINT balance_safe_integer CHECK (balance BETWEEN -9007199254740991 AND 9007199254740991)
    ) STRICT;

    CREATE TABLE transfers (
      id INTEGER PRIMARY KEY,
      idempotency_key TEXT NOT NULL UNIQUE CHECK (length(idempotency_key) > 0),
      from_account INTEGER NOT NULL REFERENCES accounts (id),
      to_account INTEGER NOT NULL REFERENCES accounts (id),
      amount_minor INTEGER NOT NULL CHECK (amount_minor > 0 AND amount_minor <= 9007199254740991),
      kind TEXT NOT NULL CHECK (length(kind) > 0),
      note TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      CHECK (from_account <> to_account)
    ) STRICT;

    -- Per-account history, newest first: the trailing id makes ORDER BY id DESC an index walk.
    CREATE INDEX transfers_by_from ON transfers (from_account, id);
    CREATE INDEX transfers_by_to ON transfers (to_account, id);

    CREATE TRIGGER transfers_apply AFTER INSERT ON transfers
    BEGIN
      UPDATE accounts SET balance = balance - NEW.amount_minor WHERE id = NEW.from_account;
      UPDATE accounts SET balance = balance + NEW.amount_minor WHERE id = NEW.to_account;
    END;

    CREATE TRIGGER transfers_no_update BEFORE UPDATE ON transfers
    BEGIN
      SELECT RAISE(ABORT, 'transfers are append-only: UPDATE refused');
    END;

    -- Also fires for INSERT OR REPLACE, because openDatabase turns recursive_triggers on.
    CREATE TRIGGER transfers_no_delete BEFORE DELETE ON transfers
    BEGIN
      SELECT RAISE(ABORT, 'transfers are append-only: DELETE refused');
    END;

    -- An account id is referenced by the journal forever: it keeps its identity.
    CREATE TRIGGER accounts_no_delete BEFORE DELETE ON accounts
    BEGIN
      SELECT RAISE(ABORT, 'accounts are permanent: DELETE refused');
    END;

    CREATE TRIGGER accounts_identity_fixed BEFORE UPDATE OF id, kind, ref ON accounts
    BEGIN
      SELECT RAISE(ABORT, 'account id, kind and ref never change');
    END;
  `,
};
