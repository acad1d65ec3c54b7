// How a finished round's money moves, as pure functions from a bet and its
// result to ledger transfers. The idempotency keys name the round and the
// bet row, so settling again (after a crash mid-way) moves nothing twice;
// the audit record builder and the verifier read the same keys
// (docs/audit-format.md).
import { TransferKey } from '../../shared/transfer-keys.ts';
import { Limits, type PlayerPayout } from '../../shared/protocol.ts';
import { TransferKind, type TransferRequest } from '../ledger/ledger.ts';

export type PostedBet = { rowId: number; spot: string; amountMinor: number; walletAccountId: number };
export type RoundAccounts = { escrowAccountId: number; houseAccountId: number };

/** A settled bet: the stake back to the wallet as far as it is paid, the rest to the house, any win from the house. */
export function settlementPostings(
  round: { id: number; number: number },
  bet: PostedBet,
  payoutMinor: number,
  accounts: RoundAccounts,
): TransferRequest[] {
  if (!Number.isSafeInteger(payoutMinor) || payoutMinor < 0) throw new Error(`payout ${payoutMinor} for ${bet.spot} is not money`);
  const note = `round ${round.number} ${bet.spot}`;
  const stakeBack = Math.min(payoutMinor, bet.amountMinor);
  const postings: TransferRequest[] = [];
  if (stakeBack > 0) {
    postings.push({
      idempotencyKey: TransferKey.stake(round.id, bet.rowId),
      from: accounts.escrowAccountId,
      to: bet.walletAccountId,
      amountMinor: stakeBack,
      kind: TransferKind.PayoutStake,
      note,
    });
  }
  if (bet.amountMinor > stakeBack) {
    postings.push({
      idempotencyKey: TransferKey.loss(round.id, bet.rowId),
      from: accounts.escrowAccountId,
      to: accounts.houseAccountId,
      amountMinor: bet.amountMinor - stakeBack,
      kind: TransferKind.Loss,
      note,
    });
  }
  if (payoutMinor > bet.amountMinor) {
    postings.push({
      idempotencyKey: TransferKey.win(round.id, bet.rowId),
      from: accounts.houseAccountId,
      to: bet.walletAccountId,
      amountMinor: payoutMinor - bet.amountMinor,
      kind: TransferKind.PayoutWin,
      note,
    });
  }
  return postings;
}

/** A voided round's live bet: its whole stake back. */
export function voidPostings(round: { id: number; number: number }, bet: PostedBet, accounts: RoundAccounts): TransferRequest[] {
  return [
    {
      idempotencyKey: TransferKey.void(round.id, bet.rowId),
      from: accounts.escrowAccountId,
      to: bet.walletAccountId,
      amountMinor: bet.amountMinor,
      kind: TransferKind.VoidRefund,
      note: `round ${round.number} voided`,
    },
  ];
}

export type SettlementSummary = {
  stakeMinor: number;
  payoutMinor: number;
  /** Each bettor's stake and return, with the wallet to read their balance from. */
  perPlayer: (PlayerPayout & { walletAccountId: number })[];
  /** The biggest returns, at most Limits.maxPayoutsPerEvent, for the table's event. */
  topPayouts: PlayerPayout[];
};

/** What a settled round paid, per player and in all. */
export function settlementSummary(
  bets: readonly (PostedBet & { playerId: string; playerName: string })[],
  payouts: readonly number[],
  nameOf: (playerId: string) => string,
): SettlementSummary {
  const perPlayer = new Map<string, PlayerPayout & { walletAccountId: number }>();
  let stakeMinor = 0;
  let payoutMinor = 0;
  bets.forEach((bet, index) => {
    const payout = payouts[index] ?? 0;
    const entry = perPlayer.get(bet.playerId) ?? {
      playerId: bet.playerId,
      playerName: bet.playerName || nameOf(bet.playerId),
      stakeMinor: 0,
      payoutMinor: 0,
      walletAccountId: bet.walletAccountId,
    };
    entry.stakeMinor += bet.amountMinor;
    entry.payoutMinor += payout;
    perPlayer.set(bet.playerId, entry);
    stakeMinor += bet.amountMinor;
    payoutMinor += payout;
  });
  const topPayouts = [...perPlayer.values()]
    .filter((payout) => payout.payoutMinor > 0)
    .sort((left, right) => right.payoutMinor - left.payoutMinor)
    .slice(0, Limits.maxPayoutsPerEvent)
    .map(({ playerId, playerName, stakeMinor: stake, payoutMinor: paid }) => ({ playerId, playerName, stakeMinor: stake, payoutMinor: paid }));
  return { stakeMinor, payoutMinor, perPlayer: [...perPlayer.values()], topPayouts };
}
