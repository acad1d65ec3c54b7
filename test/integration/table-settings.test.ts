// A setting the dealer changes is the table's until they change it again,
// across restarts too: auto-cycle turned off stays off, turned on stays on
// (and the table starts cycling by itself when the server comes back).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperatorTable } from '../../src/shared/api.ts';
import { startTestServer, type TestServer } from '../support/harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.dispose();
});

async function configAfterRestart(tableId: string): Promise<OperatorTable['config'] | undefined> {
  await server.stop();
  server = await startTestServer({ dataDir: server.dataDir });
  const listed = await server.operator.call<{ tables: OperatorTable[] }>('GET', '/api/operator/tables');
  return listed.body.tables.find((table) => table.id === tableId)?.config;
}

describe('table settings survive a restart', () => {
  it('keeps auto-cycle off once the dealer turns it off, and on once they turn it on', async () => {
    const table = await server.operator.createTable({ name: 'Cycling', autoCycle: true, bettingWindowMs: 30_000 });
    expect((await server.operator.action(table.id, 'auto-off')).status).toBe(200);
    expect(await configAfterRestart(table.id)).toMatchObject({ autoCycle: false });
    expect((await server.operator.action(table.id, 'auto-on')).status).toBe(200);
    expect(await configAfterRestart(table.id)).toMatchObject({ autoCycle: true });
    // Back on after the restart, it opened a round by itself.
    const listed = await server.operator.call<{ tables: OperatorTable[] }>('GET', '/api/operator/tables');
    expect(listed.body.tables.find((candidate) => candidate.id === table.id)?.round?.phase).toBe('betting');
  });
});
