// The CSV cell rule of docs/audit-format.md §11 on its own: text that would
// start a spreadsheet formula gets a leading ', text that starts with ' gets
// one more, numbers never; quotes exactly when RFC 4180 needs them. Checked
// value by value, then as a bijection over seeded random strings written as
// whole rows and read back with the export's own parser. Reproduce a failure
// with CSV_SEED=<printed seed>.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CellKind, decodeField, encodeValue, neutralize, quoteField, startsFormula, type Cell } from '../../src/shared/audit/csv-cell.ts';
import { compareCsvRow, CsvParser, csvTables, encodeCsvRow, headerProblem, type ProjectedRow } from '../../src/shared/audit/csv.ts';

const SEED = Number(process.env.CSV_SEED ?? 0xc5_1234) >>> 0;
const ROWS = 2_000;
const CELLS_PER_ROW = 6;

/** xorshift32: small and deterministic. */
function createRandom(seed: number): (n: number) => number {
  let state = seed || 0x9e3779b9;
  return (n) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % n;
  };
}

/** Weighted towards the characters the rules are about. */
const ALPHABET = ['=', '+', '-', '@', '\t', '\r', '\n', "'", '"', ',', ' ', 'a', 'Z', '0', '9', 'é', '😀', '(', ')'];

function randomText(below: (n: number) => number): string {
  let text = '';
  const length = below(8);
  for (let index = 0; index < length; index++) text += ALPHABET[below(ALPHABET.length)];
  return text;
}

function randomInteger(below: (n: number) => number): string {
  const magnitude = below(3) === 0 ? below(10) : below(2 ** 31) * 2 ** 21 + below(2 ** 21);
  return String(below(2) === 0 ? -magnitude : magnitude);
}

const decodedText = (cell: Cell, quoted: boolean) => decodeField(CellKind.Text, { cell, quoted });

