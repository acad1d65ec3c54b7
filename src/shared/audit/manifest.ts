// manifest.json of an export: what the export holds (counts, totals, the
// ends of its piece of hash chain) and the SHA-256 of each data file. The
// signature in manifest.sig covers the manifest's exact bytes, so it vouches,
// through the file hashes, for every byte of the export.
import {
  BetStatus,
  RoundStatus,
  type Counts,
  type EXPORT_FORMAT,
  type ExportFile,
  type RECORD_FORMAT,
  type RoundRecord,
  type Totals,
} from '../audit-record.ts';

export type FileEntry = { name: ExportFile; bytes: number; sha256: string };

export type Manifest = {
  format: typeof EXPORT_FORMAT;
  recordFormat: typeof RECORD_FORMAT;
  appVersion: string;
  createdAt: number;
  tableId: string;
  /** What was asked for, in ms since the epoch: records that finished in [from, to). */
  range: { from: number; to: number };
  firstSeq: number | null;
  lastSeq: number | null;
  firstRound: number | null;
  lastRound: number | null;
  /** The prevHash of the first exported record: GENESIS_HASH when the export starts at the table's first record. */
  startPrevHash: string | null;
  firstHash: string | null;
  lastHash: string | null;
  counts: Counts;
  totals: Totals;
  files: FileEntry[];
  signing: { algorithm: 'Ed25519'; publicKey: string; fingerprint: string };
};

/** Adds up counts and totals one record at a time, so neither side ever holds the export in memory. */
export class Tally {
  readonly counts: Counts = {
    records: 0,
    settledRounds: 0,
    voidedRounds: 0,
    bets: 0,
    settledBets: 0,
    cancelledBets: 0,
    refundedBets: 0,
    transfers: 0,
  };
  readonly totals: Totals = { stakeMinor: 0, payoutMinor: 0, houseWinMinor: 0, refundedMinor: 0, cancelledMinor: 0 };
  firstSeq: number | null = null;
  lastSeq: number | null = null;
  firstRound: number | null = null;
  lastRound: number | null = null;
  startPrevHash: string | null = null;
  firstHash: string | null = null;
  lastHash: string | null = null;

  add(record: RoundRecord): void {
    if (this.counts.records === 0) {
      this.firstSeq = record.seq;
      this.firstRound = record.round;
      this.startPrevHash = record.prevHash;
      this.firstHash = record.hash;
    }
    this.lastSeq = record.seq;
    this.lastRound = record.round;
    this.lastHash = record.hash;
    const { counts, totals } = this;
    counts.records += 1;
    if (record.status === RoundStatus.Settled) counts.settledRounds += 1;
    else counts.voidedRounds += 1;
    for (const bet of record.bets) {
      counts.bets += 1;
      counts.transfers += bet.transfers.length;
      if (bet.status === BetStatus.Settled) {
        counts.settledBets += 1;
        totals.stakeMinor = safeAdd(totals.stakeMinor, bet.amountMinor);
        totals.payoutMinor = safeAdd(totals.payoutMinor, bet.payoutMinor ?? 0);
      } else if (bet.status === BetStatus.Cancelled) {
        counts.cancelledBets += 1;
        totals.cancelledMinor = safeAdd(totals.cancelledMinor, bet.amountMinor);
      } else {
        counts.refundedBets += 1;
        totals.refundedMinor = safeAdd(totals.refundedMinor, bet.amountMinor);
      }
    }
    totals.houseWinMinor = totals.stakeMinor - totals.payoutMinor;
  }
}

/** Totals beyond 2^53 would be silently rounded: refuse instead. */
function safeAdd(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new RangeError(`total ${a} + ${b} is beyond the safe integer range`);
  return sum;
}
