// The money the server moves outside rounds, in one place: welcome chips when
// a player joins, the cashier's credits and debits, a table's house float.
// Each goes through the ledger with its key from src/shared/transfer-keys.ts,
// and a ledger rejection becomes a protocol error code in one mapping.
import { ErrorCode } from '../../shared/protocol.ts';
import { TransferKey } from '../../shared/transfer-keys.ts';
import { AccountKind, LedgerError, TransferKind, type Ledger } from './ledger.ts';
import type { LedgerErrorCode } from './ledger-error.ts';

/** A ledger rejection, as the protocol names it. */
export class MoneyError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

const codeOfLedgerError: Record<LedgerErrorCode, ErrorCode> = {
  insufficient_funds: ErrorCode.InsufficientFunds,
  idempotency_conflict: ErrorCode.IdempotencyConflict,
  balance_out_of_range: ErrorCode.AmountOutOfRange,
};

/** The protocol's code for a ledger rejection. */
export function protocolCodeOf(error: LedgerError): ErrorCode {
  return codeOfLedgerError[error.code];
}

export class Money {
  readonly #ledger: Ledger;

  constructor(ledger: Ledger) {
    this.#ledger = ledger;
  }

  /** Welcome chips, inside the join's transaction. */
  joinCredit(playerId: string, amountMinor: number, tableName: string): void {
    this.#ledger.transfer({
      idempotencyKey: TransferKey.join(playerId),
      from: this.#ledger.account(AccountKind.Cashier, ''),
      to: this.#ledger.account(AccountKind.Wallet, playerId),
      amountMinor,
      kind: TransferKind.JoinCredit,
      note: `welcome chips at ${tableName}`,
    });
  }

  /** Chips in or out at the cashier; returns the wallet's balance after. Throws MoneyError on a rejection. */
  cashier(request: { playerId: string; direction: 'credit' | 'debit'; amountMinor: number; note: string; requestKey: string }): number {
    const ledger = this.#ledger;
    const wallet = ledger.account(AccountKind.Wallet, request.playerId);
    const cashierAccount = ledger.account(AccountKind.Cashier, '');
    const credit = request.direction === 'credit';
    try {
      ledger.transfer({
        idempotencyKey: TransferKey.cashier(request.requestKey),
        from: credit ? cashierAccount : wallet,
        to: credit ? wallet : cashierAccount,
        amountMinor: request.amountMinor,
        kind: credit ? TransferKind.CashierCredit : TransferKind.CashierDebit,
        note: request.note,
      });
    } catch (error) {
      if (error instanceof LedgerError) throw new MoneyError(protocolCodeOf(error), error.message);
      throw error;
    }
    return ledger.balanceOf(wallet);
  }

  /** A new table's house float, inside the table's creating transaction. */
  houseFloat(tableId: string, houseAccountId: number, amountMinor: number, tableName: string): void {
    this.#ledger.transfer({
      idempotencyKey: TransferKey.houseFloat(tableId),
      from: this.#ledger.account(AccountKind.Cashier, ''),
      to: houseAccountId,
      amountMinor,
      kind: TransferKind.HouseFloat,
      note: `house float for ${tableName}`,
    });
  }
}