describe('csv cells', () => {
  it('marks text that would start a formula, and text that starts with the mark', () => {
    expect(neutralize('=HYPERLINK("http://x","y")')).toBe('\'=HYPERLINK("http://x","y")');
    for (const text of ['-2-3', '+1', '@SUM(A1)', '=1+1', '-A1', '\t=1', '\r=1', '\n=1', "'quoted", "'"]) {
      expect(neutralize(text)).toBe(`'${text}`);
    }
    for (const text of ['', 'a-1', ' =1', 'wheel jammed', '{"a":1}', '[]', '0']) expect(neutralize(text)).toBe(text);
  });

  it('writes numbers as they are, negative ones too, and refuses anything else in a number column', () => {
    expect(encodeValue(CellKind.Number, '-12500')).toBe('-12500');
    expect(encodeValue(CellKind.Number, null)).toBeNull();
    expect(decodeField(CellKind.Number, { cell: '-12500', quoted: false })).toEqual({ value: '-12500', problem: null });
    expect(() => encodeValue(CellKind.Number, '=1')).toThrow(/number column/);
    expect(decodeField(CellKind.Number, { cell: "'-5", quoted: false }).problem).toMatch(/decimal integer/);
    expect(decodeField(CellKind.Number, { cell: '05', quoted: false }).problem).toMatch(/decimal integer/);
    expect(decodeField(CellKind.Number, { cell: '5', quoted: true }).problem).toMatch(/needs no quotes/);
  });

  it('quotes exactly when RFC 4180 needs it', () => {
    expect(quoteField(null)).toBe('');
    expect(quoteField('')).toBe('""');
    expect(quoteField('\'=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(quoteField("'-2-3")).toBe("'-2-3");
    expect(quoteField("'\r=1")).toBe('"\'\r=1"');
  });

  it('reads back exactly one mark, and refuses a missing, a needless or a needlessly quoted one', () => {
    expect(decodedText("'-A1", false)).toEqual({ value: '-A1', problem: null });
    expect(decodedText("''quoted", false)).toEqual({ value: "'quoted", problem: null });
    expect(decodedText("''", false)).toEqual({ value: "'", problem: null });
    expect(decodedText('', true)).toEqual({ value: '', problem: null });
    expect(decodedText(null, false)).toEqual({ value: null, problem: null });
    expect(decodedText('-A1', false).problem).toMatch(/without the ' mark/);
    expect(decodedText('\t=1', false).problem).toMatch(/without the ' mark/);
    expect(decodedText("'A1", false).problem).toMatch(/needs no mark/);
    expect(decodedText("'", false).problem).toMatch(/needs no mark/);
    expect(decodedText('plain', true).problem).toMatch(/needs no quotes/);
  });

  it(`round-trips ${ROWS} random rows exactly through write and read (seed ${SEED})`, () => {
    const below = createRandom(SEED);
    const kinds: CellKind[] = [];
    const values: Cell[][] = [];
    let text = '';
    for (let row = 0; row < ROWS; row++) {
      const rowValues: Cell[] = [];
      for (let column = 0; column < CELLS_PER_ROW; column++) {
        kinds[column] = column % 3 === 2 ? CellKind.Number : CellKind.Text;
        const value = below(8) === 0 ? null : kinds[column] === CellKind.Number ? randomInteger(below) : randomText(below);
        rowValues.push(value);
      }
      const cells = rowValues.map((value, column) => encodeValue(kinds[column] ?? CellKind.Text, value));
      cells.forEach((cell, column) => {
        if (cell !== null && kinds[column] === CellKind.Text) expect(startsFormula(cell)).toBe(false);
      });
      values.push(rowValues);
      text += encodeCsvRow(cells);
    }
    // Fed in uneven chunks, so quotes, CRs and marks fall on chunk boundaries too.
    const parser = new CsvParser(1 << 20, 'random.csv');
    const rows = [];
    for (let start = 0; start < text.length; ) {
      const size = 1 + below(97);
      rows.push(...parser.pushRows(text.slice(start, start + size)));
      start += size;
    }
    rows.push(...parser.endRows());
    expect(rows).toHaveLength(ROWS);
    rows.forEach((row, index) => {
      expect(row.crlf).toBe(true);
      const decoded = row.cells.map((cell, column) => decodeField(kinds[column] ?? CellKind.Text, { cell, quoted: row.quoted[column] ?? false }));
      expect(decoded.map((field) => field.problem)).toEqual(new Array(CELLS_PER_ROW).fill(null));
      expect(decoded.map((field) => field.value)).toEqual(values[index]);
    });
  });

  it('reads only what the writer writes: every other one-character-marked form of a value is refused or another value', () => {
    const below = createRandom(SEED ^ 0x5a5a);
    for (let index = 0; index < ROWS; index++) {
      const value = randomText(below);
      const written = neutralize(value);
      // Taking the mark off, or adding one more, must never read back as the same value.
      const variants = [written.startsWith("'") ? written.slice(1) : null, `'${written}`].filter((cell): cell is string => cell !== null);
      for (const cell of variants) {
        const read = decodedText(cell, cell === '' || /[",\r\n]/.test(cell));
        expect(read.problem !== null || read.value !== value).toBe(true);
      }
    }
  });

  it('has the number columns docs/audit-format.md §11 lists, so a verifier written from the docs agrees', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/audit-format.md'), 'utf8');
    const listed = /- number columns: ([^;]+);/.exec(doc)?.[1] ?? '';
    const documented = new Set([...listed.matchAll(/`([A-Za-z]+)`/g)].map((match) => match[1]));
    const coded = new Set(csvTables.flatMap((table) => table.columns.filter((column) => column.kind === CellKind.Number).map((column) => column.name)));
    expect(documented.size).toBeGreaterThan(10);
    expect([...documented].sort()).toEqual([...coded].sort());
  });
});

describe('needless quotes, as the parser reads them', () => {
  const rounds = csvTables[0] as (typeof csvTables)[number];
  const voidReason = rounds.columns.findIndex((column) => column.name === 'voidReason');
  /** A rounds.csv row as projected: every cell "x" but voidReason. */
  const projected = (reason: Cell): ProjectedRow => {
    const values = rounds.columns.map((column, index): Cell => (index === voidReason ? reason : column.kind === CellKind.Number ? '1' : 'x'));
    return { values, cells: values, place: { bet: -1, transfer: -1 } };
  };
  const parsed = (reasonField: string) => {
    const fields = rounds.columns.map((column, index) => (index === voidReason ? reasonField : column.kind === CellKind.Number ? '1' : 'x'));
    return new CsvParser(1 << 16).pushRows(`${fields.join(',')}\r\n`)[0] ?? { cells: [], quoted: [], crlf: false };
  };

  it('refuses every cell quoted although it holds no comma, quote, CR or LF, text and numbers alike', () => {
    for (const cell of ['red', "'-A1", 'a b', ' lead', 'tab\there', '1500', '-250', '{}']) {
      const [row] = new CsvParser(1 << 10).pushRows(`"${cell}"\r\n`);
      expect(row?.quoted).toEqual([true]);
      for (const kind of [CellKind.Text, CellKind.Number]) {
        expect(decodeField(kind, { cell: row?.cells[0] ?? null, quoted: true }).problem, `${kind} ${cell}`).toMatch(/needs no quotes/);
      }
    }
  });

  it('refuses a null written "" and an empty string written as an empty field, naming the column as a quoting problem', () => {
    expect(compareCsvRow(rounds, projected(null), parsed(''))).toBeNull();
    expect(compareCsvRow(rounds, projected(''), parsed('""'))).toBeNull();
    expect(compareCsvRow(rounds, projected(null), parsed('""'))).toMatchObject({ column: 'voidReason', path: 'voidReason', problem: expect.stringMatching(/quoted although the value is null/) });
    expect(compareCsvRow(rounds, projected(''), parsed(''))).toMatchObject({ column: 'voidReason', problem: expect.stringMatching(/not quoted although the value is the empty string/) });
    expect(compareCsvRow(rounds, projected('why'), parsed('"why"'))).toMatchObject({ column: 'voidReason', problem: expect.stringMatching(/needs no quotes/) });
  });
});

describe('the header row', () => {
  const table = csvTables[1] as (typeof csvTables)[number];
  const header = (text: string) => new CsvParser(1 << 16).pushRows(text)[0] ?? null;
  const names = table.columns.map((column) => column.name);

  it('is the column names, unquoted, ending with CRLF; anything else names the column', () => {
    expect(headerProblem(table, header(`${names.join(',')}\r\n`))).toBeNull();
    expect(headerProblem(table, header(`"${names.join('","')}"\r\n`))).toBe('column 1 ("tableId") is quoted although it needs no quotes');
    expect(headerProblem(table, header(`${names.slice(0, 4).join(',')},"${names[4]}",${names.slice(5).join(',')}\r\n`))).toMatch(/^column 5 .* is quoted/);
    expect(headerProblem(table, header(`${names.join(',')},extra\r\n`))).toBe('column 16 ("extra") is one column too many');
    expect(headerProblem(table, header(`${names.slice(1).join(',')}\r\n`))).toMatch(/^column 1 \("tableId"\) is "round"/);
    expect(headerProblem(table, header(`${names.join(',')}\n`))).toBe('it does not end with CRLF');
    expect(headerProblem(table, null)).toBe('the file is empty');
  });
});
