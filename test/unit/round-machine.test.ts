// The round machine and its parts on a fake clock: auto-cycle's timers, the
// stake limits as a pure check, the rounds rebuilt for recovery, and a whole
// table (real SQLite file, real ledger and audit log) cycling rounds on its
// own without a real betting window.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTableSchema, type TableConfig } from '../../src/shared/api.ts';
import { ErrorCode, EventKind, Phase, type TableEvent } from '../../src/shared/protocol.ts';
import { AuditService } from '../../src/main/audit/audit-service.ts';
import { AccountKind, Ledger } from '../../src/main/ledger/ledger.ts';
import { Money } from '../../src/main/ledger/money.ts';
import { PlayerStore } from '../../src/main/storage/player-store.ts';
import { closeDatabase, openDatabase } from '../../src/main/storage/database.ts';
import { AutoCycle, autoDrawDelayMs } from '../../src/main/tables/auto-cycle.ts';
import { Timers } from '../../src/main/tables/clock.ts';
import { openedRound, recoveredRound, type LiveRound } from '../../src/main/tables/live-round.ts';
import { Cause } from '../../src/main/tables/round-cause.ts';
import { TableRegistry } from '../../src/main/tables/registry.ts';
import { stakeLimitCheck } from '../../src/main/tables/stake-limits.ts';
import type { Table } from '../../src/main/tables/table.ts';
import { TableStore } from '../../src/main/storage/table-store.ts';
import { FakeClock } from '../support/fake-clock.ts';

const config = createTableSchema.parse({
  name: 'Unit roulette',
  game: 'roulette-eu',
  currency: 'EUR',
  minBetMinor: 100,
  maxSpotMinor: 1_000,
  maxRoundMinor: 1_500,
  bettingWindowMs: 10_000,
  lastCallMs: 3_000,
  autoCycle: true,
  joinCreditMinor: 0,
  // These cycles draw right after the close, with no reveal window: pf1's round.
  fairness: 'pf1',
}) satisfies TableConfig;

describe('AutoCycle', () => {
  function cycle(clock: FakeClock, round: () => LiveRound | null, mayOpen = () => true) {
    const calls: string[] = [];
    const auto = new AutoCycle(new Timers(clock), {
      round,
      config: () => config,
      mayOpen,
      lastCall: (live) => calls.push(`last call ${live.number}`),
      open: (cause) => calls.push(`open ${cause}`),
      close: (cause) => calls.push(`close ${cause}`),
      spin: (cause) => calls.push(`spin ${cause}`),
    });
    return { auto, calls };
  }
  const live = (number: number, closesAt: number | null) => openedRound({ id: number, number, chainId: 1, chainIndex: number, commitment: 'c', closesAt, fairness: 'pf1' });

  it('calls last call, then closes at the announced time, then draws after the delay', () => {
    const clock = new FakeClock();
    const round = live(1, clock.now() + config.bettingWindowMs);
    const { auto, calls } = cycle(clock, () => round);
    auto.bettingOpened(round, clock.now());
    clock.advance(config.bettingWindowMs - config.lastCallMs - 1);
    expect(calls).toEqual([]);
    clock.advance(1);
    expect(calls).toEqual(['last call 1']);
    clock.advance(config.lastCallMs);
    expect(calls).toEqual(['last call 1', 'close auto']);
    round.phase = Phase.Closed;
    auto.bettingClosed(round, Cause.Auto);
    clock.advance(autoDrawDelayMs);
    expect(calls.at(-1)).toBe('spin auto');
  });

  it('does nothing when the round moved on first (the dealer closed it) or has no announced close', () => {
    const clock = new FakeClock();
    const round = live(1, clock.now() + config.bettingWindowMs);
    const { auto, calls } = cycle(clock, () => round);
    auto.bettingOpened(round, clock.now());
    auto.bettingOpened(live(2, null), clock.now());
    round.phase = Phase.Closed;
    auto.bettingClosed(round, Cause.Operator);
    clock.advance(config.bettingWindowMs + autoDrawDelayMs);
    expect(calls).toEqual([]);
  });

  it('opens the next round after the result pause, never after a system end or while it may not', () => {
    const clock = new FakeClock();
    let allowed = true;
    const { auto, calls } = cycle(clock, () => null, () => allowed);
    auto.roundEnded(Cause.System);
    auto.roundEnded(Cause.Operator);
    clock.advance(config.resultPauseMs - 1);
    expect(calls).toEqual([]);
    clock.advance(1);
    expect(calls).toEqual(['open auto']);
    auto.roundEnded(Cause.Auto);
    allowed = false;
    clock.advance(config.resultPauseMs);
    expect(calls).toEqual(['open auto']);
  });
});

