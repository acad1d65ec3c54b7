// `npm run security:scan`: Electronegativity over the shell and the preload,
// plus the same CSP evaluator it uses, run on the policy the server really
// sends. Exits 1 on any finding not reviewed in the code (an `eng-disable`
// comment with its reason) or accepted below (each one explained in
// docs/security.md), and on any file the scanner could not parse.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { contentSecurityPolicy } from '../src/main/server/static-files.ts';

type Finding = {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name?: string } | string;
  confidence: { name?: string } | string;
  description: string;
};
type ScanResult = { issues: Finding[]; errors: { file: string; message: string; tolerable: boolean }[] };

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));

/** Global checks that cannot see what they look for; docs/security.md says how each item is met. */
const accepted: Record<string, string> = {
  CSP_GLOBAL_CHECK:
    'the policy is built in src/main/server/static-files.ts and added by src/main/desktop/session.ts, which the scanner cannot follow; it is evaluated below instead',
};

// Electronegativity fetches translations at start (and crashes offline when
// its HTTP client retries). The scan must be offline and deterministic, so
// its HTTP client is replaced by one that fails at once; English is built in.
const i18nModule = require.resolve('@doyensec/electronegativity/dist/locales/i18n.js');
const gotPath = createRequire(i18nModule).resolve('got');
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: () => Promise.reject(new Error('offline scan')) } as never;

const run = require('@doyensec/electronegativity') as (options: object, forCli: boolean) => Promise<ScanResult>;
const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

// One input holding both folders, so global checks (navigation limits,
// permission handler) see the whole shell at once.
const input = mkdtempSync(join(tmpdir(), 'pitboss-scan-'));
let failed = false;
try {
  cpSync(join(root, 'src/main'), join(input, 'main'), { recursive: true });
  cpSync(join(root, 'src/preload'), join(input, 'preload'), { recursive: true });
  const result = await run(
    { input, isRelative: true, electronVersionOverride: electronVersion, excludeFromScan: ['AvailableSecurityFixesGlobalCheck'], parserPlugins: [] },
    false,
  );

  for (const error of result.errors.filter((candidate) => !candidate.tolerable)) {
    failed = true;
    console.log(`UNSCANNED ${error.file}: ${error.message}`);
  }
  const label = (value: Finding['severity']): string => (typeof value === 'string' ? value : (value.name ?? '?'));
  for (const issue of result.issues) {
    const where = issue.file === 'N/A' ? '(whole app)' : `${issue.file}:${issue.location.line}`;
    const reason = accepted[issue.id];
    if (reason) {
      console.log(`accepted  ${issue.id} ${where}: ${reason}`);
      continue;
    }
    failed = true;
    console.log(`FINDING   ${issue.id} ${where} [${label(issue.severity)}/${label(issue.confidence)}] ${issue.description}`);
  }

  type CspFinding = { severity: number; directive: string; description: string };
  const csp = require('@doyensec/csp-evaluator') as {
    CspParser: new (policy: string) => { csp: unknown };
    CspEvaluator: new (policy: unknown, version: unknown) => { evaluate(): CspFinding[] };
    Version: { CSP3: unknown };
    severities: Record<string, number>;
  };
  const cspFindings = new csp.CspEvaluator(new csp.CspParser(contentSecurityPolicy).csp, csp.Version.CSP3).evaluate();
  for (const finding of cspFindings) {
    // HIGH, SYNTAX and MEDIUM are definite; the "maybe" grades depend on what the origin hosts.
    const definite = finding.severity < (csp.severities.HIGH_MAYBE ?? 40);
    if (definite) failed = true;
    console.log(`${definite ? 'FINDING' : 'note'}      CSP ${finding.directive}: ${finding.description}`);
  }
  console.log(`\nscanned src/main and src/preload (Electron ${electronVersion}): ${failed ? 'FAILED' : 'passed'}`);
} finally {
  rmSync(input, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
