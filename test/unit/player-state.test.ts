// The player page's state model and its bet-retry logic, without a browser:
// the reducer driven by server messages, the outbox reconciliation after a
// reconnect, the connection's resend with the same ids (over a fake socket),
// bet planning against limits, and the layout geometry.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PlacedBet, ServerMessage, TableEvent, TableSnapshot } from '../../src/shared/protocol.ts';
import { CloseCode, Limits } from '../../src/shared/protocol.ts';
import { rouletteSpots } from '../../src/shared/games/roulette.ts';
import { playerReducer, type PlayerAction } from '../../src/renderer/player/state/player-reducer.ts';
import { initialPlayerState, type PendingRequest, type PlayerState } from '../../src/renderer/player/state/player-state.ts';
import { pendingBetsOfRound, reconcileOutbox } from '../../src/renderer/player/state/outbox.ts';
import {
  doubleBets,
  planCancel,
  planPlacement,
  placementProblem,
  rebetBets,
  undoBetIds,
} from '../../src/renderer/player/state/bet-plan.ts';
import { betsByPlayer, lastResult, spotStakes } from '../../src/renderer/player/state/selectors.ts';
import { createPlayerStore } from '../../src/renderer/player/state/store.ts';
import { TableConnection, type SocketHandlers } from '../../src/renderer/player/net/table-connection.ts';
import { createPlayerCommands } from '../../src/renderer/player/net/player-commands.ts';
import { BACKOFF_CAP_MS, reconnectDelayMs } from '../../src/renderer/player/lib/backoff.ts';
import { randomId } from '../../src/renderer/player/lib/random-id.ts';
import { hotAndCold } from '../../src/renderer/player/lib/history-stats.ts';
import { boardSpots } from '../../src/renderer/player/lib/board-geometry.ts';
import { tableSnapshot } from '../support/player-fixtures.ts';

const ME = { playerId: 'p-me', name: 'Ada', tableId: 't1' };
const OTHER = { playerId: 'p-other', name: 'Bob' };

const limits = { currency: 'EUR', minBetMinor: 100, maxSpotMinor: 100_000, maxRoundMinor: 500_000 };

function snapshot(overrides: Partial<TableSnapshot> = {}): TableSnapshot {
  return tableSnapshot(
    {
      table: { name: 'Roulette One', limits, autoCycle: true },
      round: { round: 7, chainIndex: 7, closesAt: 1_000_015_000 },
    },
    {
      players: [
        { playerId: ME.playerId, name: ME.name, connected: true },
        { playerId: OTHER.playerId, name: OTHER.name, connected: true },
      ],
      ...overrides,
    },
  );
}

const welcome: ServerMessage = {
  kind: 'welcome',
  reference: 'p-000000000000',
  statementKey: '0'.repeat(64),
  protocol: 'pitboss.v1',
  playerId: ME.playerId,
  name: ME.name,
  tableId: ME.tableId,
  balanceMinor: 100_000,
  clientSeed: 'my-seed',
  serverTime: 1_000_000_500,
};

const server = (message: ServerMessage, receivedAt = 1_000_000_000): PlayerAction => ({
  type: 'server',
  message,
  receivedAt,
});

const event = (seq: number, tableEvent: TableEvent): ServerMessage => ({
  kind: 'event',
  tableId: 't1',
  seq,
  at: 1_000_000_000 + seq,
  event: tableEvent,
});

const run = (state: PlayerState, ...actions: PlayerAction[]): PlayerState => actions.reduce(playerReducer, state);

function seated(overrides: Partial<TableSnapshot> = {}): PlayerState {
  return run(initialPlayerState(ME), server(welcome), server({ kind: 'snapshot', snapshot: snapshot(overrides) }));
}

function placed(betId: string, spot: string, amountMinor: number, who = OTHER): PlacedBet {
  return { betId, playerId: who.playerId, playerName: who.name, spot, amountMinor };
}

function placeRequest(requestId: string, round: number, bets: [string, string, number][]): PendingRequest {
  return {
    kind: 'bet.place',
    requestId,
    round,
    bets: bets.map(([betId, spot, amountMinor]) => ({ betId, spot, amountMinor })),
  };
}

