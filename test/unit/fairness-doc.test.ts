// docs/FAIRNESS.md is the repository's copy of the pf1 contract, so auditors
// and players reading only this repository have it; it must never drift from
// the original in ../shared.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const original = resolve(root, '../shared/fairness/FAIRNESS.md');

describe('docs/FAIRNESS.md', () => {
  it('is byte for byte the shared pf1 contract', () => {
    if (!existsSync(original)) {
      console.log(`skipping the comparison: ${original} is not on this machine (the committed copy is all there is)`);
      return;
    }
    expect(readFileSync(resolve(root, 'docs/FAIRNESS.md'), 'utf8')).toBe(readFileSync(original, 'utf8'));
  });
});
