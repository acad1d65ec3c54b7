// Item 10 of issue #10, CSV formula injection, end to end: a real server, a
// round voided with a =HYPERLINK(...) reason, bets with ids like -2-3 and a
// client seed -A1 chosen by the player, exported through the console API.
// No cell of the CSV files may start a spreadsheet formula (OWASP: = + - @,
// tab, CR; LF too), numbers stay numbers, and the verifier reads the marked
// cells back exactly, naming the file, row and column of a mark removed or
// added by hand. The rule is checked as docs/audit-format.md §11 states it,
// not through the code that writes it.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvParser } from '../../src/shared/audit/csv.ts';
import { verifyExport } from '../../src/main/verifier/verify-export.ts';
import { describeFailure } from '../../src/shared/audit/verify-report.ts';
import type { AuditJob, VerifyReport } from '../../src/shared/audit-api.ts';
import { finishedJob, inviteOf, joinTable, PlayerClient, repositoryRoot, startTestServer, type TestServer } from '../support/harness.ts';

const run = promisify(execFile);
const HYPERLINK = '=HYPERLINK("http://x","y")';
/** Void reasons, one round each: every formula lead a reason can carry, and the mark itself. */
const VOID_REASONS = [HYPERLINK, '+1', '@SUM(A1)', '-1', "'quoted", 'inner\t=tab'];
/** The number columns of §11; every other column is text. */
const NUMBER_COLUMNS = new Set([
  'round', 'seq', 'chainIndex', 'openedAt', 'closedAt', 'resultAt', 'settledAt', 'voidedAt', 'roundRowId',
  'bet', 'transfer', 'betRowId', 'amountMinor', 'payoutMinor', 'balanceBeforeMinor', 'balanceAfterMinor', 'placedAt', 'cancelledAt',
  'id', 'createdAt', 'walletBalanceAfterMinor',
]);
const FORMULA_LEADS = ['=', '+', '-', '@', '\t', '\r', '\n'];
const CSV_FILES = ['rounds.csv', 'bets.csv', 'transfers.csv'] as const;

const scratch: string[] = [];
let server: TestServer;
let exportDir = '';

function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `pitboss-csv-${label}-`));
  scratch.push(dir);
  return dir;
}


async function bet(client: PlayerClient, round: number, bets: { betId: string; spot: string; amountMinor: number }[]): Promise<void> {
  const reply = await client.bet(round, bets);
  if (reply.kind !== 'ack') throw new Error(`bet refused: ${JSON.stringify(reply)}`);
}

/** A CSV file's header and rows, as the fields a spreadsheet would see once RFC 4180 quoting is undone. */
function readCsv(dir: string, file: string): { header: string[]; rows: (string | null)[][] } {
  const [header, ...rows] = new CsvParser(1 << 22).push(readFileSync(join(dir, file), 'utf8'));
  return { header: (header ?? []).map(String), rows };
}

/** The 1-based row (header = 1) and the field of the first cell of `column` equal to `cell`. */
function find(dir: string, file: string, column: string, cell: string): { row: number; index: number } {
  const { header, rows } = readCsv(dir, file);
  const index = header.indexOf(column);
  const at = rows.findIndex((row) => row[index] === cell);
  if (index < 0 || at < 0) throw new Error(`${file} has no ${column} ${JSON.stringify(cell)}`);
  return { row: at + 2, index };
}

/** Rewrites one CSV line by hand, as a person editing the file would. */
function editRow(dir: string, file: string, row: number, edit: (line: string) => string): void {
  const lines = readFileSync(join(dir, file), 'utf8').split('\r\n');
  lines[row - 1] = edit(lines[row - 1] ?? '');
  writeFileSync(join(dir, file), lines.join('\r\n'));
}

async function verifyEdited(edit: (dir: string) => void): Promise<VerifyReport> {
  const dir = join(tempDir('edit'), 'copy');
  cpSync(exportDir, dir, { recursive: true });
  edit(dir);
  return verifyExport({ dir });
}

