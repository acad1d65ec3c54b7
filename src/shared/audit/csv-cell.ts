// One value of a record as one field of an export's CSV files, and back,
// exactly (docs/audit-format.md §11). A spreadsheet reads a cell that begins
// with = + - @ (or a tab, CR or LF) as a formula, so a void reason such as
// =HYPERLINK(...) or a client seed such as -A1 would run when an auditor opens
// the file (OWASP, "CSV Injection"). Text cells that begin so get a leading
// ' as OWASP recommends; a text cell that itself begins with ' gets one more,
// so the rule is a bijection and the verifier reads every cell back exactly.
// Number columns are never marked: a spreadsheet must still add them up.

/** A field of a CSV file: null is an empty unquoted field; an empty string is written "" (quoted). */
export type Cell = string | null;

export const CellKind = {
  /** A safe integer, or null: written in decimal, never marked. */
  Number: 'number',
  /** A string (or canonical JSON), or null: marked with ' when it would start a formula. */
  Text: 'text',
} as const;
export type CellKind = (typeof CellKind)[keyof typeof CellKind];

/** The mark a spreadsheet takes as "this cell is text". */
export const TEXT_MARK = "'";
/** First characters that make a spreadsheet evaluate a cell (OWASP's list; LF added there in 2025). */
const FORMULA_LEADS: ReadonlySet<string> = new Set(['=', '+', '-', '@', '\t', '\r', '\n']);
const DECIMAL_INTEGER = /^(0|-?[1-9][0-9]*)$/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Whether text gets the mark: it would start a formula, or it already starts with the mark. */
function takesMark(text: string): boolean {
  const first = text[0];
  return first !== undefined && (first === TEXT_MARK || FORMULA_LEADS.has(first));
}

/** Whether a cell, written as is, would make a spreadsheet evaluate it. */
export function startsFormula(cell: string): boolean {
  const first = cell[0];
  return first !== undefined && FORMULA_LEADS.has(first);
}

/** The cell for a text value: marked when it would start a formula or begins with the mark. */
export function neutralize(text: string): string {
  return takesMark(text) ? TEXT_MARK + text : text;
}

/** A field read from a file: its text and whether it was enclosed in quotes. */
export type Field = { cell: Cell; quoted: boolean };
export type Decoded = { value: Cell; problem: null } | { value: null; problem: string };

const fine = (value: Cell): Decoded => ({ value, problem: null });
const wrong = (problem: string): Decoded => ({ value: null, problem });

/** RFC 4180 with one writing: quoted exactly when empty or holding ", comma, CR or LF. */
export function needsQuotes(cell: string): boolean {
  return cell === '' || NEEDS_QUOTES.test(cell);
}

/** One field as it goes into the file. */
export function quoteField(cell: Cell): string {
  if (cell === null) return '';
  return needsQuotes(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** The cell a record's value becomes in a column of this kind. Anything else is a programmer error. */
export function encodeValue(kind: CellKind, value: Cell): Cell {
  if (value === null) return null;
  if (kind === CellKind.Number) {
    if (!DECIMAL_INTEGER.test(value)) throw new Error(`a number column got ${JSON.stringify(value)}`);
    return value;
  }
  return neutralize(value);
}

/**
 * The value a field of a column of this kind holds, or what is wrong with it:
 * quotes the rule does not call for, a number column that is not a decimal
 * integer, a text cell that would start a formula unmarked, or a mark the
 * rule does not call for.
 */
export function decodeField(kind: CellKind, field: Field): Decoded {
  const { cell, quoted } = field;
  if (cell === null) return fine(null);
  if (quoted !== needsQuotes(cell)) return wrong('is quoted although it needs no quotes');
  if (kind === CellKind.Number) return DECIMAL_INTEGER.test(cell) ? fine(cell) : wrong('is not a decimal integer');
  if (cell.startsWith(TEXT_MARK)) {
    const text = cell.slice(TEXT_MARK.length);
    return takesMark(text) ? fine(text) : wrong(`starts with ${TEXT_MARK} although the text after it needs no mark`);
  }
  if (startsFormula(cell)) return wrong(`starts with ${JSON.stringify(cell[0])} without the ${TEXT_MARK} mark`);
  return fine(cell);
}
