// The CSV side of an export: the records of records.jsonl flattened into
// three tables a spreadsheet opens directly, joinable on (tableId, round):
// rounds.csv (one row per record), bets.csv (one row per bet) and
// transfers.csv (one row per ledger transfer). Plus a streaming RFC 4180
// parser. The verifier projects every JSONL record to the rows it must
// produce here, reads every field back (csv-cell.ts: quotes, the ' mark) and
// compares them cell by cell, so a field changed in one file only is named
// exactly, down to the leaf.
import { ExportFile, type BetRecord, type RoundRecord, type TransferRecord } from '../audit-record.ts';
import { canonicalize } from './canonical-json.ts';
import { CellKind, decodeField, encodeValue, quoteField, type Cell } from './csv-cell.ts';
import { firstJsonDifference } from './json-diff.ts';

export type { Cell } from './csv-cell.ts';

/** Where a row sits in its record: the bet and transfer it is for (-1 when none). */
type RowPlace = { bet: number; transfer: number };
type Column = { name: string; kind: CellKind; path: (place: RowPlace) => string; value: (record: RoundRecord, place: RowPlace) => unknown };

const betOf = (record: RoundRecord, place: RowPlace): BetRecord => record.bets[place.bet] as BetRecord;
const transferOf = (record: RoundRecord, place: RowPlace): TransferRecord => betOf(record, place).transfers[place.transfer] as TransferRecord;

/**
 * The columns that hold integers (or null). Every other column is text; a
 * stranger's verifier needs the same list, so docs/audit-format.md §11 gives it.
 */
const numberNames: ReadonlySet<string> = new Set([
  'round', 'seq', 'chainIndex', 'openedAt', 'closedAt', 'resultAt', 'settledAt', 'voidedAt', 'roundRowId',
  'bet', 'transfer', 'betRowId', 'amountMinor', 'payoutMinor', 'balanceBeforeMinor', 'balanceAfterMinor', 'placedAt', 'cancelledAt',
  'id', 'createdAt', 'walletBalanceAfterMinor',
]);
const kindOf = (name: string): CellKind => (numberNames.has(name) ? CellKind.Number : CellKind.Text);

function roundColumn(name: keyof RoundRecord): Column {
  return { name, kind: kindOf(name), path: () => name, value: (record) => record[name] };
}
function betColumn(name: keyof BetRecord): Column {
  return { name, kind: kindOf(name), path: (place) => `bets[${place.bet}].${name}`, value: (record, place) => betOf(record, place)[name] };
}
function transferColumn(name: keyof TransferRecord): Column {
  return {
    name,
    kind: kindOf(name),
    path: (place) => `bets[${place.bet}].transfers[${place.transfer}].${name}`,
    value: (record, place) => transferOf(record, place)[name],
  };
}

/** The columns that say which record a bets.csv or transfers.csv row belongs to. */
const keyColumns = [roundColumn('tableId'), roundColumn('round'), roundColumn('seq')];
const betIndexColumn: Column = { name: 'bet', kind: CellKind.Number, path: (place) => `bets[${place.bet}]`, value: (_record, place) => place.bet };
const transferIndexColumn: Column = {
  name: 'transfer',
  kind: CellKind.Number,
  path: (place) => `bets[${place.bet}].transfers[${place.transfer}]`,
  value: (_record, place) => place.transfer,
};

const roundNames: (keyof RoundRecord)[] = [
  'tableId', 'round', 'seq', 'status', 'game', 'rulesVersion', 'commitment', 'chainIndex', 'serverSeed', 'clientString',
  'clientSeeds', 'outcome', 'openedAt', 'closedAt', 'resultAt', 'settledAt', 'voidedAt', 'openedBy', 'voidedBy', 'voidReason',
  'roundRowId', 'appVersion', 'format', 'prevHash', 'hash',
];
const betNames: (keyof BetRecord)[] = [
  'betRowId', 'betId', 'playerId', 'spot', 'amountMinor', 'status', 'payoutMinor', 'balanceBeforeMinor', 'balanceAfterMinor', 'placedAt', 'cancelledAt',
];
const transferNames: (keyof TransferRecord)[] = ['id', 'key', 'kind', 'from', 'to', 'amountMinor', 'createdAt', 'walletBalanceAfterMinor'];

export type CsvTable = { file: ExportFile; columns: readonly Column[]; places: (record: RoundRecord) => RowPlace[] };

