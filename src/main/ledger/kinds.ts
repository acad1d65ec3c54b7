// The vocabulary of the ledger. Account kinds are fixed by the schema's CHECK;
// transfer kinds are labels for reports and audits, so new ones can be added
// without a migration.

export const AccountKind = {
  /** Chips in and out of the building: the one account allowed to go negative without bound. */
  Cashier: 'cashier',
  /** The house's own money: floats, wins and losses. */
  House: 'house',
  /** One per table (ref = tableId): holds stakes while a round is open. */
  Escrow: 'escrow',
  /** One per player (ref = playerId): never below zero. */
  Wallet: 'wallet',
} as const;
export type AccountKind = (typeof AccountKind)[keyof typeof AccountKind];

export const TransferKind = {
  CashierCredit: 'cashier_credit',
  CashierDebit: 'cashier_debit',
  JoinCredit: 'join_credit',
  HouseFloat: 'house_float',
  Bet: 'bet',
  BetCancel: 'bet_cancel',
  PayoutStake: 'payout_stake',
  PayoutWin: 'payout_win',
  Loss: 'loss',
  VoidRefund: 'void_refund',
} as const;
export type TransferKind = (typeof TransferKind)[keyof typeof TransferKind];
