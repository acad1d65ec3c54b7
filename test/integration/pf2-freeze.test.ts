// A pf2 freeze done in steps (PF2.md §3, pf2-freeze.ts), over the real
// server: with a freeze step of 2 units a round of a few bettors freezes over
// many turns. Betting stops at the close (players hear round.closed at once);
// a bet, a cancel, a void and a second close that come while the freeze is
// built are refused, nothing reaches the disk until the freeze is recorded,
// and the freeze holds exactly the lines accepted before the close. A crash
// or a stop while freezing leaves nothing frozen, so the round is voided
// under a signed pf2.void (PF2.md §8).
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFileName } from '../../src/main/server/pitboss-options.ts';
import { AccountKind } from '../../src/main/ledger/ledger.ts';
import { Cause } from '../../src/main/tables/round-cause.ts';
import type { Table } from '../../src/main/tables/table.ts';
import { verifyProof } from '../../src/shared/fairness/merkle.ts';
import { frozenLines, roundCommitment } from '../../src/shared/fairness/pf2.ts';
import type { OperatorTable } from '../../src/shared/api.ts';
import type { ServerMessage } from '../../src/shared/protocol.ts';
import { inviteOf, joinTable, PlayerClient, startTestServer, type TestServer } from '../support/harness.ts';

let server: TestServer;
const scratch: string[] = [];
beforeAll(async () => {
  server = await startTestServer({ freezeLinesPerStep: 2 });
});
afterAll(async () => {
  await server.dispose();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

type Event<K extends string> = Extract<Extract<ServerMessage, { kind: 'event' }>['event'], { kind: K }>;
type Bettor = { client: PlayerClient; playerId: string; reference: string; secret: string; commitment: string; walletAccountId: number };

async function bettor(on: TestServer, table: OperatorTable, name: string): Promise<Bettor> {
  const session = await joinTable(on.origin, inviteOf(table), name);
  const client = await PlayerClient.connect(on.origin, session.token);
  const secret = randomBytes(16).toString('hex');
  const walletAccountId = on.pitboss.services.ledger.account(AccountKind.Wallet, session.playerId);
  return { client, playerId: session.playerId, reference: session.reference, secret, commitment: roundCommitment(table.id, 1, session.reference, secret), walletAccountId };
}

function seatOf(who: Bettor): { playerId: string; name: string; walletAccountId: number; muted: boolean } {
  return { playerId: who.playerId, name: who.reference, walletAccountId: who.walletAccountId, muted: false };
}

/** A pf2 table with five bettors holding acknowledged bets (Ann two, one of them cancelled), and Dan, who has not bet. */
async function bettingRound(on: TestServer, name: string) {
  const created = await on.operator.createTable({ name, fairness: 'pf2', revealWindowMs: 1_000 });
  await on.operator.mustAct(created.id, 'open');
  const bettors = await Promise.all(['Ann', 'Bob', 'Cid', 'Eve', 'Fay'].map((each) => bettor(on, created, each)));
  const dan = await bettor(on, created, 'Dan');
  const accepted: { player: string; betId: string; spot: string; amountMinor: number }[] = [];
  for (const [index, who] of bettors.entries()) {
    const bet = { betId: `k${index}`, spot: index % 2 ? 'red' : 'black', amountMinor: 100 + index };
    expect((await who.client.request({ kind: 'bet.place', round: 1, bets: [bet], commitment: who.commitment })).kind).toBe('ack');
    accepted.push({ player: who.reference, ...bet });
  }
  const ann = bettors[0] as Bettor;
  expect((await ann.client.request({ kind: 'bet.place', round: 1, bets: [{ betId: 'gone', spot: 'odd', amountMinor: 100 }], commitment: ann.commitment })).kind).toBe('ack');
  expect((await ann.client.request({ kind: 'bet.cancel', round: 1, betIds: ['gone'] })).kind).toBe('ack');
  const table = on.pitboss.services.tables.get(created.id) as Table;
  const roundId = (on.pitboss.services.tableStore.recentRounds(created.id, 1)[0] as { id: number }).id;
  const expectedLines = frozenLines(new Map(bettors.map((who) => [who.reference, who.commitment])), accepted);
  return { created, table, roundId, bettors, ann, dan, expectedLines };
}

describe('a pf2 freeze in steps', () => {
  it('stops betting at the close, refuses what comes while freezing, and freezes exactly the lines accepted before', async () => {
    const { created, table, roundId, bettors, ann, dan, expectedLines } = await bettingRound(server, 'Freeze in steps');
    const { pf2Store, tableStore } = server.pitboss.services;

    // The close and what follows it in the same turn: the freeze has many steps to go.
    expect(table.close(Cause.Operator)).toEqual({ ok: true });
    expect(table.phase).toBe('closed');
    expect(table.close(Cause.Operator)).toMatchObject({ ok: false, code: 'wrong_phase' });
    expect(table.void(Cause.Operator, 'second thoughts')).toMatchObject({ ok: false, code: 'wrong_phase' });
    const late = table.placeBets(seatOf(dan), 'seed', 1, [{ betId: 'late', spot: 'red', amountMinor: 100 }], dan.commitment);
    const cancel = table.cancelBets(seatOf(ann), 1, ['k0']);

    expect(await late).toMatchObject({ ok: false, code: 'wrong_phase', message: 'betting is not open' });
    expect(await cancel).toMatchObject({ ok: false, code: 'wrong_phase' });
    // Refused while freezing: nothing is frozen on disk yet, and the round's row still says betting.
    expect(pf2Store.freezeOf(roundId)).toBeNull();
    expect(tableStore.recentRounds(created.id, 1)[0]).toMatchObject({ phase: 'betting', closedAt: null });

    const closed = await ann.client.waitForEvent('round.closed', 1);
    const frozenEvent = (await ann.client.waitForEvent('round.frozen', 1)).event as Event<'round.frozen'>;
    expect(ann.client.received.indexOf(closed)).toBeLessThan(ann.client.received.findIndex((message) => message.kind === 'event' && message.event.kind === 'round.frozen'));
    const statement = frozenEvent.statement;
    expect(statement).toMatchObject({ kind: 'pf2.freeze', lines: expectedLines.length, bettors: 5, bets: 5 });
    const recorded = pf2Store.freezeOf(roundId);
    expect(recorded?.lines).toEqual(expectedLines);
    expect(recorded?.freeze).toBe(statement.freeze);
    const row = tableStore.recentRounds(created.id, 1)[0];
    // Closed when betting stopped, frozen when the freeze became durable: the reveal window runs from frozenAt.
    expect(row?.closedAt).toBeLessThanOrEqual(statement.frozenAt as number);
    expect(frozenEvent.revealClosesAt).toBe((statement.frozenAt as number) + 1_000);

    for (const who of bettors) {
      const lines = await who.client.waitFor<'pf2.lines'>((message) => message.kind === 'pf2.lines', 'pf2.lines');
      for (const proof of [...lines.lines, ...lines.neighbours]) {
        if (proof.line === null || proof.path === null) continue;
        expect(verifyProof({ index: proof.index, line: proof.line, path: proof.path }, lines.size, statement.freeze as string)).toBe(true);
      }
      expect((await who.client.request({ kind: 'pf2.reveal', round: 1, secret: who.secret })).kind).toBe('ack');
    }
    expect(dan.client.received.some((message) => message.kind === 'pf2.lines')).toBe(false);
    await ann.client.waitForEvent('round.settled', 1);
    for (const who of [...bettors, dan]) await who.client.close();
  });

  it('a stop while freezing voids the round under a signed pf2.void: nothing was frozen', async () => {
    const own = await startTestServer({ freezeLinesPerStep: 2 });
    try {
      const { table, roundId, ann, bettors, dan } = await bettingRound(own, 'Stop while freezing');
      const balance = own.pitboss.services.ledger.balanceOf(ann.walletAccountId);
      expect(table.close(Cause.Operator)).toEqual({ ok: true });
      table.shutdown('the server is stopping');
      const voided = (await ann.client.waitForEvent('round.voided', 1)).event as Event<'round.voided'>;
      expect(voided.statement).toMatchObject({ kind: 'pf2.void', round: 1, reason: 'the server is stopping' });
      expect(own.pitboss.services.pf2Store.freezeOf(roundId)).toBeNull();
      expect(own.pitboss.services.ledger.balanceOf(ann.walletAccountId)).toBe(balance + 100);
      expect(ann.client.received.some((message) => message.kind === 'event' && message.event.kind === 'round.frozen')).toBe(false);
      for (const who of [...bettors, dan]) await who.client.close();
    } finally {
      await own.dispose();
    }
  });

  it('a crash while freezing leaves a betting round on disk, voided under a signed pf2.void on restart', async () => {
    const own = await startTestServer({ freezeLinesPerStep: 2 });
    const crashed = mkdtempSync(join(tmpdir(), 'pitboss-pf2-freeze-crash-'));
    scratch.push(crashed);
    try {
      const { created, table, roundId, bettors, dan } = await bettingRound(own, 'Crash while freezing');
      expect(table.close(Cause.Operator)).toEqual({ ok: true });
      // The disk as a crash in this turn would leave it: the files, with the database as it stands now.
      cpSync(own.dataDir, crashed, { recursive: true });
      for (const suffix of ['-wal', '-shm']) rmSync(join(crashed, databaseFileName + suffix), { force: true });
      writeFileSync(join(crashed, databaseFileName), own.pitboss.services.db.serialize());
      for (const who of [...bettors, dan]) await who.client.close();
      await own.stop();

      const restarted = await startTestServer({ dataDir: crashed });
      try {
        const statement = restarted.pitboss.services.pf2Store.voidOf(roundId);
        expect(JSON.parse(statement ?? 'null')).toMatchObject({ kind: 'pf2.void', round: 1, reason: 'interrupted: the server restarted' });
        expect(restarted.pitboss.services.pf2Store.freezeOf(roundId)).toBeNull();
        expect(restarted.pitboss.services.tableStore.recentRounds(created.id, 1)[0]).toMatchObject({ phase: 'voided' });
      } finally {
        await restarted.stop();
      }
    } finally {
      await own.dispose();
    }
  });
});
