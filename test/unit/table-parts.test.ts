// The table core's parts on their own, on a fake clock: no server, no real
// betting window. The bet queue runs on an in-memory SQLite database.
import Database from 'better-sqlite3';
import { MerkleTree, verifyProof } from '../../src/shared/fairness/merkle.ts';
import { describe, expect, it } from 'vitest';
import { EventKind, Limits, type TableEvent } from '../../src/shared/protocol.ts';
import { BetBook, type LiveBet } from '../../src/main/tables/bet-book.ts';
import { BetQueue, type OperationResult, type QueuedOperation } from '../../src/main/tables/bet-queue.ts';
import { Timers } from '../../src/main/tables/clock.ts';
import { RoundFinisher, type RoundRecorder } from '../../src/main/tables/round-finisher.ts';
import { TableEvents, type EventEnvelope } from '../../src/main/tables/table-events.ts';
import { snapshotOf, stakesByPlayer } from '../../src/main/tables/table-views.ts';
import type { LiveRound } from '../../src/main/tables/live-round.ts';
import { blackjackSeats } from '../../src/shared/games/blackjack-seats.ts';
import { FakeClock } from '../support/fake-clock.ts';

function bet(playerId: string, betId: string, spot: string, amountMinor: number, rowId = 1): LiveBet {
  return { rowId, betId, playerId, playerName: playerId, walletAccountId: 1, spot, amountMinor };
}

describe('BetBook', () => {
  it('keeps live bets by player, spot totals and placements counted with take-backs', () => {
    const book = new BetBook();
    const red = bet('ann', 'a1', 'red', 100);
    book.add(red);
    book.add(bet('ann', 'a2', 'black', 200));
    book.add(bet('ben', 'b1', 'red', 50));
    book.countPlaced('ann', 2);
    book.countPlaced('ben', 1);
    expect(book.size).toBe(3);
    expect(book.spotTotals()).toEqual({ red: 150, black: 200 });
    expect(book.of('ann').map((live) => live.betId)).toEqual(['a1', 'a2']);
    book.remove(red);
    expect(book.spotTotals()).toEqual({ red: 50, black: 200 });
    expect(book.get('ann', 'a1')).toBeUndefined();
    // Taken back, still counted: churn is bounded like placing.
    expect(book.placedBy('ann')).toBe(2);
    expect(book.placedCount).toBe(3);
  });

  it('gives the newest Limits.maxSnapshotBets bets, recomputed only after a change', () => {
    const book = new BetBook();
    for (let index = 0; index < Limits.maxSnapshotBets + 5; index++) book.add(bet(`p${index}`, 'x', 'red', 100, index));
    const recent = book.recent();
    expect(recent).toHaveLength(Limits.maxSnapshotBets);
    expect(recent[0]?.playerId).toBe('p5');
    expect(book.recent()).toBe(recent);
    book.add(bet('late', 'y', 'red', 100));
    expect(book.recent()).not.toBe(recent);
    expect(book.recent().at(-1)?.playerId).toBe('late');
  });
});

describe('TableEvents', () => {
  function events(clock: FakeClock) {
    const published: EventEnvelope[] = [];
    const table = new TableEvents({
      tableId: 't1',
      clock,
      batchMs: 100,
      publish: (envelope) => published.push(envelope),
      spotTotals: () => ({ red: 100 }),
      playerCount: () => 1,
    });
    return { table, published, kinds: () => published.map((envelope) => envelope.event.kind) };
  }

  it('batches arrivals for batchMs, then publishes them once', () => {
    const clock = new FakeClock();
    const { table, published } = events(clock);
    table.presence({ playerId: 'ann', name: 'Ann', connected: true });
    table.presence({ playerId: 'ben', name: 'Ben', connected: true });
    clock.advance(99);
    expect(published).toHaveLength(0);
    clock.advance(1);
    expect(published).toHaveLength(1);
    expect(published[0]?.event).toMatchObject({ kind: EventKind.PlayerJoined, playerCount: 1 });
    expect(published[0]?.seq).toBe(1);
  });

  it('publishes the batch before a phase event, with increasing seqs, so no batch mixes rounds', () => {
    const clock = new FakeClock();
    const { table, published, kinds } = events(clock);
    table.placed(3, { betId: 'a1', playerId: 'ann', playerName: 'Ann', spot: 'red', amountMinor: 100 });
    table.emit({ kind: EventKind.RoundClosed, round: 3 } as TableEvent);
    expect(kinds()).toEqual([EventKind.BetsPlaced, EventKind.RoundClosed]);
    expect(published.map((envelope) => envelope.seq)).toEqual([1, 2]);
    expect(published[0]?.event).toMatchObject({ round: 3, betCount: 1, spotTotals: { red: 100 } });
    // The batch went out with the phase event: its timer publishes nothing more.
    clock.advance(1_000);
    expect(published).toHaveLength(2);
    expect(table.seq).toBe(2);
  });

  it('keeps only the newest Limits.maxBetsPerEvent bets in a batch, and counts them all', () => {
    const clock = new FakeClock();
    const { table, published } = events(clock);
    for (let index = 0; index < Limits.maxBetsPerEvent + 10; index++) {
      table.placed(1, { betId: `b${index}`, playerId: 'ann', playerName: 'Ann', spot: 'red', amountMinor: 100 });
    }
    table.publishActivity();
    const event = published[0]?.event;
    expect(event?.kind === EventKind.BetsPlaced && event.bets.length).toBe(Limits.maxBetsPerEvent);
    expect(event?.kind === EventKind.BetsPlaced && event.betCount).toBe(Limits.maxBetsPerEvent + 10);
  });
});

