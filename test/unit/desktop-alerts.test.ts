// Notifications the dealer must not miss: a player gone with chips on the
// layout (once per player per round) and high p99 latency (with hysteresis,
// and left to the console while it is on screen).
import { describe, expect, it } from 'vitest';
import { latencyAlertMs } from '../../src/shared/api.ts';
import { createAlertWatcher, latencyClearMs, type AlertSource, type AlertTable } from '../../src/main/desktop/alerts.ts';

const hidden = { consoleVisible: false };
const visible = { consoleVisible: true };

function world() {
  const state = {
    round: 5 as number | null,
    inFlight: true,
    stakes: new Map<string, number>([['ply_ann', 1_250]]),
    connected: new Set<string>(['ply_ann']),
    latencies: [] as number[],
  };
  const table: AlertTable = {
    id: 'tbl_a',
    name: 'Roulette 1',
    game: 'roulette-eu',
    get phase() {
      return state.inFlight ? ('betting' as const) : ('settled' as const);
    },
    get roundInFlight() {
      return state.inFlight;
    },
    config: { autoCycle: false, currency: 'EUR', fairness: 'pf1' as const },
    roundView: () => (state.round === null ? null : { round: state.round }),
    stakesByPlayer: () => state.stakes,
  };
  const source: AlertSource = {
    tables: { all: () => [table] },
    players: { byId: (id) => (id === 'ply_ann' ? { name: 'Ann' } : null) },
    gateway: { isConnected: (id) => state.connected.has(id), latencies: () => state.latencies },
  };
  return { state, watcher: createAlertWatcher(source) };
}

describe('a player disconnected with chips on the table', () => {
  it('is announced once per round, with the amount, however often they flap', () => {
    const { state, watcher } = world();
    expect(watcher.check(hidden)).toEqual([]);
    state.connected.delete('ply_ann');
    expect(watcher.check(hidden)).toEqual([{ title: 'Ann disconnected with chips on the table', body: '12.50 EUR on Roulette 1, round 5.' }]);
    expect(watcher.check(hidden)).toEqual([]);
    state.connected.add('ply_ann');
    watcher.check(hidden);
    state.connected.delete('ply_ann');
    expect(watcher.check(hidden)).toEqual([]);
  });

  it('is announced whether or not the console is on screen (the page does not raise it)', () => {
    const { state, watcher } = world();
    state.connected.delete('ply_ann');
    expect(watcher.check(visible)).toHaveLength(1);
  });

  it('is announced again in the next round', () => {
    const { state, watcher } = world();
    state.connected.delete('ply_ann');
    expect(watcher.check(hidden)).toHaveLength(1);
    state.round = 6;
    expect(watcher.check(hidden)).toHaveLength(1);
  });

  it('is not announced without chips, or once the round is over', () => {
    const { state, watcher } = world();
    state.connected.delete('ply_ann');
    state.inFlight = false;
    expect(watcher.check(hidden)).toEqual([]);
    state.inFlight = true;
    state.stakes = new Map();
    expect(watcher.check(hidden)).toEqual([]);
  });
});

describe('p99 latency', () => {
  it('alerts above the console\'s threshold, and again only after recovering well below it', () => {
    const { state, watcher } = world();
    state.latencies = [20, 30, latencyAlertMs];
    expect(watcher.check(hidden)).toEqual([]);
    state.latencies = [20, 30, latencyAlertMs + 100];
    expect(watcher.check(hidden)).toEqual([
      { title: 'Player latency is high', body: `p99 round trip ${latencyAlertMs + 100} ms across 3 connected players.` },
    ]);
    state.latencies = [20, 30, latencyClearMs + 1];
    expect(watcher.check(hidden)).toEqual([]);
    state.latencies = [20, 30, latencyAlertMs + 50];
    expect(watcher.check(hidden)).toEqual([]);
    state.latencies = [20, 30, latencyClearMs - 1];
    watcher.check(hidden);
    state.latencies = [20, 30, latencyAlertMs * 3];
    expect(watcher.check(hidden)).toHaveLength(1);
  });

  it('leaves the alert to the console while it is on screen, without repeating it once hidden', () => {
    const { state, watcher } = world();
    state.latencies = [latencyAlertMs * 2];
    expect(watcher.check(visible)).toEqual([]);
    expect(watcher.check(hidden)).toEqual([]);
    state.latencies = [10];
    watcher.check(hidden);
    state.latencies = [latencyAlertMs * 2];
    expect(watcher.check(hidden)).toHaveLength(1);
  });
});
