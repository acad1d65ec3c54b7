// Item 13 of issue #10: anyone without an invite could read every table's
// bets, player ids and payouts. What the public reads (tables, history,
// proofs) names no player: bettors appear under pseudonyms that are stable
// within a table and keyed with a server secret. A player of the table sees
// which bets are their own (and still verifies rounds); the operator sees
// every bettor; round records stay for the table's players and the operator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinResponse, OperatorTable, RoundProof } from '../../src/shared/api.ts';
import { verifyRound } from '../../src/shared/fairness/verify-round.ts';
import { PlayerClient, inviteOf, joinTable, request, startTestServer, type TestServer } from '../support/harness.ts';

let server: TestServer;
let table: OperatorTable;
let other: OperatorTable;
let players: JoinResponse[];
let stranger: JoinResponse;

async function playRound(tableId: string, round: number, sessions: JoinResponse[]): Promise<void> {
  const clients = await Promise.all(sessions.map((session) => PlayerClient.connect(server.origin, session.token)));
  await server.operator.mustAct(tableId, 'open');
  for (const [index, client] of clients.entries()) {
    await client.waitForEvent('round.opened', round);
    const placed = await client.bet(round, [{ betId: `b${round}-${index}`, spot: index % 2 === 0 ? 'red' : 'black', amountMinor: 1_000 + index * 100 }]);
    expect(placed).toMatchObject({ kind: 'ack' });
  }
  await server.operator.mustAct(tableId, 'close');
  await server.operator.mustAct(tableId, 'spin');
  for (const client of clients) await client.waitForEvent('round.settled', round);
  await Promise.all(clients.map((client) => client.close()));
}

beforeAll(async () => {
  server = await startTestServer();
  table = await server.operator.createTable({ name: 'Public' });
  other = await server.operator.createTable({ name: 'Elsewhere' });
  players = [
    await joinTable(server.origin, inviteOf(table), 'Marguerite', 'seed-of-the-first'),
    await joinTable(server.origin, inviteOf(table), 'Bartholomew', 'seed-of-the-second'),
  ];
  stranger = await joinTable(server.origin, inviteOf(other), 'Outsider');
  await playRound(table.id, 1, players);
  await playRound(table.id, 2, players);
});
afterAll(async () => {
  await server.dispose();
});

const bearer = (session: JoinResponse) => ({ Authorization: `Bearer ${session.token}` });

function proofPath(round: number): string {
  return `/api/tables/${table.id}/rounds/${round}/proof`;
}

describe('item 13: public data', () => {
  it('item 13: anonymous requests and players of other tables see no player id or name in tables, history, proofs or records', async () => {
    const secrets = [...players, stranger].flatMap((player) => [player.playerId, player.name]);
    const publicPaths = ['/api/tables', `/api/tables/${table.id}/history`, proofPath(1), proofPath(2)];
    for (const headers of [{}, bearer(stranger)]) {
      for (const path of publicPaths) {
        const reply = await request(server.origin, 'GET', path, undefined, headers);
        expect(reply.status, path).toBe(200);
        const text = JSON.stringify(reply.body);
        for (const secret of secrets.filter((value) => 'Authorization' in headers ? value !== stranger.playerId && value !== stranger.name : true)) {
          expect(text, `${path} names ${secret}`).not.toContain(secret);
        }
      }
    }
    // A round's signed record names every bettor: never for the public.
    expect((await request(server.origin, 'GET', `/api/tables/${table.id}/rounds/1/record`)).status).toBe(401);
    expect((await request(server.origin, 'GET', `/api/tables/${table.id}/rounds/1/record`, undefined, bearer(stranger))).status).toBe(403);

    // Bettors are there under pseudonyms: one per player, the same in every round of the table.
    const first = (await request<RoundProof>(server.origin, 'GET', proofPath(1))).body;
    const second = (await request<RoundProof>(server.origin, 'GET', proofPath(2))).body;
    const references = (proof: RoundProof) => proof.bets.map((bet) => bet.player);
    expect(new Set(references(first)).size).toBe(2);
    expect(references(first).sort()).toEqual(references(second).sort());
    for (const bet of first.bets) {
      expect(bet.player).toMatch(/^p-[0-9a-f]{12}$/);
      expect(bet).not.toHaveProperty('playerId');
    }
    // Anyone still verifies the round.
    expect(verifyRound(first).ok).toBe(true);
  });

  it('item 13: a player of the table sees their own bets and verifies the round; the operator sees every bettor', async () => {
    const [marguerite, bartholomew] = players as [JoinResponse, JoinResponse];
    const mine = await request<RoundProof>(server.origin, 'GET', proofPath(1), undefined, bearer(marguerite));
    expect(mine.status).toBe(200);
    expect(verifyRound(mine.body).ok).toBe(true);
    const own = mine.body.bets.filter((bet) => bet.playerId === marguerite.playerId);
    expect(own).toEqual([expect.objectContaining({ spot: 'red', amountMinor: 1_000 })]);
    // The other player's bet stays pseudonymous, even to a player of the table.
    expect(JSON.stringify(mine.body)).not.toContain(bartholomew.playerId);
    expect(mine.body.bets.filter((bet) => bet.playerId === undefined)).toHaveLength(1);

    const record = await request(server.origin, 'GET', `/api/tables/${table.id}/rounds/1/record`, undefined, bearer(marguerite));
    expect(record.status).toBe(200);

    const operator = await server.operator.call<RoundProof>('GET', proofPath(1));
    expect(operator.body.bets.map((bet) => bet.playerId).sort()).toEqual([marguerite.playerId, bartholomew.playerId].sort());
    expect((await server.operator.call('GET', `/api/tables/${table.id}/rounds/1/record`)).status).toBe(200);
  });

  it('item 13: pseudonyms are keyed with a secret in the data folder: the same after a restart, different per table and per installation', async () => {
    const id = players[0]!.playerId;
    const before = server.pitboss.services.playerReference(table.id, id);
    expect((await request<RoundProof>(server.origin, 'GET', proofPath(1))).body.bets.map((bet) => bet.player)).toContain(before);
    expect(server.pitboss.services.playerReference(other.id, id)).not.toBe(before);
    await server.stop();
    const again = await startTestServer({ dataDir: server.dataDir });
    try {
      expect((await request<RoundProof>(again.origin, 'GET', proofPath(1))).body.bets.map((bet) => bet.player)).toContain(before);
    } finally {
      await again.stop();
    }
    // Another installation (another key) gives the same ids other pseudonyms: they cannot be recomputed from ids alone.
    const elsewhere = await startTestServer();
    try {
      expect(elsewhere.pitboss.services.playerReference(table.id, id)).not.toBe(before);
    } finally {
      await elsewhere.dispose();
    }
  });
});
