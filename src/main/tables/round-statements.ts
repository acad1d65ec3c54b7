// pf2's signed statements about one round (PF2.md §7): every statement names
// its table, round, chain index and chain, and is signed over its canonical
// JSON with the installation key. One place builds them, for the freeze and
// reveal statements (Pf2Rounds) and blackjack's decisions (HandDriver) alike.
import { canonicalize } from '../../shared/audit/canonical-json.ts';
import type { WireStatement } from '../../shared/protocol.ts';
import type { LiveRound } from './live-round.ts';

export type StatementBody = Record<string, string | number | null> & { kind: string };

export function signRoundStatement(tableId: string, round: LiveRound, body: StatementBody, sign: (canonicalJson: string) => string): WireStatement {
  const statement = { ...body, table: tableId, round: round.number, chainIndex: round.chainIndex, chain: round.commitment };
  return { ...statement, sig: sign(canonicalize(statement)) };
}
