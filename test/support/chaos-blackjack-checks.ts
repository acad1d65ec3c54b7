// The checks of the chaos blackjack table (chaos-blackjack.ts), on what the
// players were told (acknowledged bets and decisions) against what the
// server kept: each round's proof after a restart, the audit records at the
// end, the decision rows on disk after the final stop, and the money.
import type Database from 'better-sqlite3';
import type { LedgerSummaryResponse, RoundProof } from '../../src/shared/api.ts';
import type { AuditJob } from '../../src/shared/audit-api.ts';
import type { RoundRecord } from '../../src/shared/audit-record.ts';
import { verifyRound } from '../../src/shared/fairness/verify-round.ts';
import type { BlackjackAction } from '../../src/shared/games/blackjack-round.ts';
import type { BlackjackOutcome } from '../../src/shared/protocol.ts';
import type { OperatorClient } from './harness.ts';

export type Acknowledged = { playerId: string; betId: string; spot: string; amountMinor: number; round: number };
export type Decision = { round: number; seat: number; hand: number; action: BlackjackAction; playerId: string; requestId: string; extraMinor: number };
export type Served = { origin: string; operator: OperatorClient };
export type Problem = (text: string) => void;

/** What the players of the blackjack table were told, and saw. */
export type Played = {
  tableId: string;
  bets: readonly Acknowledged[];
  /** Acknowledged decisions, in the order each seat's owner made them. */
  decisions: readonly Decision[];
  /** Decisions sent whose answer never came (the server died): each may or may not have been applied. */
  unanswered: readonly Decision[];
  /** Rounds some player saw dealt. */
  dealt: ReadonlySet<number>;
};

/**
 * A round after a restart: settled, or voided only if nobody saw it dealt; its proof verifies and
 * holds every acknowledged stake; each seat played exactly its acknowledged decisions, in order
 * (and perhaps the one request the kill left unanswered), the table's own stands aside.
 */
export function checkRound(log: Played, proof: RoundProof, problem: Problem): void {
  const round = proof.round;
  const bets = log.bets.filter((bet) => bet.round === round);
  const decisions = log.decisions.filter((decision) => decision.round === round);
  if (proof.phase === 'voided') {
    if (log.dealt.has(round) || proof.outcome !== null) problem(`blackjack round ${round} was dealt, then voided`);
    if (decisions.length > 0) problem(`blackjack round ${round} was voided after ${decisions.length} acknowledged decisions`);
    return;
  }
  if (proof.phase !== 'settled') return problem(`blackjack round ${round} is left ${proof.phase}`);
  const verified = verifyRound(proof);
  if (!verified.ok) problem(`blackjack round ${round}: proof does not verify: ${JSON.stringify(verified.checks.filter((check) => !check.ok))}`);
  // Stakes by spot and amount (the proof's player references are the table's business).
  const rows = proof.bets.map((bet) => `${bet.spot} ${bet.amountMinor}`);
  const expected = [
    ...bets.map((bet) => `${bet.spot} ${bet.amountMinor}`),
    ...decisions.filter((decision) => decision.extraMinor > 0).map((decision) => `${extraSpot(decision)} ${decision.extraMinor}`),
  ];
  for (const row of expected) {
    const at = rows.indexOf(row);
    if (at < 0) problem(`blackjack round ${round}: acknowledged stake ${row} is missing from the proof`);
    else rows.splice(at, 1);
  }
  const outcome = proof.outcome as BlackjackOutcome;
  for (const seat of new Set(outcome.decisions.map((decision) => decision.seat))) {
    const played = outcome.decisions.filter((decision) => decision.seat === seat && decision.action !== 'timeout').map(describe);
    const acknowledged = decisions.filter((decision) => decision.seat === seat).map(describe);
    const lost = log.unanswered.filter((decision) => decision.round === round && decision.seat === seat).map(describe);
    // What the seat's owner had acknowledged, in order, and at most the one request the kill left unanswered.
    const same = (list: string[]) => list.length === played.length && list.every((text, index) => played[index] === text);
    if (!same(acknowledged) && !same([...acknowledged, ...lost])) {
      problem(`blackjack round ${round} seat ${seat}: played [${played.join(', ')}], acknowledged [${acknowledged.join(', ')}]`);
    }
  }
  for (const decision of decisions) {
    if (!outcome.decisions.some((played) => played.seat === decision.seat)) problem(`blackjack round ${round}: acknowledged ${describe(decision)} on seat ${decision.seat} is missing`);
  }
}