let counter = 0;
const sequentialId = (): string => `id${String(++counter).padStart(14, '0')}`;

describe('playerReducer', () => {
  it('takes identity, balance and clock offset from welcome, and the table from the snapshot', () => {
    const state = seated();
    expect(state.identity).toEqual(ME);
    expect(state.balanceMinor).toBe(100_000);
    expect(state.clientSeed).toBe('my-seed');
    expect(state.clockOffsetMs).toBe(500);
    expect(state.synced).toBe(true);
    expect(state.seq).toBe(10);
    expect(state.round?.phase).toBe('betting');
    expect(state.commitment).toBe('c0ffee');
    expect(state.rounds[0]?.round).toBe(7);
  });

  it('ignores events before a snapshot and duplicates, and flags a gap for a resync', () => {
    const opened = event(11, { kind: 'round.closed', round: 7 });
    expect(run(initialPlayerState(ME), server(welcome), server(opened)).round).toBeNull();

    const state = seated();
    expect(run(state, server(event(10, { kind: 'round.closed', round: 7 }))).round?.phase).toBe('betting');
    const gapped = run(state, server(event(12, { kind: 'round.closed', round: 7 })));
    expect(gapped.resyncNeeded).toBe(true);
    expect(gapped.round?.phase).toBe('betting');
    expect(gapped.seq).toBe(10);
  });

  it('follows a whole round: bets, seeds, result, settlement with my payout, history and rebet', () => {
    let state = seated();
    const mine = placeRequest('req-a', 7, [['bet-1', 'red', 1_000], ['bet-2', 'straight:17', 500]]);
    state = run(state, { type: 'request', request: mine });
    expect(spotStakes(state).get('red')).toEqual({ confirmedMinor: 0, pendingMinor: 1_000, othersMinor: 0 });

    // The ack confirms the chips at once, before the broadcast arrives.
    state = run(state, server({ kind: 'ack', requestId: 'req-a', balanceMinor: 98_500 }));
    expect(state.outbox).toEqual([]);
    expect(state.balanceMinor).toBe(98_500);
    expect(spotStakes(state).get('red')).toEqual({ confirmedMinor: 1_000, pendingMinor: 0, othersMinor: 0 });

    state = run(
      state,
      server(
        event(11, {
          kind: 'bets.placed',
          round: 7,
          bets: [placed('bet-1', 'red', 1_000, ME), placed('bet-2', 'straight:17', 500, ME), placed('bet-9', 'red', 300)],
          betCount: 3,
          spotTotals: { red: 1_300, 'straight:17': 500 },
        }),
      ),
      server(event(12, { kind: 'seed.recorded', round: 7, seeds: [{ playerId: ME.playerId, clientSeed: 'my-seed' }] })),
      server(event(13, { kind: 'round.last_call', round: 7, closesAt: 1_000_003_000 })),
      server(event(14, { kind: 'round.closed', round: 7 })),
    );
    expect(state.bets).toHaveLength(3);
    expect(state.betCount).toBe(3);
    expect(spotStakes(state).get('red')).toEqual({ confirmedMinor: 1_000, pendingMinor: 0, othersMinor: 300 });
    expect(state.round?.clientSeeds).toEqual([{ playerId: ME.playerId, clientSeed: 'my-seed' }]);
    expect(state.round?.lastCall).toBe(true);
    expect(state.round?.phase).toBe('closed');
    expect(betsByPlayer(state).map((group) => [group.name, group.totalMinor])).toEqual([
      ['Ada', 1_500],
      ['Bob', 300],
    ]);

    state = run(
      state,
      server(
        event(15, {
          kind: 'round.result',
          round: 7,
          outcome: { pocket: 17 },
          serverSeed: 'ab'.repeat(32),
          clientString: 'my-seed',
          chainIndex: 7,
          commitment: 'c0ffee',
        }),
      ),
      server(
        event(16, {
          kind: 'round.settled',
          round: 7,
          betCount: 3,
          stakeMinor: 1_800,
          payoutMinor: 18_000,
          houseWinMinor: -16_200,
          topPayouts: [{ playerId: ME.playerId, playerName: ME.name, stakeMinor: 1_500, payoutMinor: 18_000 }],
        }),
      ),
    );
    expect(state.round?.phase).toBe('settled');
    // My own result comes privately, after the broadcast.
    expect(state.rounds[0]?.myPayoutMinor).toBeNull();
    state = run(state, server({ kind: 'settlement', round: 7, stakeMinor: 1_500, payoutMinor: 18_000, balanceMinor: 116_500 }));
    expect(state.balanceMinor).toBe(116_500);
    expect(state.history[0]).toEqual({ round: 7, outcome: { pocket: 17 }, settledAt: 1_000_000_015 });
    const record = state.rounds[0];
    expect(record).toMatchObject({ round: 7, phase: 'settled', myStakeMinor: 1_500, myPayoutMinor: 18_000 });
    expect(record?.serverSeed).toBe('ab'.repeat(32));
    expect(state.lastRoundBets).toEqual([
      { spot: 'red', amountMinor: 1_000 },
      { spot: 'straight:17', amountMinor: 500 },
    ]);

    // The next round clears the table but keeps the record for the result banner and the fairness panel.
    state = run(
      state,
      server(event(17, { kind: 'round.opened', round: 8, commitment: 'c0ffee', chainIndex: 8, closesAt: null })),
    );
    expect(state.bets).toEqual([]);
    expect(state.round?.round).toBe(8);
    expect(state.rounds.map((entry) => entry.round)).toEqual([8, 7]);
  });

  it('reports a payout of 0 when I lost and refunds my stake on a void', () => {
    let state = seated({ bets: [placed('bet-1', 'black', 2_000, ME)] });
    state = run(
      state,
      server(event(11, { kind: 'round.closed', round: 7 })),
      server(
        event(12, {
          kind: 'round.result',
          round: 7,
          outcome: { pocket: 1 },
          serverSeed: 'cd'.repeat(32),
          clientString: '',
          chainIndex: 7,
          commitment: 'c0ffee',
        }),
      ),
      server(
        event(13, {
          kind: 'round.settled',
          round: 7,
          betCount: 1,
          stakeMinor: 2_000,
          payoutMinor: 0,
          houseWinMinor: 2_000,
          topPayouts: [],
        }),
      ),
      server({ kind: 'settlement', round: 7, stakeMinor: 2_000, payoutMinor: 0, balanceMinor: 98_000 }),
    );
    expect(state.rounds[0]).toMatchObject({ myStakeMinor: 2_000, myPayoutMinor: 0 });

    let voided = seated({ bets: [placed('bet-1', 'black', 2_000, ME)], history: [] });
    voided = run(voided, server(event(11, { kind: 'round.voided', round: 7, reason: 'wheel jammed' })));
    expect(voided.rounds[0]).toMatchObject({ phase: 'voided', myStakeMinor: 2_000, myPayoutMinor: 2_000 });
  });

  it('pays me nothing at once for a round I sat out, and knows my last result after a reload', () => {
    const settledEvent = event(11, {
      kind: 'round.settled',
      round: 7,
      betCount: 1,
      stakeMinor: 100,
      payoutMinor: 0,
      houseWinMinor: 100,
      topPayouts: [],
    });
    const idle = run(seated({ round: { ...snapshot().round!, phase: 'result', outcome: { pocket: 3 } } }), server(settledEvent));
    expect(idle.rounds[0]).toMatchObject({ phase: 'settled', myStakeMinor: 0, myPayoutMinor: 0 });

    // Loaded between rounds: the newest history entry is the round of my last settlement.
    const history = [{ round: 6, outcome: { pocket: 12 }, settledAt: 0 }];
    const reloaded = seated({ round: null, history, lastSettlement: { round: 6, stakeMinor: 500, payoutMinor: 1_000 } });
    expect(lastResult(reloaded)).toMatchObject({ round: 6, outcome: { pocket: 12 }, myStakeMinor: 500, myPayoutMinor: 1_000 });
    const satOut = seated({ round: null, history, lastSettlement: { round: 4, stakeMinor: 500, payoutMinor: 0 } });
    expect(lastResult(satOut)).toMatchObject({ round: 6, myPayoutMinor: 0 });

    // Loaded while the round shows as settled.
    const late = seated({
      round: { ...snapshot().round!, phase: 'settled', outcome: { pocket: 12 }, serverSeed: 'ee', clientString: '' },
      lastSettlement: { round: 7, stakeMinor: 200, payoutMinor: 7_200 },
    });
    expect(lastResult(late)).toMatchObject({ round: 7, myStakeMinor: 200, myPayoutMinor: 7_200 });
  });

  it("shows other players' stakes from the server's spot totals, less mine", () => {
    const state = seated({ bets: [placed('b1', 'red', 500, ME)], spotTotals: { red: 1_700, black: 300 } });
    expect(spotStakes(state).get('red')).toEqual({ confirmedMinor: 500, pendingMinor: 0, othersMinor: 1_200 });
    expect(spotStakes(state).get('black')?.othersMinor).toBe(300);
  });

  it('drops a rejected request with a toast, and removes cancelled bets', () => {
    let state = seated({ bets: [placed('bet-1', 'red', 1_000, ME), placed('bet-2', 'odd', 1_000, ME)] });
    state = run(
      state,
      { type: 'request', request: placeRequest('req-b', 7, [['bet-3', 'even', 100_000_000]]) },
      server({ kind: 'error', requestId: 'req-b', code: 'insufficient_funds', message: 'Not enough funds' }),
    );
    expect(state.outbox).toEqual([]);
    expect(state.toasts.map((toast) => toast.message)).toEqual(['Not enough funds']);

    state = run(
      state,
      server(event(11, { kind: 'bets.cancelled', round: 7, playerId: ME.playerId, betIds: ['bet-1'], spotTotals: { odd: 1_000 } })),
    );
    expect(state.bets.map((bet) => bet.betId)).toEqual(['bet-2']);

    state = run(
      state,
      { type: 'request', request: { kind: 'bet.cancel', requestId: 'req-c', round: 7, betIds: [] } },
      server({ kind: 'ack', requestId: 'req-c', balanceMinor: 100_000 }),
    );
    expect(state.bets).toEqual([]);
  });

  it('ignores message and event kinds it does not know (a newer server)', () => {
    const state = seated();
    const unknownMessage = { kind: 'jackpot' } as unknown as ServerMessage;
    expect(run(state, server(unknownMessage))).toBe(state);
    const unknownEvent = event(11, { kind: 'round.spun' } as unknown as TableEvent);
    expect(run(state, server(unknownEvent)).round).toEqual(state.round);
  });

  it('estimates the clock from the fastest pong', () => {
    let state = seated();
    state = run(state, server({ kind: 'pong', requestId: 'x', clientTime: 1_000, serverTime: 5_100 }, 1_200));
    expect(state.rttMs).toBe(200);
    expect(state.clockOffsetMs).toBe(4_000);
    // A slower sample does not replace it.
    state = run(state, server({ kind: 'pong', requestId: 'y', clientTime: 2_000, serverTime: 9_000 }, 3_000));
    expect(state.rttMs).toBe(1_000);
    expect(state.clockOffsetMs).toBe(4_000);
  });
});

