// Verifies an export folder without trusting the server that wrote it: the
// signature, the hash chain, every seed against its chain, every outcome
// recomputed under pf1, every payout against the paytable, every round's
// ledger movements, the totals. Streams both data files in one pass each
// (records.jsonl and the three CSV files in lockstep), so memory stays flat however
// many rounds the export holds. Depends on src/shared and node builtins only:
// the CLI, the server route and the tests all run this same code.
import { join } from 'node:path';
import { Check, type CheckResult, type Failure, type Finding, type VerifyReport } from '../../shared/audit-api.ts';
import { ExportFile, RoundStatus, type RoundRecord } from '../../shared/audit-record.ts';
import { canonicalize } from '../../shared/audit/canonical-json.ts';
import { ChainFollower, TransferOrder } from './chain-checks.ts';
import { compareCsvRow, CsvParser, csvTables, headerOf, headerProblem, rowsOf, type CsvTable, type ParsedRow } from '../../shared/audit/csv.ts';
import { compareWithManifest, loadManifest, type FileFinding } from './manifest-checks.ts';
import { nodeSha256Hex } from './node-sha256.ts';
import { Tally, type FileEntry } from '../../shared/audit/manifest.ts';
import { checkBets, checkFairness, SeedChains } from './record-checks.ts';
import { Pf2Tally, type Receipt } from './pf2-receipts.ts';
import { hexToBytes } from '../../shared/fairness/pf1.ts';
import { recordShape } from '../../shared/audit/record-schema.ts';
import { checkShape } from '../../shared/audit/shape.ts';
import { HashingTextReader, LineSplitter } from './text-reader.ts';
import { beaconChainsWith } from '../../shared/fairness/verify-beacon.ts';
import type { BeaconChain } from '../../shared/fairness/beacon-chain.ts';

/** Far above any real record (a full table of players at their bet limits), far below a memory problem. */
const MAX_LINE_CHARS = 64 * 1024 * 1024;
const YIELD_EVERY_RECORDS = 200;
const DEFAULT_FAILURES_KEPT = 100;

/** A finding in a CSV file itself (its row, counting the header as 1) rather than at the record's line. */
type LocatedFinding = Finding & { file?: ExportFile; line?: number };

export type VerifyProgress = { records: number; total: number | null };

export type VerifyOptions = {
  dir: string;
  /** The key fingerprint the auditor got from the operator out of band (the console shows it). */
  expectFingerprint?: string;
  onProgress?: (progress: VerifyProgress) => void;
  signal?: AbortSignal;
  maxFailuresKept?: number;
  /** pf2 receipts players hold (PF2.md §7), from `receiptsIn`: each must match the record it names. */
  receipts?: readonly Receipt[];
  /** Beacon chains besides quicknet whose signatures the records may carry (drand info, parsed with chainFromInfo). */
  beaconChains?: readonly BeaconChain[];
};

/** A CSV file as rows on demand, so it can be read in step with records.jsonl. */
class CsvRows {
  readonly table: CsvTable;
  readonly reader: HashingTextReader;
  readonly seqColumn: number;
  readonly roundColumn: number;
  readonly #chunks: AsyncIterator<string>;
  readonly #parser: CsvParser;
  #buffer: ParsedRow[] = [];
  #position = 0;
  #done = false;
  /** The row next() returned last, counting the header as row 1. */
  row = 0;

  constructor(dir: string, table: CsvTable) {
    this.table = table;
    this.#parser = new CsvParser(MAX_LINE_CHARS, table.file);
    this.reader = new HashingTextReader(join(dir, table.file));
    const header = headerOf(table);
    this.seqColumn = header.indexOf('seq');
    this.roundColumn = header.indexOf('round');
    this.#chunks = this.reader.chunks()[Symbol.asyncIterator]();
  }

  async peek(): Promise<ParsedRow | null> {
    while (this.#position >= this.#buffer.length) {
      if (this.#done) return null;
      const next = await this.#chunks.next();
      this.#buffer = next.done ? this.#parser.endRows() : this.#parser.pushRows(next.value);
      this.#position = 0;
      if (next.done) this.#done = true;
    }
    return this.#buffer[this.#position] ?? null;
  }

  async next(): Promise<ParsedRow | null> {
    const row = await this.peek();
    if (row) {
      this.#position += 1;
      this.row += 1;
    }
    return row;
  }

  /** Reads to the end (for the file hash) and counts the rows left over. */
  async drain(): Promise<number> {
    let left = 0;
    while (await this.next()) left += 1;
    return left;
  }
}

class Verification {
  readonly failures: Failure[] = [];
  failureCount = 0;
  readonly failedChecks = new Set<Check>();
  readonly tally = new Tally();
  readonly stats = { seedsChecked: 0, outcomesChecked: 0, betsChecked: 0, transfersChecked: 0 };
  readonly #kept: number;

