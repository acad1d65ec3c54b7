// Every ledger transfer's idempotency key, in one place: the server builds
// them when it moves money, and the verifier rebuilds them to check an
// export (docs/audit-format.md). A key names what the money moved for, so a
// retried or resumed movement (a reconnect's retry, a settlement finished
// after a crash) is recognized and never booked twice.
export const TransferKey = {
  /** A bet's stake, wallet → escrow. Player bet ids are unique per player. */
  bet: (playerId: string, betId: string) => `bet:${playerId}:${betId}`,
  /** A bet taken back while betting is open, escrow → wallet. */
  cancel: (playerId: string, betId: string) => `cancel:${playerId}:${betId}`,
  /** A settled bet's stake returned, escrow → wallet. */
  stake: (roundRowId: number, betRowId: number) => `stake:${roundRowId}:${betRowId}`,
  /** A settled bet's stake lost, escrow → house. */
  loss: (roundRowId: number, betRowId: number) => `loss:${roundRowId}:${betRowId}`,
  /** A settled bet's winnings, house → wallet. */
  win: (roundRowId: number, betRowId: number) => `win:${roundRowId}:${betRowId}`,
  /** A voided round's live bet refunded, escrow → wallet. */
  void: (roundRowId: number, betRowId: number) => `void:${roundRowId}:${betRowId}`,
  /** Welcome chips when a player joins, cashier → wallet. */
  join: (playerId: string) => `join:${playerId}`,
  /** A cashier credit or debit, keyed by the request's own idempotency key. */
  cashier: (requestKey: string) => `cashier:${requestKey}`,
  /** A table's house float at creation, cashier → house. */
  houseFloat: (tableId: string) => `float:${tableId}`,
} as const;

