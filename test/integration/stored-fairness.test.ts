// A table stored before pf2 existed has no fairness in its stored config. It
// ran pf1, so after a restart it still runs pf1 (bets without commitments, a
// spin after the close) rather than picking up the pf2 default new tables get.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperatorTable } from '../../src/shared/api.ts';
import { databaseFileName } from '../../src/main/server/pitboss-options.ts';
import { PlayerClient, inviteOf, joinTable, startTestServer, type TestServer } from '../support/harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.dispose();
});

describe('a table stored before pf2', () => {
  it('keeps running pf1 after a restart', async () => {
    const table = await server.operator.createTable({ name: 'Before pf2' });
    await server.stop();
    // Its config as a server from before migration 007 wrote it: no fairness, no reveal window.
    const db = new Database(join(server.dataDir, databaseFileName));
    db.prepare(`UPDATE game_tables SET config = json_remove(config, '$.fairness', '$.revealWindowMs') WHERE id = ?`).run(table.id);
    expect(JSON.parse((db.prepare('SELECT config FROM game_tables WHERE id = ?').get(table.id) as { config: string }).config)).not.toHaveProperty('fairness');
    db.close();

    const again = await startTestServer({ dataDir: server.dataDir });
    try {
      const listed = await again.operator.call<{ tables: OperatorTable[] }>('GET', '/api/operator/tables');
      expect(listed.body.tables.find((candidate) => candidate.id === table.id)?.config.fairness).toBe('pf1');
      const session = await joinTable(again.origin, inviteOf(table), 'Ann');
      await again.operator.mustAct(table.id, 'open');
      const player = await PlayerClient.connect(again.origin, session.token);
      expect((await player.bet(1, [{ betId: 'old', spot: 'red', amountMinor: 100 }])).kind).toBe('ack');
      await again.operator.mustAct(table.id, 'close');
      const settled = player.waitForEvent('round.settled', 1);
      await again.operator.mustAct(table.id, 'spin');
      await settled;
      await player.close();
    } finally {
      await again.stop();
    }
  });
});
