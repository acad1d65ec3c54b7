// Transfer ids across a whole export (docs/audit-format.md §7, "Transfer ids
// across records"): each record's ids lie above every id of the records
// before it, which one remembered number checks and which rules out an id
// used twice anywhere in the export.
import { describe, expect, it } from 'vitest';
import type { RoundRecord } from '../../src/shared/audit-record.ts';
import { TransferOrder } from '../../src/main/verifier/chain-checks.ts';

/** A record with only what the check reads: its round and its bets' transfer ids. */
function record(round: number, ...bets: number[][]): RoundRecord {
  return { round, bets: bets.map((ids) => ({ transfers: ids.map((id) => ({ id })) })) } as unknown as RoundRecord;
}

function run(records: RoundRecord[]): { round: number; field: string; message: string }[] {
  const order = new TransferOrder();
  return records.flatMap((each) => order.check(each).map(({ field, message }) => ({ round: each.round, field, message })));
}

describe('transfer ids across records', () => {
  it('accepts ids that rise from record to record, gaps and rounds without bets included', () => {
    // Within a record bets interleave (bet 0 settles after bet 1 was placed); only the record's range matters.
    expect(run([record(1, [1, 5], [2, 6]), record(2), record(3, [9, 12], [10, 11]), record(4, [40, 41])])).toEqual([]);
  });

  it('names an id of an earlier round used again, however far back', () => {
    const found = run([record(1, [1, 5], [2, 6]), record(2, [7, 9]), record(3, [10, 11], [5, 12])]);
    expect(found).toEqual([{ round: 3, field: 'bets[1].transfers[0].id', message: expect.stringContaining('transfer 5 is not above 9, the last transfer of round 2') }]);
  });

  it('names the repeat of the previous record’s last id, and a record whose ids go back', () => {
    expect(run([record(1, [1, 2]), record(2, [2, 3])])[0]?.field).toBe('bets[0].transfers[0].id');
    expect(run([record(1, [10, 11]), record(2, [3, 4])])).toHaveLength(1);
  });

  it('reports one finding per record and keeps going from the highest id seen', () => {
    const found = run([record(1, [10, 11]), record(2, [3, 4], [5, 20]), record(3, [15, 21]), record(4, [22])]);
    expect(found.map((each) => [each.round, each.field])).toEqual([
      [2, 'bets[0].transfers[0].id'],
      [3, 'bets[0].transfers[0].id'],
    ]);
  });
});
