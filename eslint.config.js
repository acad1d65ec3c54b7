import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Which layer may import which. A file belongs to the first layer with an
// entry that is its path (or, ending in '/', a folder above it); it may
// import its own layer, the layers listed, and no package it forbids
// ('node:' stands for Node's built-in modules). Files in no layer (tests,
// scripts, bench) may import anything. Read upwards: shared is the bottom;
// the audit format lives in it (src/shared/audit) and the export verifier
// sits right above it, so an auditor's copy of the verifier needs nothing
// that knows the database; the renderer sees shared code only. The beacon
// client (src/main/beacon: relays, the worker that checks signatures) also
// sits on shared alone, so the tables and the server can both use it. Storage owns
// all SQL: it alone imports better-sqlite3 and calls prepare() or pragma();
// the layers above hold a Database only to run their work in its
// transactions, and storage imports none of them.
const database = 'better-sqlite3';
const serverOnly = [database, 'ws'];
const browser = ['node:', ...serverOnly, 'electron'];
const base = ['src/main/ids.ts', 'src/main/data-dir.ts', 'src/main/desktop-policy.ts'];
const low = ['shared', 'verifier', 'base', 'beacon'];
const core = ['ledger', 'storage', 'players', 'tables', 'audit'];
// prettier-ignore
const layers = [
  // layer       its files                                     may import                          forbids
  ['shared',   ['src/shared/'],                                [],                                 browser],
  ['renderer', ['src/renderer/'],                              ['shared'],                         browser],
  ['preload',  ['src/preload/'],                               ['shared'],                         ['node:', ...serverOnly]],
  ['verifier', ['src/main/verifier/'],                         ['shared'],                         [...serverOnly, 'electron']],
  ['beacon',   ['src/main/beacon/'],                           ['shared'],                         [...serverOnly, 'electron']],
  ['base',     base,                                           ['shared'],                         [...serverOnly, 'electron']],
  ['storage',  ['src/main/storage/'],                          low,                                ['ws', 'electron']],
  ['ledger',   ['src/main/ledger/'],                           [...low, ...core],                  [...serverOnly, 'electron']],
  ['players',  ['src/main/players/'],                          [...low, ...core],                  [...serverOnly, 'electron']],
  ['tables',   ['src/main/tables/'],                           [...low, ...core],                  [...serverOnly, 'electron']],
  ['audit',    ['src/main/audit/'],                            [...low, ...core],                  [...serverOnly, 'electron']],
  ['server',   ['src/main/server/'],                           [...low, ...core],                  [database, 'electron']],
  ['desktop',  ['src/main/desktop/'],                          [...low, ...core, 'server'],        [database]],
  ['entry',    ['src/main/index.ts', 'src/main/headless.ts'],  [...low, ...core, 'server', 'desktop'], [database]],
];
/** The calls that speak SQL to a better-sqlite3 Database: only storage makes them. */
const sqlMethods = ['prepare', 'pragma', 'exec'];
const sqlLayers = ['storage'];

const root = import.meta.dirname;

function layerOf(absolutePath) {
  const path = relative(root, absolutePath).split(sep).join('/');
  for (const [name, files] of layers) {
    if (files.some((entry) => (entry.endsWith('/') ? path.startsWith(entry) : path === entry))) return name;
  }
  return null;
}

function forbiddenPackage(specifier, forbids) {
  const builtin = specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]);
  return forbids.find((name) => (name === 'node:' ? builtin : specifier === name || specifier.startsWith(`${name}/`))) ?? null;
}

const layering = {
  meta: {
    type: 'problem',
    messages: {
      layer: 'Layer {{from}} may not import layer {{to}} ({{target}}): see the layer table in eslint.config.js.',
      package: 'Layer {{from}} may not import {{specifier}}: see the layer table in eslint.config.js.',
      sql: 'Layer {{from}} may not speak SQL (.{{method}}()): queries live in src/main/storage.',
    },
    schema: [],
  },
  create(context) {
    const from = layerOf(context.filename);
    if (from === null) return {};
    const [, , mayImport, forbids] = layers.find(([name]) => name === from);
    const check = (source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      const specifier = source.value;
      if (!specifier.startsWith('.')) {
        const banned = forbiddenPackage(specifier, forbids);
        if (banned !== null) context.report({ node: source, messageId: 'package', data: { from, specifier } });
        return;
      }
      const target = resolve(dirname(context.filename), specifier);
      const to = layerOf(target);
      if (to === null || to === from || mayImport.includes(to)) return;
      context.report({ node: source, messageId: 'layer', data: { from, to, target: relative(root, target).split(sep).join('/') } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      // RegExp's exec() is not SQL: only a call whose argument is a string or a template is.
      'CallExpression > MemberExpression.callee': (node) => {
        if (sqlLayers.includes(from) || node.property.type !== 'Identifier' || !sqlMethods.includes(node.property.name)) return;
        const [first] = node.parent.arguments;
        if (first?.type !== 'TemplateLiteral' && !(first?.type === 'Literal' && typeof first.value === 'string')) return;
        context.report({ node, messageId: 'sql', data: { from, method: node.property.name } });
      },
    };
  },
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { pitboss: { rules: { layering } } },
    rules: {
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use crypto: pf1 forbids Math.random near outcomes, ids and tokens.' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'pitboss/layering': 'error',
    },
  },
);