/** The three CSV files, in the order the manifest lists them. */
export const csvTables: readonly CsvTable[] = [
  { file: ExportFile.Rounds, columns: roundNames.map(roundColumn), places: () => [{ bet: -1, transfer: -1 }] },
  {
    file: ExportFile.Bets,
    columns: [...keyColumns, betIndexColumn, ...betNames.map(betColumn)],
    places: (record) => record.bets.map((_bet, bet) => ({ bet, transfer: -1 })),
  },
  {
    file: ExportFile.Transfers,
    columns: [...keyColumns, betIndexColumn, transferIndexColumn, ...transferNames.map(transferColumn)],
    places: (record) => record.bets.flatMap((bet, betIndex) => bet.transfers.map((_transfer, transfer) => ({ bet: betIndex, transfer }))),
  },
];

export function headerOf(table: CsvTable): string[] {
  return table.columns.map((column) => column.name);
}

/** What is wrong with a file's first row as its header (the column names, unquoted, CRLF), naming the column; null when nothing is. */
export function headerProblem(table: CsvTable, row: ParsedRow | null): string | null {
  if (row === null) return 'the file is empty';
  const expected = headerOf(table);
  for (let index = 0; index < Math.max(expected.length, row.cells.length); index++) {
    const want = expected[index];
    const column = `column ${index + 1} (${JSON.stringify(want ?? row.cells[index])})`;
    if (want === undefined) return `${column} is one column too many`;
    if (row.cells[index] !== want) return `${column} is ${JSON.stringify(row.cells[index] ?? null)}`;
    if (row.quoted[index]) return `${column} is quoted although it needs no quotes`;
  }
  return row.crlf ? null : 'it does not end with CRLF';
}

/** Objects and arrays go into one cell as canonical JSON; scalars as their text. */
function valueCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return canonicalize(value);
}

/** A row of a record: its values as text (what the verifier compares) and the cells they are written as. */
export type ProjectedRow = { values: Cell[]; cells: Cell[]; place: RowPlace };

/** The rows a record becomes in one CSV file. */
export function rowsOf(table: CsvTable, record: RoundRecord): ProjectedRow[] {
  return table.places(record).map((place) => {
    const values = table.columns.map((column) => valueCell(column.value(record, place)));
    return { place, values, cells: values.map((value, index) => encodeValue(table.columns[index]?.kind ?? CellKind.Text, value)) };
  });
}

