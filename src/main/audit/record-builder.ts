// Builds a round's audit record from the database: rounds, round_seeds and
// bets for what happened, the ledger journal for how the money moved
// (read-only, through storage/audit-store.ts).
//
// A round of 20,000 bets makes a record of megabytes; building it in one go
// would hold the event loop (and every table) for a second. So the record is
// drafted bet by bet in bounded steps once the round's money has moved, each
// bet canonicalized (RFC 8785) and hashed as it is built, and the draft is
// completed inside the transaction that settles or voids the round, from the
// round row only. `bets` is the record's second member in canonical key
// order (after `appVersion`), so the bets' text is a contiguous run of the
// record's canonical JSON, identical in the hashed form and in the line.
import { createHash, type Hash } from 'node:crypto';
import type { Database } from '../storage/database.ts';
import { RecordQueries, type TransferRow } from '../storage/audit-store.ts';
import { BetStatus, GENESIS_HASH, RECORD_FORMAT, RoundStatus, type BetRecord, type Pf2Record, type RoundRecord, type TransferRecord } from '../../shared/audit-record.ts';
import { withheldBettors } from '../../shared/fairness/pf2.ts';
import { beaconFixedBy } from '../../shared/fairness/pf2-beacon.ts';
import { beaconRandomness } from '../../shared/fairness/pf2-beacon-signature.ts';

import type { RawBet, RawRound } from '../storage/table-rows.ts';
import { canonicalize } from '../../shared/audit/canonical-json.ts';
import { accountName } from '../../shared/audit/record-format.ts';
import { TransferKey } from '../../shared/transfer-keys.ts';

/** A record without its bets, before it takes its place in the chain (seq, prevHash, hash). */
export type RecordHeader = Omit<RoundRecord, 'seq' | 'prevHash' | 'hash' | 'bets'>;

/**
 * A finished record: its members, its hash, and what round_records.body
 * keeps of its line in records.jsonl (canonical JSON, hash included): all of
 * it, or what follows the parts the draft wrote out (migration 006).
 */
export type BuiltRecord = { header: RecordHeader; seq: number; prevHash: string; hash: string; body: string };

/** Writes part `part` of a record's leading text, as the draft goes. */
export type SpillPart = (part: number, text: string) => void;

export class RecordBuilder {
  readonly #queries: RecordQueries;
  readonly #appVersion: string;

  constructor(db: Database, appVersion: string) {
    this.#appVersion = appVersion;
    this.#queries = new RecordQueries(db);
  }

  /**
   * Starts the record of a round whose money has all moved (settled, voided,
   * or about to be in this transaction). With `spill`, each step's text is
   * written out as a part instead of kept for the final write.
   */
  draft(roundId: number, voided: boolean, spill: SpillPart | null): RecordDraft {
    return new RecordDraft(this.#queries, this.#appVersion, roundId, voided, spill);
  }
}

/**
 * One round's record in the making. step() adds bets, then the members that
 * follow them and are fixed before the round finishes (`chainIndex`,
 * `clientSeeds`, `clientString`: a pf1 round lists every bettor's seed);
 * complete() reads the round row (settled or voided by then) and chains the
 * record with the members that are left.
 */
export class RecordDraft {
  readonly #queries: RecordQueries;
  readonly #appVersion: string;
  readonly #roundId: number;
  readonly #voided: boolean;
  /** SHA-256 over the record's canonical JSON without its hash, fed as the bets are built. */
  readonly #hash: Hash;
  /** The canonical JSON of the record up to and including its bets' closing bracket, less the parts spilled. */
  #text: string[] = [];
  readonly #spill: SpillPart | null;
  #parts = 0;
  /** Per player: the wallet balance right after each transfer since their first stake of the round. */
  readonly #balances = new Map<string, Map<number, number>>();
  #lastBetRowId = 0;
  #betCount = 0;
  /** The seeds still to write, once the bets are in; null before. */
  #seeds: { playerId: string; clientSeed: string; recordedAt: number }[] | null = null;
  #seedsWritten = 0;
  /** What the draft wrote of the round row, checked again at complete(). */
  #fixed: { chainIndex: number; clientString: string | null } | null = null;
  #done = false;

  constructor(queries: RecordQueries, appVersion: string, roundId: number, voided: boolean, spill: SpillPart | null) {
    this.#queries = queries;
    this.#spill = spill;
    this.#appVersion = appVersion;
    this.#roundId = roundId;
    this.#voided = voided;
    this.#hash = createHash('sha256');
    this.#write(`{"appVersion":${canonicalize(appVersion)},"bets":[`);
  }

  get done(): boolean {
    return this.#done;
  }

