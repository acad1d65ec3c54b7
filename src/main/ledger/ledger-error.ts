// Rejections the ledger makes on purpose, about money, which callers are
// expected to handle and report. Programmer errors (a float amount, a
// transfer from an account to itself) are plain assertion errors instead:
// the edge validates input, so reaching the ledger with one is a bug.
export const LedgerErrorCode = {
  /** The wallet would go below zero. Nothing moved. */
  InsufficientFunds: 'insufficient_funds',
  /** The idempotency key was already used for a different transfer. Nothing moved. */
  IdempotencyConflict: 'idempotency_conflict',
  /** A balance would leave the safe-integer range. Nothing moved. */
  BalanceOutOfRange: 'balance_out_of_range',
} as const;
export type LedgerErrorCode = (typeof LedgerErrorCode)[keyof typeof LedgerErrorCode];

export class LedgerError extends Error {
  readonly code: LedgerErrorCode;

  constructor(code: LedgerErrorCode, message: string) {
    super(message);
    this.name = 'LedgerError';
    this.code = code;
  }
}
