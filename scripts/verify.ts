// `npm run verify`: checks an export folder without trusting the server that
// wrote it (docs/audit-format.md §8): the signature, the hash chain, every
// seed, outcome, payout and ledger movement, the totals. Prints a short
// report naming the first failing record and field; exits 1 on any failure.
//
//   npm run verify -- <dir> [--fingerprint <hex>] [--json]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ProgressLine } from './progress-line.ts';
import { verifyExport } from '../src/main/verifier/verify-export.ts';
import { formatReport } from '../src/shared/audit/verify-report.ts';

const usage = `usage: npm run verify -- <export folder> [--fingerprint <hex>] [--json]

  --fingerprint  the signing key's fingerprint as the Pitboss console shows it; without it the
                 signature is checked against the key in the folder, which proves integrity but
                 not who signed
  --json         print the full report as JSON instead of text`;

function fail(message: string): never {
  console.error(`verify: ${message}\n\n${usage}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: { fingerprint: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
} catch (error) {
  fail((error as Error).message);
}
if (parsed.values.help) {
  console.log(usage);
  process.exit(0);
}
const [dir, ...extra] = parsed.positionals;
if (!dir || extra.length > 0) fail('give exactly one export folder');

const progress = new ProgressLine(process.stderr, 'verify');
const report = await verifyExport({
  dir: resolve(dir),
  ...(parsed.values.fingerprint === undefined ? {} : { expectFingerprint: parsed.values.fingerprint }),
  onProgress: ({ records, total }) => progress.update(records, total),
});
progress.finish(report.records, report.records);
console.log(parsed.values.json ? JSON.stringify(report, null, 2) : formatReport(report));
process.exitCode = report.ok ? 0 : 1;