describe('stakeLimitCheck', () => {
  const placeable = (spot: string) => spot !== 'nowhere';
  const bet = (spot: string, amountMinor: number) => ({ betId: `${spot}-${amountMinor}`, spot, amountMinor });

  it('totals the request when every limit holds, counting the live bets already on the round', () => {
    expect(stakeLimitCheck([{ spot: 'red', amountMinor: 400 }], [bet('red', 600), bet('black', 500)], config, placeable)).toEqual({ ok: true, requestTotal: 1_100 });
  });

  it.each([
    [[bet('nowhere', 100)], ErrorCode.UnknownSpot],
    [[bet('red', 99)], ErrorCode.BelowMinimum],
    [[bet('red', 700)], ErrorCode.AboveSpotLimit],
    [[bet('black', 1_000), bet('even', 200)], ErrorCode.AboveRoundLimit],
  ])('refuses %j with %s', (bets, code) => {
    const result = stakeLimitCheck([{ spot: 'red', amountMinor: 400 }], bets, config, placeable);
    expect(result).toMatchObject({ ok: false, code });
  });
});

describe('recoveredRound', () => {
  it('rebuilds the live bets a crash left, counting taken-back ones as placed but not live', () => {
    const row = { id: 7, number: 3, chainId: 1, chainIndex: 3, commitment: 'c', phase: Phase.Betting } as Parameters<typeof recoveredRound>[0];
    const bets = [
      { id: 1, betId: 'a', playerId: 'ann', spot: 'red', amountMinor: 100, cancelledAt: null },
      { id: 2, betId: 'b', playerId: 'ann', spot: 'black', amountMinor: 200, cancelledAt: 5 },
    ] as Parameters<typeof recoveredRound>[1];
    const round = recoveredRound(row, bets, [{ playerId: 'ann', clientSeed: 'seed' }], () => 42, null);
    expect(round.book.all().map((live) => [live.betId, live.walletAccountId])).toEqual([['a', 42]]);
    expect(round.book.placedBy('ann')).toBe(2);
    expect(round.seeds.get('ann')).toBe('seed');
    expect(round.seatOwners.size).toBe(0);
  });
});