/** After the final stop: no dealt round was voided, every acknowledged decision is one row, as acknowledged. Returns the table's own decisions. */
export function checkDecisionRows(log: Played, db: Database.Database, problem: Problem): number {
  const tableId = log.tableId;
  const voided = db.prepare("SELECT number FROM rounds WHERE table_id = ? AND phase = 'voided' AND dealt_at IS NOT NULL").all(tableId) as { number: number }[];
  for (const row of voided) problem(`blackjack round ${row.number} was dealt (dealt_at) and voided`);
  const recorded = db.prepare(
    `SELECT r.number AS round, d.seat, d.hand, d.action FROM blackjack_decisions d JOIN rounds r ON r.id = d.round_id
     WHERE d.player_id = ? AND d.request_id = ?`,
  );
  for (const decision of log.decisions) {
    const rows = recorded.all(decision.playerId, decision.requestId) as { round: number; seat: number; hand: number; action: string }[];
    const row = rows[0];
    if (rows.length !== 1 || row?.round !== decision.round || row.seat !== decision.seat || row.hand !== decision.hand || row.action !== decision.action) {
      problem(`acknowledged decision ${decision.requestId} (${describe(decision)}, round ${decision.round}) is recorded ${rows.length} times as ${JSON.stringify(rows)}`);
    }
  }
  return (db.prepare(
    `SELECT count(*) AS count FROM blackjack_decisions d JOIN rounds r ON r.id = d.round_id WHERE r.table_id = ? AND d.action = 'timeout'`,
  ).get(tableId) as { count: number }).count;
}

/**
 * The audit records: every acknowledged bet in exactly one, by its id, settled or (its round
 * voided, never dealt) refunded; every decision's stake booked once; no refund in a settled round.
 */
export function checkRecords(log: Played, records: RoundRecord[], problem: Problem): void {
  const found = new Map<string, { record: RoundRecord; bet: RoundRecord['bets'][number] }[]>();
  for (const record of records) {
    for (const bet of record.bets) {
      const key = `${bet.playerId}/${bet.betId}`;
      found.set(key, [...(found.get(key) ?? []), { record, bet }]);
    }
    if (record.status === 'settled' && record.bets.some((bet) => bet.status === 'refunded' || bet.transfers.some((transfer) => transfer.kind === 'void_refund'))) {
      problem(`blackjack round ${record.round} settled with a refund in it`);
    }
    if (record.status === 'voided' && record.outcome !== null) problem(`blackjack round ${record.round} was voided after its deal`);
  }
  for (const bet of log.bets) {
    const places = found.get(`${bet.playerId}/${bet.betId}`) ?? [];
    if (places.length !== 1) {
      problem(`acknowledged blackjack bet ${bet.betId} is in ${places.length} records`);
      continue;
    }
    const { record, bet: row } = places[0]!;
    if (record.round !== bet.round || row.spot !== bet.spot || row.amountMinor !== bet.amountMinor) problem(`blackjack bet ${bet.betId} differs from what was acknowledged`);
    const expected = record.status === 'settled' ? 'settled' : 'refunded';
    if (row.status !== expected) problem(`blackjack bet ${bet.betId} is ${row.status} in a ${record.status} round`);
  }
  for (const decision of log.decisions.filter((candidate) => candidate.extraMinor > 0)) {
    const record = records.find((candidate) => candidate.round === decision.round);
    const rows = record?.bets.filter((bet) => bet.playerId === decision.playerId && bet.spot === extraSpot(decision)) ?? [];
    if (rows.length !== 1 || rows[0]?.amountMinor !== decision.extraMinor || rows[0]?.status !== 'settled') {
      problem(`blackjack round ${decision.round}: the stake of ${describe(decision)} on seat ${decision.seat} is booked ${rows.length} times`);
    }
  }
}

export function describe(decision: { hand: number; action: string }): string {
  return `${decision.action}@${decision.hand}`;
}

export function extraSpot(decision: Decision): string {
  if (decision.action === 'double') return `double:${decision.seat}:${decision.hand}`;
  if (decision.action === 'split') return `split:${decision.seat}`;
  return `insurance:${decision.seat}`;
}

/** Both tables' money, between rounds: the ledger sums to zero, every escrow is empty, no wallet is below zero. */
export async function checkMoney(served: Served, problem: Problem): Promise<void> {
  const summary = await served.operator.call<LedgerSummaryResponse>('GET', '/api/operator/ledger');
  if (summary.status !== 200) return problem(`ledger summary answered ${summary.status}`);
  if (summary.body.sumMinor !== 0) problem(`the ledger sums to ${summary.body.sumMinor}`);
  for (const account of summary.body.accounts) {
    if (account.kind === 'escrow' && account.balanceMinor !== 0) problem(`escrow ${account.ref} holds ${account.balanceMinor} between rounds`);
    if (account.kind === 'wallet' && account.balanceMinor < 0) problem(`wallet ${account.ref} is at ${account.balanceMinor}`);
  }
}

/** Polls an audit job until it finishes: at most 800 polls of 25 ms. */
export async function finishedJob(operator: OperatorClient, jobId: string): Promise<AuditJob> {
  for (let poll = 0; poll < 800; poll++) {
    const reply = await operator.call<{ job: AuditJob }>('GET', `/api/operator/audit/jobs/${jobId}`);
    if (reply.body.job.state !== 'running') return reply.body.job;
    await new Promise((resolveLater) => setTimeout(resolveLater, 25));
  }
  throw new Error(`audit job ${jobId} did not finish in time`);
}