describe('Timers', () => {
  it('cancels every pending timer at once', () => {
    const clock = new FakeClock();
    const timers = new Timers(clock);
    const fired: string[] = [];
    timers.after(10, () => fired.push('a'));
    timers.after(20, () => fired.push('b'));
    clock.advance(10);
    timers.cancelAll();
    clock.advance(100);
    expect(fired).toEqual(['a']);
    expect(clock.pending).toBe(0);
  });
});

describe('BetQueue', () => {
  function queue(clock: FakeClock) {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE rows (id TEXT PRIMARY KEY)');
    const insert = db.prepare('INSERT INTO rows (id) VALUES (?)');
    const count = () => (db.prepare('SELECT count(*) AS n FROM rows').get() as { n: number }).n;
    const batches: number[] = [];
    const failures: string[] = [];
    let batchSize = 0;
    const memory: string[] = [];
    const answers: OperationResult[] = [];
    const signed: string[][] = [];
    const bets = new BetQueue({
      db,
      maxOperationsPerCommit: 256,
      later: (task) => clock.soon(task),
      beginBatch: () => (batchSize = 0),
      committed: () => batches.push(batchSize),
      afterBatch: () => {},
      failed: (context) => failures.push(context),
      signBatch: (lines) => {
        signed.push([...lines]);
        const tree = new MerkleTree([...lines].sort());
        return { statement: { kind: 'pf2.bets', root: tree.root, sig: 'test' }, proofOf: (line) => tree.proof(tree.lines.indexOf(line)) };
      },
    });
    const operation = (keys: string[], id: string, options: { throws?: boolean; refuse?: boolean } = {}): QueuedOperation => ({
      keys,
      enqueuedAt: 0,
      apply: () => {
        batchSize += 1;
        insert.run(id);
        if (options.throws) throw new Error('boom');
        if (options.refuse) return { result: { ok: false, code: 'wrong_phase', message: 'no' }, acknowledged: [`x|${id}|refused`] };
        return { result: { ok: true, balanceMinor: 0 }, afterCommit: () => memory.push(id), acknowledged: [`a|${id}|1`, `a|${id}|2`] };
      },
      answer: (result) => answers.push(result),
    });
    return { db, bets, operation, count, batches, failures, memory, answers, signed };
  }

  it('signs each group commit once, over the lines of the requests it committed; each answer proves its own lines', () => {
    const clock = new FakeClock();
    const { bets, operation, answers, signed } = queue(clock);
    bets.enqueue(operation(['player:ann'], 'a1'));
    bets.enqueue(operation(['player:ben'], 'b1', { refuse: true }));
    bets.enqueue(operation(['player:cy'], 'c1'));
    clock.runSoon();
    expect(signed).toEqual([['a|a1|1', 'a|a1|2', 'a|c1|1', 'a|c1|2']]);
    const [ann, ben, cy] = answers;
    if (!ann?.ok || !cy?.ok || !ann.acknowledgement || !cy.acknowledgement) throw new Error('no signed acknowledgement');
    expect(ben?.ok).toBe(false);
    expect(ann.acknowledgement.statement).toBe(cy.acknowledgement.statement);
    const root = ann.acknowledgement.statement.root as string;
    for (const proof of [...ann.acknowledgement.lines, ...cy.acknowledgement.lines]) {
      expect(verifyProof({ index: proof.index, line: proof.line as string, path: proof.path as string[] }, 4, root)).toBe(true);
    }
    expect(ann.acknowledgement.lines.map((proof) => proof.line)).toEqual(['a|a1|1', 'a|a1|2']);
  });

  it('commits a turn of requests together, but never two that share a key', () => {
    const clock = new FakeClock();
    const { bets, operation, batches, memory } = queue(clock);
    bets.enqueue(operation(['player:ann'], 'a1'));
    bets.enqueue(operation(['player:ben'], 'b1'));
    bets.enqueue(operation(['player:ann'], 'a2'));
    expect(memory).toEqual([]);
    clock.runSoon();
    expect(batches).toEqual([2, 1]);
    expect(memory).toEqual(['a1', 'b1', 'a2']);
  });

  it('rolls back a request that throws or is refused, alone; memory learns only what committed', () => {
    const clock = new FakeClock();
    const { bets, operation, count, memory, answers, failures } = queue(clock);
    bets.enqueue(operation(['player:ann'], 'a1'));
    bets.enqueue(operation(['player:ben'], 'b1', { throws: true }));
    bets.enqueue(operation(['player:cy'], 'c1', { refuse: true }));
    clock.runSoon();
    expect(count()).toBe(1);
    expect(memory).toEqual(['a1']);
    expect(answers.map((answer) => (answer.ok ? 'ok' : answer.code))).toEqual(['ok', 'internal', 'wrong_phase']);
    expect(failures).toEqual(['applying one request']);
  });

  it('answers the whole batch internal when the commit fails, and memory learns nothing', () => {
    const clock = new FakeClock();
    const { db, bets, operation, count, memory, answers } = queue(clock);
    db.exec('PRAGMA foreign_keys = ON');
    db.exec('CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (p INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)');
    db.exec("CREATE TRIGGER breaks_commit AFTER INSERT ON rows BEGIN INSERT INTO child (p) VALUES (42); END");
    bets.enqueue(operation(['player:ann'], 'a1'));
    bets.enqueue(operation(['player:ben'], 'b1'));
    clock.runSoon();
    expect(count()).toBe(0);
    expect(memory).toEqual([]);
    expect(answers.map((answer) => (answer.ok ? 'ok' : answer.code))).toEqual(['internal', 'internal']);
  });
});

