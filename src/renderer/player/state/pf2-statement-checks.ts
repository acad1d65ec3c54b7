// Whether a signed pf2 statement (docs/PF2.md §7) is one this page may rely
// on: the right shape, signed by the installation's key the welcome named,
// and about this round of this chain. Everything here comes from the network,
// so nothing throws; a problem is returned as a sentence for the alarm.
import { hexToBytes } from '../../../shared/fairness/pf1.ts';
import { statementShapeProblem, verifyStatement, type StatementKind } from '../../../shared/fairness/pf2-statements.ts';

/** The round a statement must name: its table, number, and the chain commitment and index it was opened under. */
export type RoundIdentity = { table: string; round: number; chain: string; chainIndex: number };

function keyBytes(statementKey: string | null): Uint8Array | null {
  if (statementKey === null || !/^[0-9a-f]{64}$/.test(statementKey)) return null;
  return hexToBytes(statementKey);
}

/** What is wrong with the statement as the `kind` of this round, or null when it is good. */
export function statementProblem(
  statement: unknown,
  kind: StatementKind,
  identity: RoundIdentity,
  statementKey: string | null,
): string | null {
  const key = keyBytes(statementKey);
  if (key === null) return 'the table has not given its statement key, so no statement can be checked';
  const shape = statementShapeProblem(statement);
  if (shape !== null) return `the ${kind} statement is malformed: ${shape}`;
  const body = statement as Record<string, unknown>;
  if (body.kind !== kind) return `expected a ${kind} statement, got ${String(body.kind)}`;
  if (!verifyStatement(statement, key)) return `the ${kind} statement's signature does not verify with the table's key`;
  const expected: [string, string | number][] = [
    ['table', identity.table],
    ['round', identity.round],
    ['chain', identity.chain],
    ['chainIndex', identity.chainIndex],
  ];
  for (const [name, value] of expected) {
    if (body[name] !== value) return `the ${kind} statement names ${name} ${JSON.stringify(body[name])}, not ${JSON.stringify(value)}`;
  }
  return null;
}