  constructor(kept: number) {
    this.#kept = kept;
  }

  add(failure: Failure): void {
    this.failureCount += 1;
    this.failedChecks.add(failure.check);
    if (this.failures.length < this.#kept) this.failures.push(failure);
  }

  addFileFindings(findings: readonly FileFinding[]): void {
    for (const finding of findings) this.add({ ...finding, line: null, tableId: null, round: null });
  }
}

export async function verifyExport(options: VerifyOptions): Promise<VerifyReport> {
  const started = performance.now();
  const run = new Verification(options.maxFailuresKept ?? DEFAULT_FAILURES_KEPT);
  const loaded = loadManifest(options.dir, options.expectFingerprint);
  run.addFileFindings(loaded.findings);
  const manifest = loaded.manifest;
  const total = manifest?.counts.records ?? null;
  options.onProgress?.({ records: 0, total });

  const chain = new ChainFollower(manifest, nodeSha256Hex);
  const seeds = new SeedChains();
  const transferOrder = new TransferOrder();
  // The key that signed the manifest signs pf2 statements too (PF2.md §7).
  const statementKey = manifest && /^[0-9a-f]{64}$/.test(manifest.signing.publicKey) ? hexToBytes(manifest.signing.publicKey) : null;
  const beaconChains = beaconChainsWith(options.beaconChains);
  const pf2 = new Pf2Tally(manifest?.tableId ?? null, options.receipts ?? [], statementKey);
  const jsonl = new HashingTextReader(join(options.dir, ExportFile.Records));
  const csvFiles = csvTables.map((table) => new CsvRows(options.dir, table));
  const lines = new LineSplitter(MAX_LINE_CHARS);
  let lineNumber = 0;
  let lastFinishedAt: number | null = null;
  /** CSV rows that belong to no record here: reported after the record being checked, which is the likelier culprit. */
  let strayRows: Failure[] = [];
  let firstFinishedAt: number | null = null;

  const checkLine = async (line: string): Promise<void> => {
    lineNumber += 1;
    const at = (finding: LocatedFinding, record: Partial<RoundRecord> | null): void => {
      const expected = chain.expectedRound();
      const round = typeof record?.round === 'number' && (expected === null || record.round === expected) ? record.round : expected;
      const { file = ExportFile.Records, line = lineNumber, ...rest } = finding;
      run.add({ ...rest, file, line, tableId: manifest?.tableId ?? record?.tableId ?? null, round });
    };
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      at({ check: Check.Format, field: '(line)', message: `not JSON: ${(error as Error).message}` }, null);
      return;
    }
    const shape = checkShape(parsed, recordShape);
    if (shape) {
      const partial = typeof parsed === 'object' && parsed !== null ? (parsed as Partial<RoundRecord>) : null;
      at({ check: Check.Format, field: shape.path || '(line)', message: shape.message }, partial);
      for (const csv of csvFiles) await skipCsvRowsOf(csv, partial);
      flushStrayRows();
      if (linkable(partial)) chain.advance(partial);
      return;
    }
    const record = parsed as RoundRecord;
    const findings: LocatedFinding[] = [];
    const canonical = canonicalize(record) === line;
    if (!canonical) findings.push({ check: Check.Format, field: '(line)', message: 'not in canonical form (RFC 8785)' });
    findings.push(...chain.links(record));
    for (const csv of csvFiles) findings.push(...(await compareCsv(csv, record)));
    findings.push(...chain.hash(record, canonical ? line : null), ...chain.seedIndex(record), ...transferOrder.check(record));
    try {
      findings.push(...checkFairness(record, seeds, statementKey, beaconChains), ...checkBets(record), ...pf2.add(record));
    } catch (error) {
      // A record hostile enough to break a game's rules code fails, and the verification goes on.
      findings.push({ check: Check.Outcomes, field: '(line)', message: `cannot be recomputed: ${(error as Error).message}` });
    }
    for (const finding of findings) at(finding, record);
    flushStrayRows();
    chain.advance(record);
    try {
      run.tally.add(record);
    } catch (error) {
      at({ check: Check.Totals, field: 'bets', message: (error as Error).message }, record);
    }
    if (record.status === RoundStatus.Settled) {
      run.stats.seedsChecked += 1;
      run.stats.outcomesChecked += 1;
    }
    run.stats.betsChecked += record.bets.length;
    for (const bet of record.bets) run.stats.transfersChecked += bet.transfers.length;
    const finishedAt = record.settledAt ?? record.voidedAt;
    firstFinishedAt ??= finishedAt;
    lastFinishedAt = finishedAt;
  };