/** One CSV line, CRLF-terminated (RFC 4180), of cells as written (already marked). */
export function encodeCsvRow(cells: readonly Cell[]): string {
  return `${cells.map(quoteField).join(',')}\r\n`;
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * What is wrong with a row: a value other than the record's (expected and
 * found are values, the ' mark taken off), or a field not written by the
 * rules of §11 (problem says how; expected is the field as it should be).
 */
export type CellDifference = { path: string; column: string; expected: Cell; found: Cell; problem: string | null };

/** The problem when a null is written as "" (quoted) or an empty string as an empty unquoted field; null otherwise. */
function emptyQuoting(want: Cell, got: Cell): string | null {
  if (want === null && got === '') return 'is quoted although the value is null, which is an empty field without quotes';
  if (want === '' && got === null) return 'is not quoted although the value is the empty string, which is written ""';
  return null;
}

/** Compares a record's expected row with the row read from the file; names the first differing field. */
export function compareCsvRow(table: CsvTable, expected: ProjectedRow, found: ParsedRow): CellDifference | null {
  const path = (index: number): string => table.columns[index]?.path(expected.place) ?? '(row)';
  const column = (index: number): string => table.columns[index]?.name ?? '(row)';
  if (found.cells.length !== expected.cells.length) {
    return { path: '(row)', column: '(row)', expected: `${expected.cells.length} columns`, found: `${found.cells.length} columns`, problem: null };
  }
  if (!found.crlf) return { path: '(row)', column: '(row)', expected: null, found: null, problem: 'does not end with CRLF' };
  for (let index = 0; index < expected.cells.length; index++) {
    const kind = table.columns[index]?.kind ?? CellKind.Text;
    const raw = found.cells[index] ?? null;
    const decoded = decodeField(kind, { cell: raw, quoted: found.quoted[index] ?? false });
    if (decoded.problem !== null) {
      return { path: path(index), column: column(index), expected: expected.cells[index] ?? null, found: raw, problem: decoded.problem };
    }
    const want = expected.values[index] ?? null;
    const got = decoded.value;
    if (want === got) continue;
    // null and "" differ only by the quotes: a field written against §11's quoting, not a different value.
    const quoting = emptyQuoting(want, got);
    if (quoting) return { path: path(index), column: column(index), expected: expected.cells[index] ?? null, found: raw, problem: quoting };
    let where = path(index);
    // A JSON cell: point at the leaf inside it, as an auditor would want.
    if (want !== null && got !== null && (want.startsWith('{') || want.startsWith('['))) {
      const parsed = parseOrUndefined(got);
      const inner = parsed === undefined ? '' : firstJsonDifference(parseOrUndefined(want), parsed);
      if (inner) where += inner;
    }
    return { path: where, column: column(index), expected: want, found: got, problem: null };
  }
  return null;
}

/** A row as read: its fields, which of them were enclosed in quotes, and whether it ended with CRLF. */
export type ParsedRow = { cells: Cell[]; quoted: boolean[]; crlf: boolean };

/**
 * Streaming RFC 4180 parser: feed text chunks, take complete rows. A row over
 * the limit is an error, so a hostile file cannot make the verifier hold it
 * all in memory. Scans with indexOf/regex rather than char by char, because
 * an export of 100 000 rounds is hundreds of megabytes.
 */
export class CsvParser {
  readonly #maxRowChars: number;
  /** The file's name, for messages. */
  readonly #name: string;
  #rows: ParsedRow[] = [];
  #row: Cell[] = [];
  #rowQuoted: boolean[] = [];
  #field = '';
  /** The current field began with a quote. */
  #quoted = false;
  #inQuotes = false;
  /** Just saw a quote inside a quoted field: an escaped quote if another follows, else the closing one. */
  #quotePending = false;
  #pendingCr = false;
  #fieldStarted = false;
  #rowChars = 0;

  constructor(maxRowChars: number, name = 'the CSV file') {
    this.#maxRowChars = maxRowChars;
    this.#name = name;
  }

  /** The fields of the rows completed by this chunk. */
  push(chunk: string): Cell[][] {
    return this.pushRows(chunk).map((row) => row.cells);
  }

  /** The fields of the rows completed by the end of input. */
  end(): Cell[][] {
    return this.endRows().map((row) => row.cells);
  }

  /** Rows completed by this chunk, with how each was written. */
  pushRows(chunk: string): ParsedRow[] {
    const special = /[,\r\n"]/g;
    let i = 0;
    while (i < chunk.length) {
      if (this.#pendingCr) {
        if (chunk[i] !== '\n') throw new Error(`${this.#name} has a CR that does not end a line`);
        this.#pendingCr = false;
        this.#endRow(true);
        i += 1;
        continue;
      }
      if (this.#quotePending) {
        this.#quotePending = false;
        if (chunk[i] === '"') {
          this.#append('"', 1);
          i += 1;
          continue;
        }
        this.#inQuotes = false;
      }
      if (this.#inQuotes) {
        const quote = chunk.indexOf('"', i);
        const stop = quote === -1 ? chunk.length : quote;
        this.#append(chunk.slice(i, stop), stop - i + (quote === -1 ? 0 : 1));
        if (quote !== -1) this.#quotePending = true;
        i = quote === -1 ? chunk.length : quote + 1;
        continue;
      }
      special.lastIndex = i;
      const match = special.exec(chunk);
      const stop = match ? match.index : chunk.length;
      if (stop > i) {
        if (this.#quoted) throw new Error(`${this.#name} has text after a closing quote`);
        this.#append(chunk.slice(i, stop), stop - i);
        this.#fieldStarted = true;
      }
      if (!match) break;
      this.#count(1);
      switch (match[0]) {
        case ',':
          this.#endField();
          break;
        case '\r':
          this.#pendingCr = true;
          break;
        case '\n':
          this.#endRow(false);
          break;
        default:
          if (this.#fieldStarted) throw new Error(`${this.#name} has a quote inside an unquoted field`);
          this.#inQuotes = true;
          this.#quoted = true;
          this.#fieldStarted = true;
      }
      i = stop + 1;
    }
    const rows = this.#rows;
    this.#rows = [];
    return rows;
  }

  /** Rows completed by the end of input (a last line without CRLF). */
  endRows(): ParsedRow[] {
    if (this.#inQuotes && !this.#quotePending) throw new Error(`${this.#name} ends inside a quoted field`);
    if (this.#pendingCr) throw new Error(`${this.#name} ends with a CR that does not end a line`);
    if (this.#fieldStarted || this.#row.length > 0) this.#endRow(false);
    const rows = this.#rows;
    this.#rows = [];
    return rows;
  }

  #count(chars: number): void {
    this.#rowChars += chars;
    if (this.#rowChars > this.#maxRowChars) throw new Error(`${this.#name} has a row longer than ${this.#maxRowChars} characters`);
  }

  #append(text: string, consumed: number): void {
    this.#count(consumed);
    this.#field += text;
  }

  #endField(): void {
    this.#row.push(this.#quoted || this.#field !== '' ? this.#field : null);
    this.#rowQuoted.push(this.#quoted);
    this.#field = '';
    this.#quoted = false;
    this.#fieldStarted = false;
  }

  #endRow(crlf: boolean): void {
    this.#endField();
    this.#rows.push({ cells: this.#row, quoted: this.#rowQuoted, crlf });
    this.#row = [];
    this.#rowQuoted = [];
    this.#rowChars = 0;
  }
}