describe('outbox reconciliation after a reconnect', () => {
  it('drops placements the snapshot shows committed and keeps the rest in order', () => {
    const committed = placeRequest('r1', 7, [['b1', 'red', 100]]);
    const lost = placeRequest('r2', 7, [['b2', 'odd', 100]]);
    const otherRound = placeRequest('r0', 6, [['b0', 'even', 100]]);
    const seed: PendingRequest = { kind: 'seed.set', requestId: 'r3', clientSeed: 'abc' };
    const kept = reconcileOutbox([otherRound, committed, lost, seed], [placed('b1', 'red', 100, ME)], ME.playerId, 7);
    expect(kept.map((request) => request.requestId)).toEqual(['r0', 'r2', 'r3']);
  });

  it('keeps a cancel whose bets are still live or still on their way, drops one already done', () => {
    const lost = placeRequest('r1', 7, [['b1', 'red', 100]]);
    const cancelLost: PendingRequest = { kind: 'bet.cancel', requestId: 'r2', round: 7, betIds: ['b1'] };
    expect(reconcileOutbox([lost, cancelLost], [], ME.playerId, 7).map((r) => r.requestId)).toEqual(['r1', 'r2']);

    const cancelDone: PendingRequest = { kind: 'bet.cancel', requestId: 'r3', round: 7, betIds: ['b9'] };
    expect(reconcileOutbox([cancelDone], [], ME.playerId, 7)).toEqual([]);

    const clearAll: PendingRequest = { kind: 'bet.cancel', requestId: 'r4', round: 7, betIds: [] };
    expect(reconcileOutbox([clearAll], [placed('b5', 'red', 100, ME)], ME.playerId, 7)).toHaveLength(1);
    expect(reconcileOutbox([clearAll], [placed('b5', 'red', 100)], ME.playerId, 7)).toHaveLength(0);
  });

  it('shows as pending only bets not confirmed and not cancelled by a later pending request', () => {
    const outbox: PendingRequest[] = [
      placeRequest('r1', 7, [['b1', 'red', 100], ['b2', 'odd', 200]]),
      { kind: 'bet.cancel', requestId: 'r2', round: 7, betIds: ['b2'] },
      placeRequest('r3', 7, [['b3', 'even', 300]]),
    ];
    expect(pendingBetsOfRound(outbox, 7, new Set(['b3'])).map((bet) => bet.betId)).toEqual(['b1']);
    expect(pendingBetsOfRound([...outbox, { kind: 'bet.cancel', requestId: 'r4', round: 7, betIds: [] }], 7, new Set())).toEqual(
      [],
    );
  });
});