  const flushStrayRows = (): void => {
    for (const failure of strayRows) run.add(failure);
    strayRows = [];
  };

  /**
   * Brings a CSV file to this record's rows. A row is taken as another
   * record's only when both its seq and its round say so, so one changed
   * cell is compared (and named), while a record missing from either file is
   * reported once instead of misaligning every row after it.
   */
  const alignCsv = async (csv: CsvRows, record: { seq: number; round: number }): Promise<Finding | null> => {
    const file = csv.table.file;
    for (;;) {
      const row = await csv.peek();
      if (!row) return { check: Check.Csv, field: '(row)', message: `${file} ends before this record` };
      const seq = Number(row.cells[csv.seqColumn]);
      const round = Number(row.cells[csv.roundColumn]);
      if (seq > record.seq && round > record.round) return { check: Check.Csv, field: '(row)', message: `${file} has no rows for this record here` };
      if (!(seq < record.seq && round < record.round)) return null;
      await csv.next();
      strayRows.push({ file, check: Check.Csv, field: '(row)', message: `row ${csv.row} (seq ${seq}) has no record at this point of records.jsonl`, line: csv.row, tableId: row.cells[0] ?? null, round });
    }
  };

  const compareCsv = async (csv: CsvRows, record: RoundRecord): Promise<LocatedFinding[]> => {
    const expected = rowsOf(csv.table, record);
    if (expected.length === 0) return [];
    const misaligned = await alignCsv(csv, record);
    if (misaligned) return [misaligned];
    const file = csv.table.file;
    for (const [index, want] of expected.entries()) {
      const found = await csv.next();
      if (!found) return [{ check: Check.Csv, field: '(row)', message: `${file} ends inside this record` }];
      const difference = compareCsvRow(csv.table, want, found);
      if (difference) {
        const row = csv.row;
        // Consume the record's remaining rows so the next record starts aligned.
        for (let rest = index + 1; rest < expected.length; rest++) await csv.next();
        const wholeRow = difference.column === '(row)';
        const place = wholeRow ? `${file} row ${row}` : `${file} row ${row}, column ${difference.column}`;
        if (difference.problem !== null) {
          // The file breaks the writing rules of §11 (quotes, the ' mark, CRLF): located in the CSV file itself.
          const message = wholeRow
            ? `${place} ${difference.problem}`
            : `${place}: ${JSON.stringify(difference.found)} ${difference.problem} (written, it is ${JSON.stringify(difference.expected)})`;
          return [{ check: Check.Csv, field: difference.path, message, file, line: row }];
        }
        const message = `records.jsonl has ${JSON.stringify(difference.expected)}, ${place} has ${JSON.stringify(difference.found)}`;
        return [{ check: Check.Csv, field: difference.path, message }];
      }
    }
    return [];
  };

  /** Steps over a malformed record's rows, as far as its seq and round can be read. */
  const skipCsvRowsOf = async (csv: CsvRows, partial: Partial<RoundRecord> | null): Promise<void> => {
    if (typeof partial?.seq !== 'number' || typeof partial.round !== 'number') return;
    if (await alignCsv(csv, { seq: partial.seq, round: partial.round })) return;
    for (;;) {
      const row = await csv.peek();
      if (!row || Number(row.cells[csv.seqColumn]) !== partial.seq) return;
      await csv.next();
    }
  };

