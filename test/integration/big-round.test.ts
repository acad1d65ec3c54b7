// Issue #10 item 6: a big round finishes in bounded steps (postings in
// chunks, the audit record drafted in parts), and what it records is the same
// as if it had finished at once: every payout exact, the ledger balanced, the
// export verified. The server here calls 5 bets "big", so a round of 36 bets
// takes eight steps of postings and more of record. A step that fails (a
// fault injected through SQLite) stops the round unfinished; a restart
// finishes it, moving nothing twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditJob } from '../../src/shared/audit-api.ts';
import type { OperatorTable } from '../../src/shared/api.ts';
import { verifyExport } from '../../src/main/verifier/verify-export.ts';
import { finishedJob, inviteOf, joinTable, PlayerClient, startTestServer, type TestServer } from '../support/harness.ts';

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

const options = { finishBetsPerStep: 5, gatewayLimits: { messagesPerSecond: 10_000, messageBurst: 10_000 } };
const spots = ['red', 'black', 'even', 'odd', 'low', 'high', 'dozen:1', 'dozen:2', 'column:3', 'straight:0', 'straight:17', 'split:1-2'];

type Seated = { client: PlayerClient; playerId: string; token: string };

async function seatThree(server: TestServer, table: OperatorTable): Promise<Seated[]> {
  return Promise.all(
    ['Ada', 'Bea', 'Cal'].map(async (name) => {
      const session = await joinTable(server.origin, inviteOf(table), name, `seed-${name}`);
      return { client: await PlayerClient.connect(server.origin, session.token), playerId: session.playerId, token: session.token };
    }),
  );
}

/** Opens a round and has each player place 12 bets; returns the round number. */
async function bigRound(server: TestServer, table: OperatorTable, players: Seated[], tag: string): Promise<number> {
  const from = players[0]?.client.received.length ?? 0;
  await server.operator.mustAct(table.id, 'open');
  const opened = await players[0]!.client.waitFor((message) => message.kind === 'event' && message.event.kind === 'round.opened', 'round.opened', {
    fromIndex: from,
  });
  const round = opened.kind === 'event' && opened.event.kind === 'round.opened' ? opened.event.round : 0;
  for (const [index, player] of players.entries()) {
    const bets = spots.map((spot, bet) => ({ betId: `${tag}-${index}-${bet}`, spot, amountMinor: 100 + bet }));
    expect(await player.client.bet(round, bets)).toMatchObject({ kind: 'ack' });
  }
  return round;
}

async function exportVerifies(server: TestServer, tableId: string): Promise<number> {
  const dir = join(mkdtempSync(join(tmpdir(), 'pitboss-big-round-')), 'out');
  scratch.push(join(dir, '..'));
  const started = await server.operator.call<{ job: AuditJob }>('POST', '/api/operator/audit/exports', { tableId, dir });
  expect(started.status).toBe(202);
  const job = await finishedJob(server.operator, started.body.job.id);
  expect(job).toMatchObject({ state: 'done', error: null });
  const report = await verifyExport({ dir });
  expect(report.failures).toEqual([]);
  return job.records;
}

function transferKeysOf(server: TestServer, roundId: number): string[] {
  return server.pitboss.services.db
    .prepare<[string, string], { key: string }>(`SELECT idempotency_key AS key FROM transfers WHERE idempotency_key LIKE ? OR idempotency_key LIKE ?`)
    .all(`stake:${roundId}:%`, `win:${roundId}:%`)
    .map((row) => row.key);
}