  /** Builds up to `maxBets` more bet records (or as many seeds, once the bets are in); true once all is in. */
  step(maxBets: number): boolean {
    if (this.#done) return true;
    if (this.#seeds === null) this.#stepBets(maxBets);
    else this.#stepSeeds(maxBets);
    if (this.#spill && this.#text.length > 0) {
      this.#spill(this.#parts, this.#text.join(''));
      this.#parts += 1;
      this.#text = [];
    }
    return this.#done;
  }

  #stepBets(maxBets: number): void {
    const rows = this.#queries.betsFrom(this.#roundId, this.#lastBetRowId, maxBets);
    if (rows.length > 0) this.#addBets(rows);
    if (rows.length === maxBets) return;
    const round = this.#queries.round(this.#roundId);
    if (!round) throw new Error(`audit: round ${this.#roundId} does not exist`);
    this.#fixed = { chainIndex: round.chain_index, clientString: round.client_string };
    this.#seeds = this.#queries.seeds(this.#roundId);
    this.#write(`],"chainIndex":${canonicalize(round.chain_index)},"clientSeeds":[`);
  }

  #stepSeeds(maxSeeds: number): void {
    const seeds = this.#seeds ?? [];
    const end = Math.min(seeds.length, this.#seedsWritten + maxSeeds);
    for (let index = this.#seedsWritten; index < end; index++) this.#write(`${index === 0 ? '' : ','}${canonicalize(seeds[index])}`);
    this.#seedsWritten = end;
    if (end < seeds.length) return;
    this.#write(`],"clientString":${canonicalize(this.#fixed?.clientString ?? null)}`);
    this.#done = true;
  }

  /** Finishes the record, chained after its table's last record (null: the first). Inside the finishing transaction. */
  complete(lastOf: (tableId: string) => { seq: number; hash: string } | null): BuiltRecord {
    while (!this.step(1_000));
    const header = this.#header();
    if (header.chainIndex !== this.#fixed?.chainIndex || header.clientString !== this.#fixed.clientString) {
      throw new Error(`audit: round ${this.#roundId} changed its seeds while its record was drafted`);
    }
    const previous = lastOf(header.tableId);
    const seq = (previous?.seq ?? 0) + 1;
    const prevHash = previous?.hash ?? GENESIS_HASH;
    const rest = { ...header, seq, prevHash } as Record<string, unknown>;
    delete rest.appVersion;
    delete rest.chainIndex;
    delete rest.clientSeeds;
    delete rest.clientString;
    for (const key of Object.keys(rest)) if (key <= 'clientString') throw new Error(`audit: record member ${key} would sort before clientString`);
    // The rest's canonical JSON without its opening brace continues the record after `"clientString":…`.
    this.#hash.update(`,${canonicalize(rest).slice(1)}`);
    const hash = this.#hash.digest('hex');
    const body = `${this.#text.join('')},${canonicalize({ ...rest, hash }).slice(1)}`;
    return { header, seq, prevHash, hash, body };
  }

  #write(text: string): void {
    this.#text.push(text);
    this.#hash.update(text);
  }

  #addBets(rows: readonly RawBet[]): void {
    const transfersOfBet = this.#transfersOfBets(rows);
    rows.forEach((bet, index) => {
      const balances = this.#balancesOf(bet.player_id, bet.stake_transfer_id);
      const transfers = (transfersOfBet[index] ?? []).map(
        (row): TransferRecord => {
          const touchesWallet = row.fromName.startsWith('wallet:') || row.toName.startsWith('wallet:');
          return {
            id: row.id,
            key: row.key,
            kind: row.kind,
            from: row.fromName,
            to: row.toName,
            amountMinor: row.amountMinor,
            createdAt: row.createdAt,
            walletBalanceAfterMinor: touchesWallet ? (balances.get(row.id) ?? null) : null,
          };
        },
      );
      const record = this.#betRecord(bet, transfers);
      this.#write(`${this.#betCount === 0 ? '' : ','}${canonicalize(record)}`);
      this.#betCount += 1;
      this.#lastBetRowId = bet.id;
    });
  }

  #betRecord(bet: RawBet, transfers: TransferRecord[]): BetRecord {
    const wallet = accountName('wallet', bet.player_id);
    const stake = transfers.find((transfer) => transfer.kind === 'bet' && transfer.from === wallet);
    const touching = transfers.filter((transfer) => transfer.walletBalanceAfterMinor !== null);
    const last = touching.at(-1);
    if (!stake || stake.walletBalanceAfterMinor === null || !last || last.walletBalanceAfterMinor === null) {
      throw new Error(`audit: bet ${bet.id} of round ${this.#roundId} has no stake transfer in the ledger`);
    }
    const status = bet.cancelled_at !== null ? BetStatus.Cancelled : this.#voided ? BetStatus.Refunded : BetStatus.Settled;
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
  }

