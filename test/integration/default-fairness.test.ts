// A new table's fairness scheme when its creator names none: pf2 for every
// game, blackjack included (defaultFairnessFor in src/shared/table-fairness.ts). The operator API,
// and the table serve and the desktop create on first start, all follow it;
// a dealer who names pf1 still gets pf1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperatorTable } from '../../src/shared/api.ts';
import type { GameId } from '../../src/shared/protocol.ts';
import { startTestServer, type TestServer } from '../support/harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ createDefaultTable: true });
});
afterAll(async () => {
  await server.dispose();
});

/** Creates a table through the operator API with no fairness unless `fairness` is given (the harness's createTable pins pf1). */
async function created(game: GameId, fairness?: 'pf1' | 'pf2') {
  return server.operator.call<{ table: OperatorTable }>('POST', '/api/operator/tables', {
    name: `Default ${game}`,
    game,
    minBetMinor: 100,
    maxSpotMinor: 50_000,
    maxRoundMinor: 200_000,
    ...(fairness ? { fairness } : {}),
  });
}

describe('the default fairness of a new table', () => {
  it('is pf2, with the default reveal window, for every game', async () => {
    for (const game of ['roulette-eu', 'baccarat', 'dragon-tiger', 'sicbo', 'blackjack'] as const) {
      const reply = await created(game);
      expect(reply.status, game).toBe(201);
      expect(reply.body.table.fairness, game).toBe('pf2');
      expect(reply.body.table.config, game).toMatchObject({ fairness: 'pf2', revealWindowMs: 2_000 });
    }
  });

  it('gives pf1 to a dealer who names it', async () => {
    const reply = await created('roulette-eu', 'pf1');
    expect(reply.status).toBe(201);
    expect(reply.body.table.config.fairness).toBe('pf1');
  });

  it('is what the table created at startup runs', async () => {
    const listed = await server.operator.call<{ tables: OperatorTable[] }>('GET', '/api/operator/tables');
    const startup = listed.body.tables.find((table) => table.name === 'Roulette 1');
    expect(startup?.config.fairness).toBe('pf2');
  });
});