beforeAll(async () => {
  server = await startTestServer();
  const table = await server.operator.createTable({ name: 'Formulas', houseFloatMinor: 10_000_000 });
  const invite = inviteOf(table);
  // Players choose their client seed: Ana at join, Bo afterwards over the socket.
  const [anaSession, boSession] = await Promise.all([joinTable(server.origin, invite, 'Ana', '-A1'), joinTable(server.origin, invite, 'Bo')]);
  const [ana, bo] = await Promise.all([PlayerClient.connect(server.origin, anaSession.token), PlayerClient.connect(server.origin, boSession.token)]);
  const act = (action: string) => server.operator.mustAct(table.id, action);
  expect((await bo.request({ kind: 'seed.set', clientSeed: '-B2' })).kind).toBe('ack');

  // Round 1 settles: bet ids that start with '-', a client string that does.
  await act('open');
  await bet(ana, 1, [{ betId: '-2-3', spot: 'red', amountMinor: 1_000 }, { betId: '-x', spot: 'black', amountMinor: 500 }]);
  await bet(bo, 1, [{ betId: '_b1', spot: 'odd', amountMinor: 300 }]);
  // Ids with + = @ never get as far as the export: the protocol refuses them.
  for (const betId of ['+1', '@SUM(A1)', '=1+1']) {
    const refused = await ana.bet(1, [{ betId, spot: 'red', amountMinor: 100 }]);
    expect(refused.kind).toBe('error');
  }
  await act('close');
  await act('spin');
  // Then one voided round per reason, the first with a refunded bet.
  for (const [index, reason] of VOID_REASONS.entries()) {
    await act('open');
    if (index === 0) await bet(ana, 2, [{ betId: '-7', spot: 'even', amountMinor: 400 }]);
    expect((await server.operator.action(table.id, 'void', reason)).status).toBe(200);
  }
  await Promise.all([ana.close(), bo.close()]);

  exportDir = join(tempDir('export'), 'out');
  const started = await server.operator.call<{ job: AuditJob }>('POST', '/api/operator/audit/exports', { tableId: table.id, dir: exportDir });
  expect(started.status).toBe(202);
  const job = await finishedJob(server.operator, started.body.job.id);
  expect(job).toMatchObject({ state: 'done', records: 1 + VOID_REASONS.length, error: null });
});