describe('table views', () => {
  function round(phase: LiveRound['phase'], book: BetBook): LiveRound {
    return {
      id: 1, number: 4, chainId: 1, chainIndex: 4, commitment: 'c', phase, closesAt: null, lastCall: false, book,
      seeds: new Map([['ann', 's1']]), outcome: null, serverSeed: null, clientString: null, seatOwners: new Map(), blackjack: null, finishing: false, pf2: null,
    };
  }
  const summary = { id: 't', name: 'T', game: 'roulette-eu' as const, limits: { currency: 'EUR', minBetMinor: 1, maxSpotMinor: 1, maxRoundMinor: 1 }, rtp: {}, bettingWindowMs: 1, autoCycle: false, open: true, fairness: 'pf1' as const, revealWindowMs: 2_000, beacon: null };

  it('a snapshot puts my bets first, counts every bet and lists the players present, me first', () => {
    const book = new BetBook();
    book.add(bet('ben', 'b1', 'red', 100));
    book.add(bet('ann', 'a1', 'black', 200));
    const seated = new Map([
      ['ben', { playerId: 'ben', name: 'Ben', connected: true }],
      ['ann', { playerId: 'ann', name: 'Ann', connected: true }],
    ]);
    const snapshot = snapshotOf({
      seq: 9, summary, round: round('betting', book), interactive: false, playerId: 'ann', names: (id) => id, seated, history: [], lastRoundBets: [], lastSettlement: null,
    });
    expect(snapshot.bets.map((placed) => placed.betId)).toEqual(['a1', 'b1']);
    expect(snapshot).toMatchObject({ seq: 9, betCount: 2, spotTotals: { red: 100, black: 200 }, playerCount: 2 });
    expect(snapshot.players.map((player) => player.playerId)).toEqual(['ann', 'ben']);
    expect(snapshot.round).toMatchObject({ round: 4, phase: 'betting', clientSeeds: [{ playerId: 'ann', clientSeed: 's1' }] });
    expect(stakesByPlayer(round('betting', book))).toEqual(new Map([['ben', 100], ['ann', 200]]));
  });

  it('a settled round shows no live bets and no stakes', () => {
    const book = new BetBook();
    book.add(bet('ben', 'b1', 'red', 100));
    const snapshot = snapshotOf({
      seq: 1, summary, round: round('settled', book), interactive: false, playerId: null, names: (id) => id, seated: new Map(), history: [], lastRoundBets: [], lastSettlement: null,
    });
    expect(snapshot).toMatchObject({ bets: [], betCount: 0, spotTotals: {}, playerCount: 0 });
    expect(stakesByPlayer(round('settled', book)).size).toBe(0);
  });
});

