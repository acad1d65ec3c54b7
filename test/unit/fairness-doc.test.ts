// docs/FAIRNESS.md and docs/PF2.md are the repository's copies of the pf1 and
// pf2 contracts, so auditors and players reading only this repository have
// them; they must never drift from the originals in ../shared.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

describe.each([
  ['FAIRNESS.md', 'pf1'],
  ['PF2.md', 'pf2'],
])('docs/%s', (name, scheme) => {
  const original = resolve(root, '../shared/fairness', name);

  it(`is byte for byte the shared ${scheme} contract`, () => {
    if (!existsSync(original)) {
      console.log(`skipping the comparison: ${original} is not on this machine (the committed copy is all there is)`);
      return;
    }
    expect(readFileSync(resolve(root, 'docs', name), 'utf8')).toBe(readFileSync(original, 'utf8'));
  });
});
