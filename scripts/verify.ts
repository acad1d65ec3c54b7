// `npm run verify`: checks an export folder without trusting the server that
// wrote it (docs/audit-format.md §8): the signature, the hash chain, every
// seed, outcome, payout and ledger movement, the totals. Prints a short
// report naming the first failing record and field; exits 1 on any failure.
//
//   npm run verify -- <dir> [--fingerprint <hex>] [--receipts <dir>] [--beacon-chain <info.json> ...] [--json]
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ProgressLine } from './progress-line.ts';
import { verifyExport } from '../src/main/verifier/verify-export.ts';
import { heldStatementsIn, type HeldStatement as Receipt } from '../src/main/verifier/pf2-held-statements.ts';
import { formatReport } from '../src/shared/audit/verify-report.ts';
import { chainFromInfo, type BeaconChain } from '../src/shared/fairness/beacon-chain.ts';

const usage = `usage: npm run verify -- <export folder> [--fingerprint <hex>] [--receipts <dir>] [--beacon-chain <info.json> ...] [--json]

  --fingerprint  the signing key's fingerprint as the Pitboss console shows it; without it the
                 signature is checked against the key in the folder, which proves integrity but
                 not who signed
  --receipts     a folder of pf2 receipts players saved (*.json: one receipt, a list, or
                 { "receipts": [...] }); each must match the record it names
  --beacon-chain a drand chain's info JSON ({relay}/{chainHash}/info), for pf2 rounds whose public beacon
                 is not quicknet (built in); repeatable. Beacon signatures are checked offline against it
  --json         print the full report as JSON instead of text`;

function fail(message: string): never {
  console.error(`verify: ${message}\n\n${usage}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      fingerprint: { type: 'string' },
      receipts: { type: 'string' },
      'beacon-chain': { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
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

/** Every signed pf2 statement (receipts first of all) in the folder's JSON files; a file that is not JSON is an error, not a silent skip. */
function readReceipts(folder: string): Receipt[] {
  const receipts: Receipt[] = [];
  for (const name of readdirSync(folder).filter((file) => file.endsWith('.json')).sort()) {
    try {
      receipts.push(...heldStatementsIn(JSON.parse(readFileSync(join(folder, name), 'utf8')), name));
    } catch (error) {
      fail(`${join(folder, name)}: ${(error as Error).message}`);
    }
  }
  return receipts;
}

let receipts: Receipt[] = [];
if (parsed.values.receipts !== undefined) {
  try {
    receipts = readReceipts(resolve(parsed.values.receipts));
  } catch (error) {
    fail(`--receipts: ${(error as Error).message}`);
  }
}

const beaconChains: BeaconChain[] = (parsed.values['beacon-chain'] ?? []).map((file) => {
  let info: unknown;
  try {
    info = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`--beacon-chain: cannot read ${file} as JSON: ${(error as Error).message}`);
  }
  const read = chainFromInfo(info);
  return 'chain' in read ? read.chain : fail(`--beacon-chain ${file}: ${read.problem}`);
});

const progress = new ProgressLine(process.stderr, 'verify');
const report = await verifyExport({
  dir: resolve(dir),
  ...(parsed.values.fingerprint === undefined ? {} : { expectFingerprint: parsed.values.fingerprint }),
  receipts,
  beaconChains,
  onProgress: ({ records, total }) => progress.update(records, total),
});
progress.finish(report.records, report.records);
console.log(parsed.values.json ? JSON.stringify(report, null, 2) : formatReport(report));
process.exitCode = report.ok ? 0 : 1;