afterAll(async () => {
  await server?.dispose();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('item 10: CSV formula injection', () => {
  it('item 10: no CSV cell of an export starts a spreadsheet formula; text is marked with one leading quote, numbers stay plain', () => {
    let marked = 0;
    let numbers = 0;
    for (const file of CSV_FILES) {
      const { header, rows } = readCsv(exportDir, file);
      for (const [rowIndex, row] of rows.entries()) {
        for (const [index, cell] of row.entries()) {
          if (cell === null) continue;
          const column = header[index] ?? '';
          const where = `${file} row ${rowIndex + 2} column ${column}: ${JSON.stringify(cell)}`;
          if (NUMBER_COLUMNS.has(column)) {
            numbers += 1;
            expect(cell, where).toMatch(/^(0|-?[1-9][0-9]*)$/);
            continue;
          }
          expect(FORMULA_LEADS.includes(cell[0] ?? ''), where).toBe(false);
          if (cell.startsWith("'")) marked += 1;
        }
      }
    }
    expect(numbers).toBeGreaterThan(100);
    // What the attacker wrote is there, behind exactly one mark.
    const rounds = readCsv(exportDir, 'rounds.csv');
    const reasons = rounds.rows.map((row) => row[rounds.header.indexOf('voidReason')]);
    expect(reasons).toEqual([null, ...VOID_REASONS.map((reason) => (/^['=+\-@]/.test(reason) ? `'${reason}` : reason))]);
    expect(rounds.rows[0]?.[rounds.header.indexOf('clientString')]).toBe("'-A1,-B2");
    const bets = readCsv(exportDir, 'bets.csv');
    expect(bets.rows.map((row) => row[bets.header.indexOf('betId')])).toEqual(["'-2-3", "'-x", '_b1', "'-7"]);
    expect(marked).toBe(VOID_REASONS.length - 1 + 1 + 3);
    // And quoted exactly as RFC 4180 needs: the " and , of the formula, nothing else.
    const text = readFileSync(join(exportDir, 'rounds.csv'), 'utf8');
    expect(text).toContain(`,"'=HYPERLINK(""http://x"",""y"")",`);
    expect(text).toContain(",'-1,");
    expect(readFileSync(join(exportDir, 'bets.csv'), 'utf8')).toContain(",'-2-3,");
  });

  it('item 10: the verifier reads marked cells back exactly; npm run verify passes the export', async () => {
    const report = await verifyExport({ dir: exportDir });
    expect(report.failures.map(describeFailure)).toEqual([]);
    expect(report.ok).toBe(true);
    const verified = await run(process.execPath, [join(repositoryRoot, 'scripts/verify.ts'), exportDir], { timeout: 20_000 });
    expect(verified.stdout).toMatch(new RegExp(`RESULT: OK, ${1 + VOID_REASONS.length} rounds`));
  });

  it('item 10: a mark removed by hand fails verification, naming the file, row and column', async () => {
    const { row } = find(exportDir, 'bets.csv', 'betId', "'-2-3");
    const report = await verifyEdited((dir) => editRow(dir, 'bets.csv', row, (line) => line.replace(",'-2-3,", ',-2-3,')));
    expect(report.ok).toBe(false);
    expect(report.failures[0]).toMatchObject({ file: 'bets.csv', line: row, field: 'bets[0].betId', check: 'csv' });
    expect(report.failures[0]?.message).toMatch(/column betId: "-2-3" starts with "-" without the ' mark/);

    // The same through the command line, as an auditor would see it.
    const dir = join(tempDir('cli'), 'copy');
    cpSync(exportDir, dir, { recursive: true });
    const { row: reasonRow } = find(dir, 'rounds.csv', 'voidReason', `'${HYPERLINK}`);
    editRow(dir, 'rounds.csv', reasonRow, (line) => line.replace(`"'=HYPERLINK`, '"=HYPERLINK'));
    const failed = await run(process.execPath, [join(repositoryRoot, 'scripts/verify.ts'), dir], { timeout: 20_000 }).catch((error: { code: number; stdout: string }) => error);
    expect('code' in failed && failed.code).toBe(1);
    expect(failed.stdout).toMatch(new RegExp(`first: table \\S+ round 2 \\(rounds.csv row ${reasonRow}\\), field voidReason: rounds.csv row ${reasonRow}, column voidReason: .* without the ' mark`));
  });

  it('item 10: a needless mark, a mark on a number and needless quotes each fail, naming the file, row and column', async () => {
    const { row } = find(exportDir, 'bets.csv', 'betId', '_b1');
    const cases: { edit: (line: string) => string; column: string; field: string; message: RegExp }[] = [
      { edit: (line) => line.replace(',_b1,', ",'_b1,"), column: 'betId', field: 'bets[2].betId', message: /needs no mark/ },
      { edit: (line) => line.replace(',odd,', ',"odd",'), column: 'spot', field: 'bets[2].spot', message: /needs no quotes/ },
      { edit: (line) => line.replace(',odd,300,', ",odd,'300,"), column: 'amountMinor', field: 'bets[2].amountMinor', message: /not a decimal integer/ },
      { edit: (line) => line.replace(',odd,300,', ',odd,"300",'), column: 'amountMinor', field: 'bets[2].amountMinor', message: /needs no quotes/ },
    ];
    for (const { edit, column, field, message } of cases) {
      const report = await verifyEdited((dir) => editRow(dir, 'bets.csv', row, edit));
      expect(report.failures[0], column).toMatchObject({ file: 'bets.csv', line: row, field, check: 'csv' });
      expect(report.failures[0]?.message).toContain(`bets.csv row ${row}, column ${column}:`);
      expect(report.failures[0]?.message).toMatch(message);
    }
    // A text cell that is marked twice reads back as a different value, and is named as one.
    const reason = find(exportDir, 'rounds.csv', 'voidReason', "''quoted");
    const twice = await verifyEdited((dir) => editRow(dir, 'rounds.csv', reason.row, (line) => line.replace(",''quoted,", ",'quoted,")));
    expect(twice.failures[0]).toMatchObject({ file: 'rounds.csv', line: reason.row, field: 'voidReason' });
    expect(twice.failures[0]?.message).toMatch(/needs no mark/);
  });

  it('item 10: a row that ends with LF instead of CRLF fails', async () => {
    const { row } = find(exportDir, 'bets.csv', 'betId', '_b1');
    const report = await verifyEdited((dir) => {
      const text = readFileSync(join(dir, 'bets.csv'), 'utf8').split('\r\n');
      text[row - 1] = `${text[row - 1]}\n${text[row] ?? ''}`;
      text.splice(row, 1);
      writeFileSync(join(dir, 'bets.csv'), text.join('\r\n'));
    });
    expect(report.failures[0]).toMatchObject({ file: 'bets.csv', line: row, field: '(row)', check: 'csv' });
    expect(report.failures[0]?.message).toMatch(/CRLF/);
  });
});
