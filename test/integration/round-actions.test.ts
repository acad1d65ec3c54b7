// The table refuses exactly the dealer actions that the shared definition
// (shared/round-actions.ts, which the console and the desktop menu grey out
// by) says are illegal in its phase, and accepts the legal ones: walked
// through every phase a roulette table passes, over the real operator API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Phase } from '../../src/shared/protocol.ts';
import { isLegalInPhase, type PhaseAction } from '../../src/shared/round-actions.ts';
import { PlayerClient, inviteOf, joinTable, startTestServer, type TestServer } from '../support/harness.ts';

const actions: readonly PhaseAction[] = ['open', 'close', 'spin', 'void', 'rotate-chain'];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.dispose();
});

describe('dealer actions by phase', () => {
  it('the table refuses in each phase exactly what the shared definition calls illegal', async () => {
    const created = await server.operator.createTable({ name: 'Phases' });
    const table = server.pitboss.services.tables.get(created.id);
    if (!table) throw new Error('the table was not created');
    const session = await joinTable(server.origin, inviteOf(created), 'Watcher');
    const watcher = await PlayerClient.connect(server.origin, session.token);
    const seen: Phase[] = [];

    /** Every illegal action is refused with wrong_phase and changes nothing; then the legal `next` is accepted. */
    async function refuseIllegalThen(next: PhaseAction): Promise<void> {
      const phase = table!.phase;
      seen.push(phase);
      expect(isLegalInPhase(next, phase), `${next} in ${phase}`).toBe(true);
      for (const action of actions.filter((candidate) => !isLegalInPhase(candidate, phase))) {
        const reply = await server.operator.action(created.id, action);
        expect({ action, phase, status: reply.status, body: reply.body }).toMatchObject({
          action,
          phase,
          status: 409,
          body: { error: { code: 'wrong_phase' } },
        });
        expect(table!.phase).toBe(phase);
      }
      await server.operator.mustAct(created.id, next);
    }

    await refuseIllegalThen('rotate-chain'); // idle
    await refuseIllegalThen('open'); // idle, after a rotation
    await refuseIllegalThen('close'); // betting
    await refuseIllegalThen('spin'); // closed
    await watcher.waitForEvent('round.settled', 1);
    await refuseIllegalThen('open'); // settled
    await refuseIllegalThen('void'); // betting
    await refuseIllegalThen('rotate-chain'); // voided
    await refuseIllegalThen('open'); // voided
    await refuseIllegalThen('close'); // betting
    await refuseIllegalThen('void'); // closed
    expect(seen).toEqual(['idle', 'idle', 'betting', 'closed', 'settled', 'betting', 'voided', 'voided', 'betting', 'closed']);
    expect(table.phase).toBe('voided');
  });
});
