// Builds a round's audit record from the database, inside the transaction
// that settles or voids the round: rounds, round_seeds and bets for what
// happened, the ledger journal for how the money moved. Read-only.
import type Database from 'better-sqlite3';
import { BetStatus, RECORD_FORMAT, RoundStatus, type BetRecord, type RoundRecord, type TransferRecord } from '../../shared/audit-record.ts';
import type { RawBet, RawRound } from '../tables/table-store.ts';
import { accountName } from './record-format.ts';

/** A record before it takes its place in the chain (seq, prevHash, hash). */
export type UnchainedRecord = Omit<RoundRecord, 'seq' | 'prevHash' | 'hash'>;

type TransferRow = {
  id: number;
  key: string;
  kind: string;
  amountMinor: number;
  createdAt: number;
  fromAccount: number;
  toAccount: number;
  fromName: string;
  toName: string;
};

type WalletMove = { id: number; deltaMinor: number };

export class RecordBuilder {
  readonly #round;
  readonly #seeds;
  readonly #bets;
  readonly #stakeTransfers;
  readonly #transfersInKeyRange;
  readonly #transferByKey;
  readonly #wallet;
  readonly #walletMovesSince;
  readonly #appVersion: string;

  constructor(db: Database.Database, appVersion: string) {
    this.#appVersion = appVersion;
    this.#round = db.prepare<[number], RawRound>('SELECT * FROM rounds WHERE id = ?');
    this.#seeds = db.prepare<[number], { playerId: string; clientSeed: string; recordedAt: number }>(
      `SELECT player_id AS playerId, client_seed AS clientSeed, recorded_at AS recordedAt
       FROM round_seeds WHERE round_id = ? ORDER BY recorded_at, rowid`,
    );
    this.#bets = db.prepare<[number], RawBet>('SELECT * FROM bets WHERE round_id = ? ORDER BY id');
    const transferColumns = `t.id, t.idempotency_key AS key, t.kind, t.amount_minor AS amountMinor, t.created_at AS createdAt,
              t.from_account AS fromAccount, t.to_account AS toAccount,
              CASE f.ref WHEN '' THEN f.kind ELSE f.kind || ':' || f.ref END AS fromName,
              CASE o.ref WHEN '' THEN o.kind ELSE o.kind || ':' || o.ref END AS toName
       FROM transfers t JOIN accounts f ON f.id = t.from_account JOIN accounts o ON o.id = t.to_account`;
    // A round with 20,000 bets must not cost 20,000 queries inside the settling
    // transaction: the stakes come by the bets' own transfer ids, and the
    // settlement transfers by key prefix (a range scan of the unique key index).
    this.#stakeTransfers = db.prepare<[number], TransferRow & { betRowId: number }>(
      `SELECT b.id AS betRowId, ${transferColumns} JOIN bets b ON b.stake_transfer_id = t.id WHERE b.round_id = ?`,
    );
    this.#transfersInKeyRange = db.prepare<[string, string], TransferRow>(
      `SELECT ${transferColumns} WHERE t.idempotency_key >= ? AND t.idempotency_key < ?`,
    );
    this.#transferByKey = db.prepare<[string], TransferRow>(`SELECT ${transferColumns} WHERE t.idempotency_key = ?`);
    this.#wallet = db.prepare<[string], { id: number; balance: number }>(`SELECT id, balance FROM accounts WHERE kind = 'wallet' AND ref = ?`);
    // Two index walks (transfers_by_to / transfers_by_from) over the wallet's recent journal only.
    this.#walletMovesSince = db.prepare<{ account: number; since: number }, WalletMove>(
      `SELECT id, amount_minor AS deltaMinor FROM transfers WHERE to_account = @account AND id >= @since
       UNION ALL
       SELECT id, -amount_minor FROM transfers WHERE from_account = @account AND id >= @since
       ORDER BY id DESC`,
    );
  }

  build(roundId: number): UnchainedRecord {
    const round = this.#round.get(roundId);
    if (!round) throw new Error(`audit: round ${roundId} does not exist`);
    if (round.phase !== RoundStatus.Settled && round.phase !== RoundStatus.Voided) {
      throw new Error(`audit: round ${roundId} is ${round.phase}, not finished`);
    }
    const voided = round.phase === RoundStatus.Voided;
    const betRows = this.#bets.all(roundId);
    const transfersOfBet = this.#transfersOfBets(round.id, betRows);
    const balances = this.#walletBalances(betRows, transfersOfBet);

    const bets = betRows.map((bet, index): BetRecord => {
      const transfers = (transfersOfBet[index] ?? []).map(
        (row): TransferRecord => ({
          id: row.id,
          key: row.key,
          kind: row.kind,
          from: row.fromName,
          to: row.toName,
          amountMinor: row.amountMinor,
          createdAt: row.createdAt,
          walletBalanceAfterMinor: balances.get(row.id) ?? null,
        }),
      );
      const wallet = accountName('wallet', bet.player_id);
      const stake = transfers.find((transfer) => transfer.kind === 'bet' && transfer.from === wallet);
      const touching = transfers.filter((transfer) => transfer.walletBalanceAfterMinor !== null);
      const last = touching.at(-1);
      if (!stake || stake.walletBalanceAfterMinor === null || !last || last.walletBalanceAfterMinor === null) {
        throw new Error(`audit: bet ${bet.id} of round ${roundId} has no stake transfer in the ledger`);
      }
      const status = bet.cancelled_at !== null ? BetStatus.Cancelled : voided ? BetStatus.Refunded : BetStatus.Settled;
      return {
        betRowId: bet.id,
        betId: bet.bet_id,
        playerId: bet.player_id,
        spot: bet.spot,
        amountMinor: bet.amount_minor,
        status,
        payoutMinor: status === BetStatus.Settled ? bet.payout_minor : null,
        placedAt: bet.placed_at,
        cancelledAt: bet.cancelled_at,
        balanceBeforeMinor: stake.walletBalanceAfterMinor + stake.amountMinor,
        balanceAfterMinor: last.walletBalanceAfterMinor,
        transfers,
      };
    });

    return {
      format: RECORD_FORMAT,
      appVersion: this.#appVersion,
      tableId: round.table_id,
      round: round.number,
      roundRowId: round.id,
      game: round.game,
      rulesVersion: round.rules_version,
      status: voided ? RoundStatus.Voided : RoundStatus.Settled,
      commitment: round.commitment,
      chainIndex: round.chain_index,
      serverSeed: round.server_seed,
      clientSeeds: this.#seeds.all(roundId),
      clientString: round.client_string,
      outcome: round.outcome === null ? null : (JSON.parse(round.outcome) as Record<string, unknown>),
      bets,
      openedAt: round.opened_at,
      closedAt: round.closed_at,
      resultAt: round.result_at,
      // rounds.settled_at holds the void time for a voided round; the record names it for what it is.
      settledAt: voided ? null : round.settled_at,
      voidedAt: voided ? round.settled_at : null,
      openedBy: round.opened_by,
      voidedBy: round.voided_by,
      voidReason: round.void_reason,
    };
  }

  /** Every transfer of each bet, in journal order: its stake, its cancellation if any, and its settlement. */
  #transfersOfBets(roundId: number, bets: readonly RawBet[]): TransferRow[][] {
    const byBet = new Map<number, TransferRow[]>(bets.map((bet) => [bet.id, []]));
    const add = (betRowId: number, row: TransferRow) => {
      const list = byBet.get(betRowId);
      if (!list) throw new Error(`audit: transfer ${row.key} names bet ${betRowId}, which is not in round ${roundId}`);
      list.push(row);
    };
    for (const { betRowId, ...row } of this.#stakeTransfers.iterate(roundId)) add(betRowId, row);
    for (const bet of bets) {
      if (bet.cancelled_at === null) continue;
      const cancel = this.#transferByKey.get(`cancel:${bet.player_id}:${bet.bet_id}`);
      if (cancel) add(bet.id, cancel);
    }
    for (const prefix of settlementPrefixes) {
      // ';' sorts right after ':', so this range is exactly the keys that start with `${prefix}:${roundId}:`.
      for (const row of this.#transfersInKeyRange.iterate(`${prefix}:${roundId}:`, `${prefix}:${roundId};`)) {
        add(Number(row.key.slice(prefix.length + String(roundId).length + 2)), row);
      }
    }
    return bets.map((bet) => (byBet.get(bet.id) ?? []).sort((left, right) => left.id - right.id));
  }

  /**
   * The wallet balance right after each of the round's transfers that touched
   * a player's wallet, keyed by transfer id. Walks each wallet's journal back
   * from its current balance: this runs in the settling transaction, so the
   * current balance is the one right after the round's last transfer, and
   * only the transfers since the player's first stake of the round are read.
   */
  #walletBalances(bets: readonly RawBet[], transfersOfBet: readonly TransferRow[][]): Map<number, number> {
    const firstTransferOfPlayer = new Map<string, number>();
    bets.forEach((bet, index) => {
      for (const transfer of transfersOfBet[index] ?? []) {
        const known = firstTransferOfPlayer.get(bet.player_id);
        if (known === undefined || transfer.id < known) firstTransferOfPlayer.set(bet.player_id, transfer.id);
      }
    });
    const balances = new Map<number, number>();
    for (const [playerId, since] of firstTransferOfPlayer) {
      const wallet = this.#wallet.get(playerId);
      if (!wallet) throw new Error(`audit: player ${playerId} has no wallet`);
      let balance = wallet.balance;
      for (const move of this.#walletMovesSince.iterate({ account: wallet.id, since })) {
        balances.set(move.id, balance);
        balance -= move.deltaMinor;
      }
    }
    // Keep only this round's transfers: the walk also passed other movements (e.g. a cashier credit).
    const own = new Map<number, number>();
    for (const rows of transfersOfBet) {
      for (const row of rows) {
        const balance = balances.get(row.id);
        const touchesWallet = row.fromName.startsWith('wallet:') || row.toName.startsWith('wallet:');
        if (touchesWallet && balance !== undefined) own.set(row.id, balance);
      }
    }
    return own;
  }
}

/** The settlement key prefixes the round engine uses, each followed by `<roundId>:<betRowId>` (src/main/tables/table.ts). */
const settlementPrefixes = ['stake', 'win', 'loss', 'void'] as const;