  try {
    for (const csv of csvFiles) {
      const problem = headerProblem(csv.table, await csv.next());
      if (problem !== null) {
        run.add({ file: csv.table.file, check: Check.Csv, field: '(header)', message: `${csv.table.file} does not start with the header of this format: ${problem}`, line: 1, tableId: null, round: null });
      }
    }
    for await (const chunk of jsonl.chunks()) {
      for (const line of lines.push(chunk)) {
        options.signal?.throwIfAborted();
        await checkLine(line);
        if (lineNumber % YIELD_EVERY_RECORDS === 0) {
          options.onProgress?.({ records: lineNumber, total });
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    }
    const rest = lines.end();
    if (rest !== '') {
      run.add({ file: ExportFile.Records, check: Check.Format, field: '(line)', message: 'the last line does not end with a newline', line: lineNumber + 1, tableId: null, round: null });
    }
    for (const csv of csvFiles) {
      const leftover = await csv.drain();
      if (leftover > 0) {
        run.add({ file: csv.table.file, check: Check.Csv, field: '(row)', message: `${leftover} rows after the last record`, line: null, tableId: null, round: null });
      }
    }
  } catch (error) {
    if (options.signal?.aborted) throw error;
    run.add({ file: ExportFile.Records, check: Check.Files, field: '(file)', message: (error as Error).message, line: lineNumber || null, tableId: null, round: null });
  }
  options.onProgress?.({ records: lineNumber, total });

  const files: FileEntry[] = [
    { name: ExportFile.Records, bytes: jsonl.bytes, sha256: jsonl.sha256 ?? '' },
    ...csvFiles.map((csv) => ({ name: csv.table.file, bytes: csv.reader.bytes, sha256: csv.reader.sha256 ?? '' })),
  ];
  for (const { receipt, ...finding } of pf2.finish(manifest?.firstRound ?? null)) {
    run.add({ ...finding, file: receipt, line: null, tableId: manifest?.tableId ?? null, round: null });
  }
  if (manifest) {
    run.addFileFindings(compareWithManifest(manifest, run.tally, files));
    const outside = [firstFinishedAt, lastFinishedAt].some((time) => time !== null && (time < manifest.range.from || time >= manifest.range.to));
    if (outside) run.addFileFindings([{ file: ExportFile.Manifest, check: Check.Totals, field: 'range', message: 'the first or last record finished outside the exported range' }]);
  }
  return {
    ok: run.failureCount === 0,
    dir: options.dir,
    fingerprint: loaded.fingerprint,
    fingerprintPinned: loaded.pinned,
    checks: summarize(run, manifest !== null),
    failures: run.failures,
    failureCount: run.failureCount,
    records: lineNumber,
    counts: run.tally.counts,
    totals: run.tally.totals,
    stats: run.stats,
    pf2: pf2.summary(),
    durationMs: performance.now() - started,
  };
}

/** Enough of a malformed record to continue the chain from it, so one bad field is reported once. */
function linkable(partial: Partial<RoundRecord> | null): partial is RoundRecord {
  return (
    typeof partial?.seq === 'number' &&
    typeof partial.round === 'number' &&
    typeof partial.hash === 'string' &&
    typeof partial.commitment === 'string' &&
    typeof partial.chainIndex === 'number'
  );
}

function summarize(run: Verification, haveManifest: boolean): CheckResult[] {
  const { counts, totals } = run.tally;
  const { stats } = run;
  const detail: Record<Check, string> = {
    [Check.Manifest]: haveManifest ? 'manifest.json has the export format' : 'manifest.json is unusable',
    [Check.Signature]: 'Ed25519 signature over manifest.json',
    [Check.Files]: 'records.jsonl, rounds.csv, bets.csv and transfers.csv have the SHA-256 the manifest signs',
    [Check.Format]: `${counts.records} records in canonical JSON of format pitboss.round/1`,
    [Check.Chain]: `the hash chain links all ${counts.records} records`,
    [Check.Csv]: 'the CSV files say exactly what records.jsonl says',
    [Check.Seeds]: `${stats.seedsChecked} server seeds hash back to their commitments; client strings match the recorded seeds`,
    [Check.Outcomes]: `${stats.outcomesChecked} outcomes recomputed under pf1`,
    [Check.Payouts]: `${counts.settledBets} settled bets paid as the paytable says`,
    [Check.Ledger]: `${stats.transfersChecked} transfers: every round's movements balance`,
    [Check.Totals]: `stakes ${totals.stakeMinor}, payouts ${totals.payoutMinor}, house ${totals.houseWinMinor}, refunds ${totals.refundedMinor} (minor units) as the manifest says`,
  };
  return Object.values(Check).map((check) => ({ check, ok: !run.failedChecks.has(check), detail: detail[check] }));
}
