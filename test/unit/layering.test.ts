// The layer table in eslint.config.js is a lint rule, not a convention: ESLint
// with the project's own config, on source text placed (by its filePath) in
// one layer and importing another, reports the crossing; an import the table
// allows is not reported. The files need not exist: lintText only uses the
// path to pick the config and to resolve relative imports.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const rule = 'pitboss/layering';

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The layering messages ESLint gives for `source` as if it were the file at `path` (relative to the project). */
async function layeringMessages(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${root}${path}` });
  if (!result) throw new Error(`ESLint returned no result for ${path}`);
  const fatal = result.messages.filter((message) => message.fatal);
  if (fatal.length > 0) throw new Error(`cannot parse the test source: ${fatal[0]?.message}`);
  return result.messages.filter((message) => message.ruleId === rule).map((message) => message.message);
}

describe('the layer table is enforced by lint', () => {
  it('reports shared code that imports src/main', async () => {
    const messages = await layeringMessages(
      'src/shared/audit/deliberate-violation.ts',
      "import { newToken } from '../../main/server/secrets.ts';\nexport const token = newToken();\n",
    );
    expect(messages).toEqual([
      'Layer shared may not import layer server (src/main/server/secrets.ts): see the layer table in eslint.config.js.',
    ]);
  });

  it('reports a renderer file that imports src/main, including a type-only import', async () => {
    const messages = await layeringMessages(
      'src/renderer/player/deliberate-violation.tsx',
      "import type { Table } from '../../main/tables/table.ts';\nexport type View = Table;\n",
    );
    expect(messages).toEqual([
      'Layer renderer may not import layer tables (src/main/tables/table.ts): see the layer table in eslint.config.js.',
    ]);
  });

  it('reports the tables importing the server (what registry.ts did with secrets.ts)', async () => {
    const messages = await layeringMessages('src/main/tables/deliberate-violation.ts', "export { newToken } from '../server/secrets.ts';\n");
    expect(messages).toEqual([
      'Layer tables may not import layer server (src/main/server/secrets.ts): see the layer table in eslint.config.js.',
    ]);
  });

  it('reports packages a layer forbids: Node built-ins in shared code, the database in the verifier', async () => {
    const shared = await layeringMessages('src/shared/deliberate-violation.ts', "import { createHash } from 'node:crypto';\nexport const hash = createHash;\n");
    expect(shared).toEqual(['Layer shared may not import node:crypto: see the layer table in eslint.config.js.']);
    const verifier = await layeringMessages('src/main/verifier/deliberate-violation.ts', "import Database from 'better-sqlite3';\nexport const open = Database;\n");
    expect(verifier).toEqual(['Layer verifier may not import better-sqlite3: see the layer table in eslint.config.js.']);
  });

  it('reports SQL outside storage: a query, a pragma, the database package, and storage reaching up', async () => {
    const audit = await layeringMessages(
      'src/main/audit/deliberate-violation.ts',
      "import type { Database } from '../storage/database.ts';\nexport const count = (db: Database) => db.prepare(`SELECT count(*) FROM rounds`).get();\n",
    );
    expect(audit).toEqual(['Layer audit may not speak SQL (.prepare()): queries live in src/main/storage.']);
    const server = await layeringMessages(
      'src/main/server/deliberate-violation.ts',
      "import type { Database } from '../storage/database.ts';\nexport const version = (db: Database) => db.pragma('user_version');\n",
    );
    expect(server).toEqual(['Layer server may not speak SQL (.pragma()): queries live in src/main/storage.']);
    const tables = await layeringMessages('src/main/tables/deliberate-violation.ts', "import type Database from 'better-sqlite3';\nexport type Db = Database.Database;\n");
    expect(tables).toEqual(['Layer tables may not import better-sqlite3: see the layer table in eslint.config.js.']);
    const storage = await layeringMessages('src/main/storage/deliberate-violation.ts', "export { Table } from '../tables/table.ts';\n");
    expect(storage).toEqual(['Layer storage may not import layer tables (src/main/tables/table.ts): see the layer table in eslint.config.js.']);
  });

  it('lets storage speak SQL, and does not take a regular expression for a query', async () => {
    const storage = await layeringMessages(
      'src/main/storage/allowed.ts',
      "import BetterSqlite3 from 'better-sqlite3';\nexport const one = (db: BetterSqlite3.Database) => db.prepare('SELECT 1').get();\n",
    );
    expect(storage).toEqual([]);
    const tables = await layeringMessages('src/main/tables/allowed.ts', "export const digits = (text: string) => /\\d+/.exec(text);\n");
    expect(tables).toEqual([]);
  });

  it('does not report imports the table allows', async () => {
    const server = await layeringMessages(
      'src/main/server/allowed.ts',
      [
        "import { TableRegistry } from '../tables/registry.ts';",
        "import { newId } from '../ids.ts';",
        "import { verifyExport } from '../verifier/verify-export.ts';",
        "import { ErrorCode } from '../../shared/protocol.ts';",
        "import { WebSocketServer } from 'ws';",
        'export const parts = [TableRegistry, newId, verifyExport, ErrorCode, WebSocketServer];',
        '',
      ].join('\n'),
    );
    expect(server).toEqual([]);
    const verifier = await layeringMessages(
      'src/main/verifier/allowed.ts',
      "import { readFileSync } from 'node:fs';\nimport { recordHash } from '../../shared/audit/record-format.ts';\nexport const parts = [readFileSync, recordHash];\n",
    );
    expect(verifier).toEqual([]);
    const renderer = await layeringMessages(
      'src/renderer/player/allowed.ts',
      "import { verifyRound } from '../../shared/fairness/verify-round.ts';\nexport const check = verifyRound;\n",
    );
    expect(renderer).toEqual([]);
  });
});