describe('bet planning', () => {
  it('checks the table limits and the balance before sending', () => {
    const state = seated();
    expect(placementProblem(state, [{ spot: 'red', amountMinor: 50 }])).toMatch(/minimum/);
    expect(placementProblem(state, [{ spot: 'red', amountMinor: 100_100 }])).toMatch(/one spot/);
    expect(placementProblem(state, [{ spot: 'nowhere', amountMinor: 100 }])).toMatch(/Unknown spot/);
    expect(placementProblem(state, [{ spot: 'red', amountMinor: 100_000 }, { spot: 'black', amountMinor: 100 }])).toMatch(
      /balance/,
    );
    expect(placementProblem(state, [{ spot: 'split:17-20', amountMinor: 100 }])).toBeNull();
    const closed = run(state, server(event(11, { kind: 'round.closed', round: 7 })));
    expect(placementProblem(closed, [{ spot: 'red', amountMinor: 100 }])).toBe('Betting is closed');
  });

  it('splits a big placement into messages of at most maxBetsPerMessage bets, all ids distinct', () => {
    const state = seated({ table: { ...snapshot().table, limits: { ...limits, maxRoundMinor: 10_000_000 } } });
    const wanted = [...rouletteSpots.keys()].slice(0, 45).map((spot) => ({ spot, amountMinor: 100 }));
    const state2 = { ...state, balanceMinor: 1_000_000 };
    const plan = planPlacement(state2, wanted, randomId);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.requests.map((request) => request.bets.length)).toEqual([Limits.maxBetsPerMessage, 5]);
    const ids = plan.requests.flatMap((request) => [request.requestId, ...request.bets.map((bet) => bet.betId)]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it('rebets the last round, doubles what is on the table, and undoes a whole placement', () => {
    let state = seated({ lastRoundBets: [{ spot: 'red', amountMinor: 500 }, { spot: 'red', amountMinor: 500 }] });
    expect(rebetBets(state)).toEqual([{ spot: 'red', amountMinor: 1_000 }]);
    state = run(
      state,
      { type: 'request', request: placeRequest('r1', 7, [['b1', 'red', 100]]) },
      server({ kind: 'ack', requestId: 'r1', balanceMinor: 99_900 }),
      { type: 'request', request: placeRequest('r2', 7, [['b2', 'odd', 100], ['b3', 'even', 100]]) },
      server({ kind: 'ack', requestId: 'r2', balanceMinor: 99_700 }),
    );
    expect(doubleBets(state)).toEqual([
      { spot: 'red', amountMinor: 100 },
      { spot: 'odd', amountMinor: 100 },
      { spot: 'even', amountMinor: 100 },
    ]);
    expect(undoBetIds(state)).toEqual(['b2', 'b3']);
    state = run(
      state,
      server(event(11, { kind: 'bets.cancelled', round: 7, playerId: ME.playerId, betIds: ['b2', 'b3'], spotTotals: {} })),
    );
    expect(undoBetIds(state)).toEqual(['b1']);
    const clear = planCancel(state, [], sequentialId);
    expect(clear.ok && clear.requests[0]).toMatchObject({ kind: 'bet.cancel', round: 7, betIds: [] });
  });

  it('complains in a toast instead of sending when the page already knows the answer', () => {
    const store = createPlayerStore(seated(), (notify) => notify());
    const sent: PendingRequest[] = [];
    const commands = createPlayerCommands(store, { request: (request) => sent.push(request), retryNow: () => undefined });
    commands.placeBets([{ spot: 'red', amountMinor: 10 }]);
    commands.setClientSeed('not a seed!');
    commands.placeBets([{ spot: 'corner:1-2-4-5', amountMinor: 100 }]);
    expect(sent).toHaveLength(1);
    expect(store.getState().toasts).toHaveLength(2);
  });
});

describe('TableConnection', () => {
  type FakeSocket = { url: string; protocols: string[]; handlers: SocketHandlers; sent: string[]; closed: number | null };
  let sockets: FakeSocket[];

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function connect(check: 'valid' | 'invalid' | 'unknown' = 'unknown') {
    const store = createPlayerStore(initialPlayerState(ME), (notify) => notify());
    const invalid: string[] = [];
    const connection = new TableConnection({
      url: 'ws://127.0.0.1/ws/player',
      token: 'tok',
      store,
      openSocket: (url, protocols, handlers) => {
        const socket: FakeSocket = { url, protocols, handlers, sent: [], closed: null };
        sockets.push(socket);
        return { send: (data) => socket.sent.push(data), close: (code) => (socket.closed = code) };
      },
      checkSession: () => Promise.resolve(check),
      onSessionInvalid: (message) => invalid.push(message),
      random: () => 0.5,
    });
    connection.start();
    return { store, connection, invalid };
  }

  const last = (): FakeSocket => {
    const socket = sockets.at(-1);
    if (!socket) throw new Error('no socket');
    return socket;
  };
  const deliver = (socket: FakeSocket, message: ServerMessage): void => socket.handlers.onMessage(JSON.stringify(message));
  const sentKinds = (socket: FakeSocket): string[] => socket.sent.map((frame) => (JSON.parse(frame) as { kind: string }).kind);

  it('offers the protocol and the token as subprotocols', () => {
    connect();
    expect(last().protocols).toEqual(['pitboss.v1', 'auth.tok']);
  });

  it('resends an unacked bet with the same requestId and betIds after a drop, and not one the snapshot shows placed', () => {
    const { store, connection } = connect();
    last().handlers.onOpen();
    deliver(last(), welcome);
    deliver(last(), { kind: 'snapshot', snapshot: snapshot() });
    expect(store.getState().connection.state).toBe('connected');

    const lost = placeRequest('req-lost', 7, [['bet-lost', 'red', 100]]);
    const landed = placeRequest('req-landed', 7, [['bet-landed', 'odd', 100]]);
    connection.request(lost);
    connection.request(landed);
    expect(last().sent.map((frame) => JSON.parse(frame))).toEqual([lost, landed]);

    // The link drops before either ack arrives.
    last().handlers.onClose(1006, '');
    expect(store.getState().connection.state).toBe('reconnecting');
    // While down, a new bet waits in the outbox.
    const queued = placeRequest('req-queued', 7, [['bet-queued', 'even', 100]]);
    connection.request(queued);

    vi.advanceTimersByTime(BACKOFF_CAP_MS);
    expect(sockets).toHaveLength(2);
    const second = last();
    second.handlers.onOpen();
    deliver(second, welcome);
    expect(second.sent).toEqual([]);
    deliver(second, { kind: 'snapshot', snapshot: snapshot({ seq: 20, bets: [placed('bet-landed', 'odd', 100, ME)] }) });
    expect(second.sent.map((frame) => JSON.parse(frame))).toEqual([lost, queued]);

    deliver(second, { kind: 'ack', requestId: 'req-lost', balanceMinor: 99_800 });
    deliver(second, { kind: 'ack', requestId: 'req-queued', balanceMinor: 99_700 });
    expect(store.getState().outbox).toEqual([]);
    expect(spotStakes(store.getState()).get('red')?.confirmedMinor).toBe(100);
    connection.stop();
  });

  it('pings every 5 s and reconnects when the link goes silent', () => {
    const { connection } = connect();
    last().handlers.onOpen();
    vi.advanceTimersByTime(5_000);
    expect(sentKinds(last())).toEqual(['ping']);
    vi.advanceTimersByTime(20_000);
    expect(sockets[0]?.closed).toBe(4000);
    vi.advanceTimersByTime(BACKOFF_CAP_MS);
    expect(sockets).toHaveLength(2);
    connection.stop();
  });

  it('reconnects with a fresh snapshot when an event is missing', () => {
    const { connection } = connect();
    last().handlers.onOpen();
    deliver(last(), welcome);
    deliver(last(), { kind: 'snapshot', snapshot: snapshot() });
    deliver(last(), event(12, { kind: 'round.closed', round: 7 }));
    expect(sockets[0]?.closed).toBe(4000);
    vi.advanceTimersByTime(BACKOFF_CAP_MS);
    expect(sockets).toHaveLength(2);
    connection.stop();
  });

  it('does not reconnect after a deliberate close, and says why', () => {
    const { store, connection } = connect();
    last().handlers.onOpen();
    last().handlers.onClose(CloseCode.Kicked, '');
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    const status = store.getState().connection;
    expect(status.state === 'closed' && status.reason).toMatch(/removed you/);
    connection.stop();
  });

  it('forgets the session when the upgrade fails and /api/me says 401', async () => {
    const { store, invalid, connection } = connect('invalid');
    last().handlers.onClose(1006, '');
    await vi.advanceTimersByTimeAsync(0);
    expect(invalid).toHaveLength(1);
    expect(store.getState().connection.state).toBe('closed');
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    connection.stop();
  });
});

describe('helpers', () => {
  it('backs off from 250 ms doubling to 10 s with full jitter', () => {
    expect(reconnectDelayMs(0, 0.999)).toBe(249);
    expect(reconnectDelayMs(3, 0.5)).toBe(1_000);
    expect(reconnectDelayMs(30, 0.999)).toBeLessThan(BACKOFF_CAP_MS);
    expect(reconnectDelayMs(30, 0)).toBe(0);
  });

  it('finds hot and cold numbers, counting pockets that never came up as coldest', () => {
    const pockets = [5, 5, 5, 7, 7, 0, 12];
    const history = pockets.map((pocket, index) => ({ round: 100 - index, outcome: { pocket }, settledAt: 0 }));
    const { hot, cold } = hotAndCold(history);
    expect(hot.map((entry) => entry.pocket)).toEqual([5, 7, 0, 12]);
    expect(hot[0]?.count).toBe(3);
    expect(cold).toHaveLength(5);
    expect(cold.every((entry) => entry.count === 0)).toBe(true);
  });

  it('draws every roulette spot exactly once, in both orientations, with straight-bet centres left free', () => {
    for (const orientation of ['horizontal', 'vertical'] as const) {
      const spots = boardSpots(orientation);
      expect(new Set(spots.map((spot) => spot.id))).toEqual(new Set(rouletteSpots.keys()));
      expect(spots).toHaveLength(rouletteSpots.size);
      const areas = spots.filter((spot) => spot.layer !== 'cell');
      for (const cell of spots.filter((spot) => spot.layer === 'cell')) {
        const cx = cell.rect.x + cell.rect.w / 2;
        const cy = cell.rect.y + cell.rect.h / 2;
        const covering = areas.filter(
          (area) => cx > area.rect.x && cx < area.rect.x + area.rect.w && cy > area.rect.y && cy < area.rect.y + area.rect.h,
        );
        expect(covering.map((area) => area.id), cell.id).toEqual([]);
      }
    }
    const split = boardSpots('horizontal').find((spot) => spot.id === 'split:17-20');
    expect(split?.layer).toBe('line');
  });
});
