// Rewriting an export as a forger would, for the tamper tests: records
// rehashed into a chain, the CSV files written from them, and the manifest's
// counts, totals and file hashes brought up to date; re-signed with a key
// when one is given (the installation's own, say), else the old signature kept.
import { createHash, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signBytes } from '../../src/main/audit/signing-key.ts';
import { GENESIS_HASH, type RoundRecord } from '../../src/shared/audit-record.ts';
import { canonicalize } from '../../src/shared/audit/canonical-json.ts';
import { csvTables, encodeCsvRow, headerOf, rowsOf } from '../../src/shared/audit/csv.ts';
import { Tally, type Manifest } from '../../src/shared/audit/manifest.ts';
import { recordHash } from '../../src/shared/audit/record-format.ts';

/**
 * Writes `records` into the export folder `dir` as a consistent chain (the
 * first keeps its prevHash unless `genesis`), with CSVs and manifest to match.
 */
export function rewriteExport(dir: string, records: RoundRecord[], options: { key?: KeyObject; genesis?: boolean } = {}): void {
  const tally = new Tally();
  records.forEach((record, index) => {
    if (index > 0) record.prevHash = records[index - 1]?.hash ?? '';
    else if (options.genesis) record.prevHash = GENESIS_HASH;
    record.hash = recordHash(record);
    tally.add(record);
  });
  writeFileSync(join(dir, 'records.jsonl'), records.map((record) => `${canonicalize(record)}\n`).join(''));
  for (const table of csvTables) {
    const rows = records.flatMap((record) => rowsOf(table, record).map((row) => encodeCsvRow(row.cells)));
    writeFileSync(join(dir, table.file), encodeCsvRow(headerOf(table)) + rows.join(''));
  }
  const { counts, totals, firstHash, lastHash, lastSeq, lastRound } = tally;
  rewriteManifest(dir, (manifest) => Object.assign(manifest, { counts, totals, firstHash, lastHash, lastSeq, lastRound }), options.key);
}

/** Brings the manifest's file hashes up to date after `update`, and signs it again with `key` if given. */
export function rewriteManifest(dir: string, update: (manifest: Manifest) => void = () => {}, key?: KeyObject): void {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  update(manifest);
  manifest.files = manifest.files.map((file) => {
    const bytes = readFileSync(join(dir, file.name));
    return { ...file, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
  const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(dir, 'manifest.json'), bytes);
  if (key) writeFileSync(join(dir, 'manifest.sig'), signBytes(key, bytes));
}
