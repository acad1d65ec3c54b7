// The transfer keys are part of the audit format (docs/audit-format.md): the
// server books money under them and the verifier rebuilds them. Pinned here,
// so a change to one is a change to the format, made on purpose.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/shared/protocol.ts';
import { TransferKey } from '../../src/shared/transfer-keys.ts';
import { AccountKind, Ledger } from '../../src/main/ledger/ledger.ts';
import { Money, MoneyError } from '../../src/main/ledger/money.ts';
import { migrations } from '../../src/main/storage/migrations/index.ts';

describe('transfer keys', () => {
  it('are exactly the documented keys', () => {
    expect(TransferKey.bet('ply_a', 'b1')).toBe('bet:ply_a:b1');
    expect(TransferKey.cancel('ply_a', 'b1')).toBe('cancel:ply_a:b1');
    expect(TransferKey.stake(12, 34)).toBe('stake:12:34');
    expect(TransferKey.loss(12, 34)).toBe('loss:12:34');
    expect(TransferKey.win(12, 34)).toBe('win:12:34');
    expect(TransferKey.void(12, 34)).toBe('void:12:34');
    expect(TransferKey.join('ply_a')).toBe('join:ply_a');
    expect(TransferKey.cashier('req-1')).toBe('cashier:req-1');
    expect(TransferKey.houseFloat('tbl_x')).toBe('float:tbl_x');
  });
});

describe('Money', () => {
  function money() {
    const db = new Database(':memory:');
    for (const migration of migrations) db.exec(migration.up);
    const ledger = new Ledger(db, () => 1_000);
    return { ledger, money: new Money(ledger) };
  }

  it('credits and debits at the cashier under the request key, once', () => {
    const { ledger, money: cashier } = money();
    expect(cashier.cashier({ playerId: 'ply_a', direction: 'credit', amountMinor: 500, note: 'in', requestKey: 'r1' })).toBe(500);
    // The same request again moves nothing.
    expect(cashier.cashier({ playerId: 'ply_a', direction: 'credit', amountMinor: 500, note: 'in', requestKey: 'r1' })).toBe(500);
    expect(cashier.cashier({ playerId: 'ply_a', direction: 'debit', amountMinor: 200, note: 'out', requestKey: 'r2' })).toBe(300);
    expect(ledger.balanceOf(ledger.account(AccountKind.Wallet, 'ply_a'))).toBe(300);
  });

  it('names every ledger rejection with its own protocol code', () => {
    const { money: cashier } = money();
    const refusal = (request: Parameters<Money['cashier']>[0]) => {
      try {
        cashier.cashier(request);
      } catch (error) {
        return error instanceof MoneyError ? error.code : 'not a MoneyError';
      }
      return 'accepted';
    };
    expect(refusal({ playerId: 'ply_b', direction: 'debit', amountMinor: 1, note: '', requestKey: 'd1' })).toBe(ErrorCode.InsufficientFunds);
    expect(refusal({ playerId: 'ply_b', direction: 'credit', amountMinor: 10, note: '', requestKey: 'c1' })).toBe('accepted');
    expect(refusal({ playerId: 'ply_b', direction: 'credit', amountMinor: 11, note: '', requestKey: 'c1' })).toBe(ErrorCode.IdempotencyConflict);
    expect(refusal({ playerId: 'ply_b', direction: 'credit', amountMinor: Number.MAX_SAFE_INTEGER, note: '', requestKey: 'c2' })).toBe(ErrorCode.AmountOutOfRange);
  });
});