describe('item 6: big rounds finish in bounded steps', () => {
  it('item 6: a round of 36 bets settles and another voids in steps; the records are exact and the export verifies', async () => {
    const server = await startTestServer(options);
    try {
      const table = await server.operator.createTable({ name: 'Steps', maxRoundMinor: 1_000_000, maxSpotMinor: 100_000 });
      const players = await seatThree(server, table);
      const settledRound = await bigRound(server, table, players, 's');
      await server.operator.mustAct(table.id, 'close');
      await server.operator.mustAct(table.id, 'spin');
      const settled = await players[0]!.client.waitForEvent('round.settled', settledRound);
      expect(settled.event).toMatchObject({ betCount: 36 });
      // Each player's settlement matches their ledger.
      for (const player of players) {
        const settlement = await player.client.waitFor((message) => message.kind === 'settlement' && message.round === settledRound, 'settlement');
        const me = await fetch(`${server.origin}/api/me`, { headers: { Authorization: `Bearer ${player.token}` } });
        const balance = ((await me.json()) as { balanceMinor: number }).balanceMinor;
        expect(settlement.kind === 'settlement' && settlement.balanceMinor).toBe(balance);
      }
      const voidedRound = await bigRound(server, table, players, 'v');
      await server.operator.mustAct(table.id, 'void');
      await players[0]!.client.waitForEvent('round.voided', voidedRound);
      // The record of the big settled round came in parts; it reads back whole.
      const parts = server.pitboss.services.db.prepare('SELECT count(*) AS n FROM round_record_parts').get() as { n: number };
      expect(parts.n).toBeGreaterThan(1);
      expect(await exportVerifies(server, table.id)).toBe(2);
      expect(server.pitboss.services.ledger.verify()).toEqual({ ok: true, problems: [] });
      await Promise.all(players.map((player) => player.client.close()));
    } finally {
      await server.dispose();
    }
  });

  it('item 6: a step that fails leaves the round unfinished; a restart finishes it and moves nothing twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pitboss-big-round-crash-'));
    scratch.push(dataDir);
    let server = await startTestServer({ ...options, dataDir });
    const table = await server.operator.createTable({ name: 'Interrupted', maxRoundMinor: 1_000_000, maxSpotMinor: 100_000 });
    const players = await seatThree(server, table);
    const round = await bigRound(server, table, players, 'c');
    const db = server.pitboss.services.db;
    const roundId = (db.prepare('SELECT id FROM rounds WHERE table_id = ? AND number = ?').get(table.id, round) as { id: number }).id;
    // The 20th bet's payout cannot be booked: its step (bets 16–20) rolls back, the round stays in result.
    const twentieth = (db.prepare('SELECT id FROM bets WHERE round_id = ? ORDER BY id LIMIT 1 OFFSET 19').get(roundId) as { id: number }).id;
    db.exec(`CREATE TEMP TRIGGER fail_payout BEFORE UPDATE OF payout_minor ON main.bets WHEN NEW.id = ${twentieth} BEGIN SELECT RAISE(ABORT, 'injected'); END`);
    await server.operator.mustAct(table.id, 'close');
    await server.operator.mustAct(table.id, 'spin');
    await players[0]!.client.waitForEvent('round.result', round);
    // Wait on the disk: the steps before the failing one committed, then nothing more moves.
    const paid = () => (db.prepare('SELECT count(*) AS n FROM bets WHERE round_id = ? AND payout_minor IS NOT NULL').get(roundId) as { n: number }).n;
    for (let poll = 0; poll < 200 && paid() < 15; poll++) await new Promise((resolveLater) => setTimeout(resolveLater, 10));
    expect(paid()).toBe(15);
    expect(server.pitboss.services.tableStore.round(table.id, round)?.phase).toBe('result');
    const keysBefore = transferKeysOf(server, roundId);
    await Promise.all(players.map((player) => player.client.close()));
    await server.stop();

    server = await startTestServer({ ...options, dataDir });
    try {
      expect(server.pitboss.services.tableStore.round(table.id, round)?.phase).toBe('settled');
      const keysAfter = transferKeysOf(server, roundId);
      // Every transfer posted before the failure is still there once, and the rest were added.
      expect(new Set(keysAfter).size).toBe(keysAfter.length);
      for (const key of keysBefore) expect(keysAfter).toContain(key);
      const unpaid = server.pitboss.services.db.prepare('SELECT count(*) AS n FROM bets WHERE round_id = ? AND payout_minor IS NULL').get(roundId) as { n: number };
      expect(unpaid.n).toBe(0);
      expect(await exportVerifies(server, table.id)).toBe(1);
      expect(server.pitboss.services.ledger.verify()).toEqual({ ok: true, problems: [] });
    } finally {
      await server.dispose();
    }
  });
});