describe('a table cycling on its own', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function tableOnFakeClock() {
    const dir = mkdtempSync(join(tmpdir(), 'pitboss-machine-'));
    dirs.push(dir);
    const clock = new FakeClock();
    const db = openDatabase(join(dir, 'pitboss.sqlite'));
    const ledger = new Ledger(db, () => clock.now());
    const store = new TableStore(db);
    const audit = new AuditService({ db, dataDir: dir, now: () => clock.now() });
    const events: TableEvent[] = [];
    const registry = new TableRegistry({
      observer: { committed: () => {}, betRequestAnswered: () => {}, roundEnded: () => {} },
      db,
      store,
      ledger,
      houseAccountId: ledger.account(AccountKind.House, ''),
      chainLength: 3,
      clock,
      publish: (envelope) => events.push(envelope.event),
      balanceChanged: () => {},
      playerSettled: () => {},
      sendPrivately: () => {},
      signStatement: (text) => audit.signText(text),
      playerReference: (tableId, playerId) => `p-${tableId}-${playerId}`.slice(0, 60),
      recorder: audit.recorder,
      finishBetsPerStep: 500,
      freezeLinesPerStep: 4_000,
      beacon: null,
      log: () => {},
    });
    ledger.account(AccountKind.Cashier, '');
    const table: Table = registry.create(config);
    new PlayerStore(db).insert({
      id: 'ann',
      tableId: table.id,
      name: 'Ann',
      clientSeed: 'ann-seed',
      tokenHash: 'unit-token',
      browserHash: null,
      addressHash: 'unit-address',
      credited: false,
      createdAt: clock.now(),
    });
    const wallet = ledger.account(AccountKind.Wallet, 'ann');
    new Money(ledger).cashier({ playerId: 'ann', direction: 'credit', amountMinor: 10_000, note: 'unit', requestKey: 'k1' });
    return { clock, db, ledger, store, table, events, wallet, close: () => closeDatabase(db) };
  }

  it('opens, takes a bet, closes, draws and settles each round, and rotates its chain when used up, on the fake clock alone', async () => {
    const { clock, ledger, store, table, events, wallet, close } = tableOnFakeClock();
    try {
      expect(table.phase).toBe(Phase.Betting);
      const seat = { playerId: 'ann', name: 'Ann', walletAccountId: wallet, muted: false };
      const placed = table.placeBets(seat, 'ann-seed', 1, [{ betId: 'b1', spot: 'red', amountMinor: 500 }]);
      clock.runSoon();
      expect(await placed).toEqual({ ok: true, balanceMinor: 9_500 });
      for (let round = 0; round < 4; round++) clock.advance(config.bettingWindowMs + autoDrawDelayMs + config.resultPauseMs);
      const kinds = events.map((event) => event.kind);
      expect(kinds.filter((kind) => kind === EventKind.RoundSettled)).toHaveLength(4);
      expect(kinds.filter((kind) => kind === EventKind.RoundLastCall)).toHaveLength(4);
      // A chain of 3 seeds serves rounds 1–3; round 4 opens on a new chain, announced.
      expect(kinds).toContain(EventKind.ChainRotated);
      expect(table.phase).toBe(Phase.Betting);
      const first = store.recentRounds(table.id, 10).find((round) => round.number === 1);
      expect(first).toMatchObject({ phase: Phase.Settled, openedBy: Cause.Auto });
      const payout = store.betsOfRound(first!.id)[0]?.payoutMinor ?? -1;
      expect([0, 1_000]).toContain(payout);
      expect(ledger.balanceOf(wallet)).toBe(9_500 + payout);
      expect(ledger.balanceOf(ledger.account(AccountKind.Escrow, table.id))).toBe(0);
    } finally {
      table.shutdown('test over');
      close();
    }
  });

  it('refuses dealer actions out of phase, with a typed code, and changes nothing', () => {
    const { clock, table, events, close } = tableOnFakeClock();
    try {
      const before = events.length;
      expect(table.spin(Cause.Operator)).toMatchObject({ ok: false, code: ErrorCode.WrongPhase });
      expect(table.open(Cause.Operator)).toMatchObject({ ok: false, code: ErrorCode.WrongPhase });
      expect(table.rotateChain()).toMatchObject({ ok: false, code: ErrorCode.WrongPhase });
      clock.runSoon();
      expect(events.length).toBe(before);
      expect(table.void(Cause.Operator, 'unit')).toEqual({ ok: true });
      clock.runSoon();
      expect(table.phase).toBe(Phase.Voided);
      expect(table.setAutoCycle(false)).toEqual({ ok: true });
      clock.advance(config.resultPauseMs * 2);
      expect(table.phase).toBe(Phase.Voided);
      table.shutdown('test over');
      expect(table.open(Cause.Operator)).toMatchObject({ ok: false, code: ErrorCode.TableClosed });
    } finally {
      close();
    }
  });
});