describe('blackjack seats (GameRules.interactive)', () => {
  it('the first main bet owns a seat; others bet behind it; a seat frees when its owner takes every main bet back', () => {
    const owners = new Map<number, string>();
    expect(blackjackSeats.placementProblem('ann', ['seat:3'], owners, [])).toBeNull();
    blackjackSeats.claim(owners, 'ann', ['seat:3']);
    expect(blackjackSeats.placementProblem('ben', ['seat:3'], owners, [])).toMatchObject({ code: 'forbidden' });
    expect(blackjackSeats.placementProblem('ben', ['behind:3'], owners, [])).toBeNull();
    expect(blackjackSeats.placementProblem('ann', ['behind:3'], owners, [])).toMatchObject({ code: 'forbidden' });
    expect(blackjackSeats.placementProblem('ann', ['double:3:0'], owners, [])).toMatchObject({ code: 'unknown_spot' });
    expect(blackjackSeats.claimsSeats(['behind:3'])).toBe(false);
    expect(blackjackSeats.claimsSeats(['behind:3', 'seat:1'])).toBe(true);
    expect(blackjackSeats.refundedAtDeal('behind:5', owners)).toBe(true);
    expect(blackjackSeats.refundedAtDeal('behind:3', owners)).toBe(false);
    blackjackSeats.release(owners, 'ann', []);
    expect(owners.size).toBe(0);
  });
});

describe('RoundFinisher', () => {
  function finisher(betCount: number, betsPerStep: number) {
    const db = new Database(':memory:');
    const finished: number[] = [];
    const steps: string[] = [];
    const recorder: RoundRecorder = {
      draft: (_roundId, _voided, inParts) => {
        let left = Math.ceil(betCount / betsPerStep);
        steps.push(inParts ? 'draft in parts' : 'draft at once');
        return { step: () => (left -= 1) <= 0 };
      },
      append: () => steps.push('append'),
      linkOf: () => null,
    };
    const run = new RoundFinisher(
      { db, recorder, betsPerStep },
      { roundId: 1, voided: false, betCount, finishBet: (index) => finished.push(index), markFinished: () => steps.push('finished') },
    );
    return { run, finished, steps };
  }

  it('finishes a small round in one go, its record drafted whole', () => {
    const clock = new FakeClock();
    const { run, finished, steps } = finisher(3, 5);
    let done = 0;
    expect(run.run(clock, false, () => (done += 1), () => {})).toBeNull();
    expect(done).toBe(1);
    expect(finished).toEqual([0, 1, 2]);
    expect(steps).toEqual(['draft at once', 'finished', 'append']);
  });

  it('finishes a big round one bounded step per turn, then learns it on a turn of its own', () => {
    const clock = new FakeClock();
    const { run, finished, steps } = finisher(12, 5);
    let done = 0;
    expect(run.run(clock, false, () => (done += 1), () => {})).not.toBeNull();
    expect(finished).toEqual([]);
    clock.runSoon(1);
    expect(finished).toEqual([0, 1, 2, 3, 4]);
    clock.runSoon();
    expect(finished).toHaveLength(12);
    expect(steps).toEqual(['draft in parts', 'finished', 'append']);
    expect(done).toBe(1);
  });

  it('completes a finish under way at once when asked (shutdown), and only once', () => {
    const clock = new FakeClock();
    const { run, finished } = finisher(12, 5);
    let done = 0;
    const completeNow = run.run(clock, false, () => (done += 1), () => {});
    clock.runSoon(1);
    completeNow?.();
    expect(finished).toHaveLength(12);
    expect(done).toBe(1);
    clock.runSoon();
    expect(done).toBe(1);
  });
});
