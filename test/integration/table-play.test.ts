// Three players at one real table over real sockets, through several rounds:
// every balance, every ledger line and every outcome is checked exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerLine, LedgerSummaryResponse, MeLedgerResponse, RoundProof } from '../../src/shared/api.ts';
import { verifyRound } from '../../src/shared/fairness/verify-round.ts';
import { rouletteSpots } from '../../src/shared/games/roulette.ts';
import { PlayerClient, inviteOf, joinTable, request, startTestServer, type TestServer } from '../support/harness.ts';

/** An oracle independent of the server's paytable lookup: total returned for a stake on a spot. */
function expectedReturn(spot: string, amountMinor: number, pocket: number): number {
  const definition = rouletteSpots.get(spot);
  if (!definition) throw new Error(`unknown spot ${spot}`);
  const covered = definition.pockets.includes(pocket);
  // 36 / (pockets covered) is the fair multiple; European payouts are that minus the stake.
  return covered ? amountMinor * (36 / definition.pockets.length) : 0;
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.dispose();
});

describe('a table with three players', () => {
  it('books every bet, payout and ledger line exactly over several rounds', async () => {
    const table = await server.operator.createTable({ name: 'Three players' });
    const invite = inviteOf(table);
    const names = ['Alice', 'Bruno', 'Chen'];
    const sessions = await Promise.all(names.map((name, index) => joinTable(server.origin, invite, name, `seed-${index}`)));
    const clients = await Promise.all(sessions.map((session) => PlayerClient.connect(server.origin, session.token)));
    const balances = sessions.map(() => 100_000);
    const wagers: Record<number, { spot: string; amountMinor: number }[]> = {
      0: [
        { spot: 'red', amountMinor: 1_000 },
        { spot: 'straight:17', amountMinor: 200 },
        { spot: 'dozen:2', amountMinor: 500 },
      ],
      1: [
        { spot: 'black', amountMinor: 2_500 },
        { spot: 'split:0-1', amountMinor: 300 },
        { spot: 'corner:1-2-4-5', amountMinor: 400 },
        { spot: 'line:1-6', amountMinor: 600 },
      ],
      2: [
        { spot: 'odd', amountMinor: 700 },
        { spot: 'column:3', amountMinor: 800 },
        { spot: 'street:34-35-36', amountMinor: 100 },
        { spot: 'first-four', amountMinor: 100 },
        { spot: 'high', amountMinor: 900 },
      ],
    };
    const rounds = 5;
    let betCounter = 0;
    const expectedLines: Record<number, { kind: string; deltaMinor: number }[]> = { 0: [], 1: [], 2: [] };
    for (let index = 0; index < 3; index += 1) expectedLines[index]!.push({ kind: 'join_credit', deltaMinor: 100_000 });

    for (let roundIndex = 0; roundIndex < rounds; roundIndex += 1) {
      await server.operator.mustAct(table.id, 'open');
      const opened = await clients[0]!.waitForEvent('round.opened', roundIndex + 1);
      expect(opened.event).toMatchObject({ round: roundIndex + 1, commitment: table.commitment, chainIndex: roundIndex + 1 });
      const round = roundIndex + 1;

      const placed = await Promise.all(
        clients.map((client, index) => {
          const bets = wagers[index]!.map((wager) => ({ ...wager, betId: `bet-${(betCounter += 1)}` }));
          return client.bet(round, bets).then((reply) => ({ reply, bets }));
        }),
      );
      placed.forEach(({ reply, bets }, index) => {
        const stake = bets.reduce((sum, bet) => sum + bet.amountMinor, 0);
        balances[index]! -= stake;
        expect(reply).toEqual({ kind: 'ack', requestId: expect.any(String), balanceMinor: balances[index] });
        for (const bet of bets) expectedLines[index]!.push({ kind: 'bet', deltaMinor: -bet.amountMinor });
      });
      // Everyone sees everyone's bets and recorded seeds.
      for (const client of clients) {
        for (const session of sessions) {
          await client.waitFor(
            (message) =>
              message.kind === 'event' &&
              message.event.kind === 'bets.placed' &&
              message.event.round === round &&
              message.event.bets.some((bet) => bet.playerId === session.playerId),
            `bets of ${session.name}`,
          );
        }
      }

      await server.operator.mustAct(table.id, 'close');
      await server.operator.mustAct(table.id, 'spin');
      const result = await clients[1]!.waitForEvent('round.result', round);
      if (result.event.kind !== 'round.result') throw new Error('expected a result');
      const outcome = result.event.outcome;
      if (!('pocket' in outcome)) throw new Error('expected a roulette outcome');
      const pocket = outcome.pocket;
      expect(result.event.clientString).toBe('seed-0,seed-1,seed-2');
      const settled = await clients[2]!.waitForEvent('round.settled', round);
      if (settled.event.kind !== 'round.settled') throw new Error('expected a settlement');

      let houseWin = 0;
      const expectedSettlements: { round: number; stakeMinor: number; payoutMinor: number }[] = [];
      sessions.forEach((session, index) => {
        let stake = 0;
        let paid = 0;
        for (const wager of wagers[index]!) {
          const returned = expectedReturn(wager.spot, wager.amountMinor, pocket);
          stake += wager.amountMinor;
          paid += returned;
          if (returned > 0) expectedLines[index]!.push({ kind: 'payout_stake', deltaMinor: wager.amountMinor });
          if (returned > wager.amountMinor) expectedLines[index]!.push({ kind: 'payout_win', deltaMinor: returned - wager.amountMinor });
        }
        balances[index]! += paid;
        houseWin += stake - paid;
        const topEntry = settled.event.kind === 'round.settled' ? settled.event.topPayouts.find((p) => p.playerId === session.playerId) : undefined;
        if (paid > 0) expect(topEntry).toEqual({ playerId: session.playerId, playerName: names[index], stakeMinor: stake, payoutMinor: paid });
        else expect(topEntry).toBeUndefined();
        expectedSettlements[index] = { round, stakeMinor: stake, payoutMinor: paid };
      });
      expect(settled.event).toMatchObject({ houseWinMinor: houseWin, betCount: 12 });
      // Each player is told their own result and new balance, privately.
      for (const [index, client] of clients.entries()) {
        const settlement = await client.waitFor(
          (message) => message.kind === 'settlement' && message.round === round,
          `settlement of round ${round} for ${names[index]}`,
        );
        expect(settlement).toEqual({ kind: 'settlement', ...expectedSettlements[index], balanceMinor: balances[index] });
      }

      // The round verifies under pf1 from its public proof alone.
      const proof = await request<RoundProof>(server.origin, 'GET', `/api/tables/${table.id}/rounds/${round}/proof`);
      expect(proof.status).toBe(200);
      expect(verifyRound(proof.body).ok).toBe(true);
      expect(proof.body.bets).toHaveLength(12);
    }

    for (const [index, session] of sessions.entries()) {
      const me = await request<{ balanceMinor: number }>(server.origin, 'GET', '/api/me', undefined, {
        Authorization: `Bearer ${session.token}`,
      });
      expect(me.body.balanceMinor).toBe(balances[index]);
      const ledger = await request<MeLedgerResponse>(server.origin, 'GET', '/api/me/ledger?limit=1000', undefined, {
        Authorization: `Bearer ${session.token}`,
      });
      const lines = [...ledger.body.lines].reverse().map((line: LedgerLine) => ({ kind: line.kind, deltaMinor: line.deltaMinor }));
      expect(lines).toEqual(expectedLines[index]);
      expect(lines.reduce((sum, line) => sum + line.deltaMinor, 0)).toBe(balances[index]);
    }

    const summary = await server.operator.call<LedgerSummaryResponse>('GET', '/api/operator/ledger');
    expect(summary.body.sumMinor).toBe(0);
    const escrow = summary.body.accounts.find((account) => account.kind === 'escrow' && account.ref === table.id);
    expect(escrow?.balanceMinor).toBe(0);
    expect(server.pitboss.services.ledger.verify()).toEqual({ ok: true, problems: [] });
    await Promise.all(clients.map((client) => client.close()));
  });

  it('voiding a round refunds every stake to the cent', async () => {
    const table = await server.operator.createTable({ name: 'Void' });
    const session = await joinTable(server.origin, inviteOf(table), 'Dana');
    const client = await PlayerClient.connect(server.origin, session.token);
    await server.operator.mustAct(table.id, 'open');
    await client.waitForEvent('round.opened', 1);
    const reply = await client.bet(1, [
      { betId: 'v1', spot: 'red', amountMinor: 5_000 },
      { betId: 'v2', spot: 'straight:0', amountMinor: 1_000 },
    ]);
    expect(reply).toMatchObject({ kind: 'ack', balanceMinor: 94_000 });
    await server.operator.mustAct(table.id, 'close');
    const voided = await server.operator.action(table.id, 'void', 'wheel fault');
    expect(voided.status).toBe(200);
    const event = await client.waitForEvent('round.voided', 1);
    expect(event.event).toMatchObject({ reason: 'wheel fault' });
    await client.waitFor((message) => message.kind === 'balance' && message.balanceMinor === 100_000, 'refund');
    const proof = await request<RoundProof>(server.origin, 'GET', `/api/tables/${table.id}/rounds/1/proof`);
    expect(proof.body).toMatchObject({ phase: 'voided', serverSeed: null });
    // Spinning a voided round is refused.
    expect((await server.operator.action(table.id, 'spin')).status).toBe(409);
    await client.close();
  });

  it('takes back single bets and all bets while betting is open', async () => {
    const table = await server.operator.createTable({ name: 'Undo' });
    const session = await joinTable(server.origin, inviteOf(table), 'Eve');
    const client = await PlayerClient.connect(server.origin, session.token);
    await server.operator.mustAct(table.id, 'open');
    await client.bet(1, [
      { betId: 'u1', spot: 'red', amountMinor: 1_000 },
      { betId: 'u2', spot: 'black', amountMinor: 2_000 },
      { betId: 'u3', spot: 'odd', amountMinor: 3_000 },
    ]);
    expect(await client.request({ kind: 'bet.cancel', round: 1, betIds: ['u2'] })).toMatchObject({ kind: 'ack', balanceMinor: 96_000 });
    // A retried cancel is acknowledged again and moves nothing.
    expect(await client.request({ kind: 'bet.cancel', round: 1, betIds: ['u2'] })).toMatchObject({ kind: 'ack', balanceMinor: 96_000 });
    expect(await client.request({ kind: 'bet.cancel', round: 1, betIds: ['nope'] })).toMatchObject({ kind: 'error', code: 'not_found' });
    expect(await client.request({ kind: 'bet.cancel', round: 1, betIds: [] })).toMatchObject({ kind: 'ack', balanceMinor: 100_000 });
    await server.operator.mustAct(table.id, 'close');
    await server.operator.mustAct(table.id, 'spin');
    const settled = await client.waitForEvent('round.settled', 1);
    expect(settled.event).toMatchObject({ topPayouts: [], betCount: 0, houseWinMinor: 0 });
    // The recorded seed stays recorded even though every bet was taken back.
    const proof = await request<RoundProof>(server.origin, 'GET', `/api/tables/${table.id}/rounds/1/proof`);
    expect(proof.body.clientSeeds).toHaveLength(1);
    expect(verifyRound(proof.body).ok).toBe(true);
    await client.close();
  });

  it('cycles rounds by itself in auto mode, with a last call', async () => {
    const table = await server.operator.createTable({
      name: 'Auto',
      autoCycle: true,
      bettingWindowMs: 3_000,
      lastCallMs: 1_000,
      resultPauseMs: 0,
    });
    const session = await joinTable(server.origin, inviteOf(table), 'Finn');
    const client = await PlayerClient.connect(server.origin, session.token);
    const snapshot = client.received.find((message) => message.kind === 'snapshot');
    expect(snapshot?.kind === 'snapshot' && snapshot.snapshot.round?.phase).toBe('betting');
    const round = snapshot?.kind === 'snapshot' ? snapshot.snapshot.round!.round : 0;
    expect(await client.bet(round, [{ betId: 'a1', spot: 'even', amountMinor: 1_000 }])).toMatchObject({ kind: 'ack' });
    await client.waitForEvent('round.last_call', round);
    await client.waitForEvent('round.closed', round);
    await client.waitForEvent('round.settled', round);
    await client.waitForEvent('round.opened', round + 1);
    expect((await server.operator.action(table.id, 'auto-off')).status).toBe(200);
    await client.close();
  });
});