  /** Every transfer of each bet, in journal order: its stake, its cancellation if any, and its settlement. */
  #transfersOfBets(bets: readonly RawBet[]): TransferRow[][] {
    const byBet = new Map<number, TransferRow[]>(bets.map((bet) => [bet.id, []]));
    const first = bets[0]?.id ?? 0;
    const last = bets.at(-1)?.id ?? 0;
    for (const { betRowId, ...row } of this.#queries.stakeTransfers(this.#roundId, first, last)) byBet.get(betRowId)?.push(row);
    for (const bet of bets) {
      const stake = TransferKey.stake(this.#roundId, bet.id);
      const cancel = bet.cancelled_at === null ? stake : TransferKey.cancel(bet.player_id, bet.bet_id);
      const keys = [stake, TransferKey.win(this.#roundId, bet.id), TransferKey.loss(this.#roundId, bet.id), TransferKey.void(this.#roundId, bet.id), cancel] as const;
      const found = this.#queries.transfersByKeys(keys);
      byBet.get(bet.id)?.push(...found);
    }
    return bets.map((bet) => (byBet.get(bet.id) ?? []).sort((left, right) => left.id - right.id));
  }

  /**
   * The wallet balance right after each transfer since the player's first
   * stake of the round, keyed by transfer id: walked back from the current
   * balance once per player. Valid at any time after the round's transfers
   * committed, since later movements are walked back too. Bets come in row
   * order, so the first of a player's bets met holds their first stake.
   */
  #balancesOf(playerId: string, firstStakeTransferId: number): Map<number, number> {
    const known = this.#balances.get(playerId);
    if (known) return known;
    const balances = new Map<number, number>();
    const wallet = this.#queries.wallet(playerId);
    if (!wallet) throw new Error(`audit: player ${playerId} has no wallet`);
    let balance = wallet.balance;
    for (const move of this.#queries.walletMovesSince(wallet.id, firstStakeTransferId)) {
      balances.set(move.id, balance);
      balance -= move.deltaMinor;
    }
    this.#balances.set(playerId, balances);
    return balances;
  }

  #header(): RecordHeader {
    const round = this.#queries.round(this.#roundId);
    if (!round) throw new Error(`audit: round ${this.#roundId} does not exist`);
    const voided = round.phase === RoundStatus.Voided;
    if ((round.phase !== RoundStatus.Settled && !voided) || voided !== this.#voided) {
      throw new Error(`audit: round ${this.#roundId} is ${round.phase}, not ${this.#voided ? 'voided' : 'settled'}`);
    }
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
      // Written by the draft already (see #stepBets); listed here for the record's type only.
      clientSeeds: this.#seeds ?? [],
      clientString: round.client_string,
      outcome: round.outcome === null ? null : (JSON.parse(round.outcome) as Record<string, unknown>),
      openedAt: round.opened_at,
      closedAt: round.closed_at,
      resultAt: round.result_at,
      // rounds.settled_at holds the void time for a voided round; the record names it for what it is.
      settledAt: voided ? null : round.settled_at,
      voidedAt: voided ? round.settled_at : null,
      openedBy: round.opened_by,
      voidedBy: round.voided_by,
      voidReason: round.void_reason,
      ...(round.fairness === 'pf2' ? { pf2: pf2Member(this.#queries, round, round.settled_at) } : {}),
    };
  }
}

function parsedOrNull(text: string | null): Record<string, unknown> | null {
  return text === null ? null : (JSON.parse(text) as Record<string, unknown>);
}

/** A pf2 round's own members (PF2.md §10), from its commitments, freeze, reveals and resumes. */
function pf2Member(queries: RecordQueries, round: RawRound, finishedAt: number | null): Pf2Record {
  const store = queries.pf2;
  const roundId = round.id;
  const announcedCloseAt = round.announced_close_at;
  const freeze = store.freezeOf(roundId);
  const commitments = store.commitments(roundId);
  const referenceOf = new Map(commitments.map((row) => [row.playerId, row.reference]));
  const reveals = store.reveals(roundId).map((reveal) => ({ reference: referenceOf.get(reveal.playerId) ?? '', secret: reveal.secret, receivedAt: reveal.receivedAt }));
  const revealed = new Set(reveals.map((reveal) => reveal.reference));
  const statements = {
    freeze: freeze ? (JSON.parse(freeze.statement) as Record<string, unknown>) : null,
    revealed: freeze?.revealedStatement ? (JSON.parse(freeze.revealedStatement) as Record<string, unknown>) : null,
    resumes: store.resumes(roundId).map((resume) => JSON.parse(resume.statement) as Record<string, unknown>),
    void: parsedOrNull(store.voidOf(roundId)),
  };
  const beacon = statements.freeze === null ? null : beaconFixedBy(statements.freeze, statements.resumes);
  const value = store.beaconOf(roundId);
  const signature = beacon !== null && value !== null && value.beaconRound === beacon.round ? value.signature : null;
  return {
    announcedCloseAt,
    commitments,
    freeze: freeze?.freeze ?? null,
    frozenAt: freeze?.frozenAt ?? null,
    revealWindowMs: freeze?.revealWindowMs ?? null,
    frozenLines: freeze?.lines ?? [],
    reveals,
    withheld: withheldBettors(freeze?.lines ?? [], revealed),
    revealClosedAt: freeze?.revealClosedAt ?? null,
    beaconRound: beacon?.round ?? null,
    beaconChain: beacon?.chain ?? null,
    beaconSignature: signature,
    beaconRandomness: signature === null ? null : beaconRandomness(signature),
    chains: queries.chainsChangedSinceLastRecord(round.table_id, finishedAt ?? round.opened_at),
    statements,
  };
}
