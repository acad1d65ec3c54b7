// The short, human report of a verification, as `npm run verify` prints it
// and the console shows it: where a failure is, said the same way in both.
import type { Failure, VerifyReport } from '../audit-api.ts';
import { groupFingerprint } from './fingerprint.ts';

const shownFailures = 10;

/** "table tbl_x round 17 (records.jsonl line 17)" */
export function failurePlace(failure: Failure): string {
  const where: string[] = [];
  if (failure.tableId !== null) where.push(`table ${failure.tableId}`);
  if (failure.round !== null) where.push(`round ${failure.round}`);
  // A CSV failure's line is its row (a quoted cell may span lines), counting the header as row 1.
  const unit = failure.file.endsWith('.csv') ? 'row' : 'line';
  const place = failure.line !== null ? `${failure.file} ${unit} ${failure.line}` : failure.file;
  return where.length > 0 ? `${where.join(' ')} (${place})` : place;
}

/** "table tbl_x round 17 (records.jsonl line 17), field bets[0].payoutMinor: …" */
export function describeFailure(failure: Failure): string {
  return `${failurePlace(failure)}, field ${failure.field}: ${failure.message} [${failure.check}]`;
}

/** pf2 rounds, receipts, and who withheld how often (PF2.md §10: the lever a table without a beacon keeps). */
function pf2Lines({ pf2 }: VerifyReport): string[] {
  if (pf2.rounds === 0 && pf2.receiptsChecked === 0 && pf2.statementsChecked === 0) return [];
  const lines = [
    `  pf2: ${pf2.rounds} rounds, ${pf2.bettors} bettors, ${pf2.receiptsChecked} receipts and ${pf2.statementsChecked} other signed statements checked against their records`,
  ];
  if (pf2.withholding.length === 0) lines.push('  pf2 withholding: no bettor withheld a reveal');
  for (const each of pf2.withholding.slice(0, 10)) {
    lines.push(`  pf2 withholding: ${each.reference} withheld ${each.withheld} of ${each.frozen} (${(each.rate * 100).toFixed(1)}%)`);
  }
  if (pf2.withholding.length > 10) lines.push(`  … and ${pf2.withholding.length - 10} more bettors who withheld (--json lists them all)`);
  return lines;
}

export function formatReport(report: VerifyReport): string {
  const lines = [`Pitboss audit verification of ${report.dir}`];
  const key = report.fingerprint ? groupFingerprint(report.fingerprint) : '(none)';
  lines.push(
    report.fingerprintPinned
      ? `  signing key ${key} (checked against the fingerprint you gave)`
      : `  signing key ${key}\n  (compare it with the fingerprint the Pitboss console shows, or pass --fingerprint)`,
  );
  const width = Math.max(...report.checks.map((check) => check.check.length));
  for (const check of report.checks) lines.push(`  ${check.check.padEnd(width)}  ${check.ok ? 'OK    ' : 'FAILED'}  ${check.detail}`);
  lines.push(...pf2Lines(report));
  const seconds = report.durationMs / 1000;
  const rate = seconds > 0 ? Math.round(report.records / seconds) : report.records;
  if (report.ok) {
    lines.push(`RESULT: OK, ${report.records} rounds verified in ${seconds.toFixed(2)} s (${rate} rounds/s)`);
    return lines.join('\n');
  }
  const [first, ...more] = report.failures;
  lines.push(`RESULT: FAILED with ${report.failureCount} problem${report.failureCount === 1 ? '' : 's'}`);
  if (first) lines.push(`  first: ${describeFailure(first)}`);
  for (const failure of more.slice(0, shownFailures - 1)) lines.push(`  then:  ${describeFailure(failure)}`);
  if (report.failureCount > shownFailures) lines.push(`  … and ${report.failureCount - shownFailures} more`);
  return lines.join('\n');
}
