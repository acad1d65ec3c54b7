// Blackjack at a real table over real sockets: two players own seats, a third
// bets behind; rounds are dealt and played out decision by decision (hits,
// stands, doubles, splits, insurance) until every kind of extra stake has
// happened; a decision timer runs out; a player disconnects mid-hand; the
// dealer cannot void a dealt hand; the table cycles on its own. Every balance,
// ledger line and settlement is checked against blackjackPayouts, every
// round's proof verifies, and the audit export verifies. Last, the server is
// killed (SIGKILL) mid-hand after a double, and recovery plays the hand out.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerSummaryResponse, MeLedgerResponse, OperatorTable, RoundProof } from '../../src/shared/api.ts';
import type { AuditJob } from '../../src/shared/audit-api.ts';
import { verifyRound } from '../../src/shared/fairness/verify-round.ts';
import { blackjackPayouts, blackjackRtpByKind, insuranceStakeMinor, type BlackjackBet } from '../../src/shared/games/blackjack.ts';
import { parseBlackjackSpot } from '../../src/shared/games/blackjack-spots.ts';
import type { BlackjackOutcome, BlackjackPlay, ServerMessage, TableEvent } from '../../src/shared/protocol.ts';
import { verifyExport } from '../../src/main/verifier/verify-export.ts';
import { killHard, serve } from '../support/chaos.ts';
import { finishedJob, inviteOf, joinTable, PlayerClient, request, startTestServer, type TestServer } from '../support/harness.ts';

type TurnEvent = Extract<TableEvent, { kind: 'blackjack.turn' }>;
type Decision = 'hit' | 'stand' | 'double' | 'split' | 'insure' | 'no-insurance';
/** What the test does when a seat's decision comes up: decide, let the timer run out, or drop the connection. */
type Move = Decision | 'wait' | 'disconnect' | 'unaffordable-double';
type Turn = Exclude<BlackjackPlay['turn'], { phase: 'done' }>;
type Strategy = (seat: number, hand: number, turn: Turn, play: BlackjackPlay) => Move;

const START_MINOR = 100_000;
const DECISION_MS = 3_000;

let server: TestServer;
const scratch: string[] = [];

beforeAll(async () => {
  // Rounds here run back to back from one loopback address: lift the per-socket message rate.
  server = await startTestServer({ gatewayLimits: { messagesPerSecond: 10_000, messageBurst: 10_000 } });
});
afterAll(async () => {
  await server.dispose();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** One player at the table: their socket, and every stake and return the test expects for them. */
class Player {
  client: PlayerClient;
  readonly name: string;
  readonly token: string;
  readonly playerId: string;
  balance = START_MINOR;
  /** Every wallet line the test expects. */
  readonly lines: { kind: string; deltaMinor: number }[] = [{ kind: 'join_credit', deltaMinor: START_MINOR }];

  constructor(client: PlayerClient, name: string, token: string, playerId: string) {
    this.client = client;
    this.name = name;
    this.token = token;
    this.playerId = playerId;
  }

  async reconnect(origin: string): Promise<void> {
    if (this.client.closeCode === null) return;
    this.client = await PlayerClient.connect(origin, this.token);
  }
}

async function seatPlayers(origin: string, table: OperatorTable, names: string[]): Promise<Player[]> {
  const invite = inviteOf(table);
  return Promise.all(
    names.map(async (name, index) => {
      const session = await joinTable(origin, invite, name, `seed-${name}-${index}`);
      return new Player(await PlayerClient.connect(origin, session.token), name, session.token, session.playerId);
    }),
  );
}

function eventOf(message: ServerMessage): TableEvent | null {
  return message.kind === 'event' ? message.event : null;
}

/** The next blackjack.turn, round.result or round.voided of the round, at or after position `from` of what the client received. */
async function nextPlayEvent(client: PlayerClient, round: number, from: number): Promise<{ event: TableEvent; index: number }> {
  const message = await client.waitFor(
    (candidate) => {
      const event = eventOf(candidate);
      return event !== null && ['blackjack.turn', 'round.result', 'round.voided'].includes(event.kind) && 'round' in event && event.round === round;
    },
    `play event of round ${round} after ${from}`,
    { fromIndex: from, timeoutMs: DECISION_MS * 3 },
  );
  return { event: message.kind === 'event' ? message.event : ({} as TableEvent), index: client.received.indexOf(message) };
}

type PlayedRound = {
  round: number;
  outcome: BlackjackOutcome | null;
  voided: boolean;
  /** The extra stakes the decisions booked. */
  extras: { playerId: string; spot: string; amountMinor: number }[];
  turns: TurnEvent[];
  /** Where the observer's stream stopped: the first unanswered turn, with stopAtFirstTurn. */
  index: number;
  /** ms from a turn's publication to the next play event, when the seat owner dropped. */
  disconnectLagMs: number[];
  refusedDouble: boolean;
};

type Stake = { player: Player; spot: string; amountMinor: number; betId: string };

/**
 * Answers every turn of a dealt round with the strategy, through each seat
 * owner's own socket, until the result (or the first turn, with
 * stopAtFirstTurn). `observer` must stay connected.
 */
async function drive(
  observer: PlayerClient,
  owners: ReadonlyMap<number, Player>,
  round: number,
  from: number,
  mainStakes: ReadonlyMap<number, number>,
  strategy: Strategy,
  options: { stopAtFirstTurn?: boolean } = {},
): Promise<PlayedRound> {
  const played: PlayedRound = { round, outcome: null, voided: false, extras: [], turns: [], index: from, disconnectLagMs: [], refusedDouble: false };
  const insured = new Set<number>();
  let index = from;
  // A round has at most 7 seats × 2 hands × a few cards of decisions.
  for (let step = 0; step < 100; step++) {
    const { event, index: at } = await nextPlayEvent(observer, round, index);
    played.index = at;
    index = at + 1;
    if (event.kind === 'round.result') {
      played.outcome = event.outcome as BlackjackOutcome;
      return played;
    }
    if (event.kind === 'round.voided') {
      played.voided = true;
      return played;
    }
    if (event.kind !== 'blackjack.turn') continue;
    played.turns.push(event);
    const turn = event.turn;
    if (turn.phase === 'done') continue;
    if (options.stopAtFirstTurn) return played;
    const seats = turn.phase === 'insurance' ? turn.seats.filter((seat) => !insured.has(seat)) : [turn.seat];
    const publishedAt = performance.now();
    let dropped = false;
    for (const seat of seats) {
      const hand = turn.phase === 'play' ? turn.hand : 0;
      const owner = owners.get(seat);
      if (!owner) throw new Error(`seat ${seat} has no owner in the test`);
      let move = strategy(seat, hand, turn, event);
      if (move === 'wait') continue;
      if (move === 'disconnect') {
        await owner.client.close();
        dropped = true;
        continue;
      }
      if (move === 'unaffordable-double') {
        const refused = await owner.client.request({ kind: 'blackjack.decide', round, seat, hand, action: 'double' });
        expect(refused).toMatchObject({ kind: 'error', code: 'insufficient_funds' });
        played.refusedDouble = true;
        move = 'stand';
      }
      if (turn.phase === 'insurance') insured.add(seat);
      const reply = await owner.client.request({ kind: 'blackjack.decide', round, seat, hand, action: move });
      expect(reply, `${owner.name} ${move} on seat ${seat} hand ${hand}`).toMatchObject({ kind: 'ack' });
      const main = mainStakes.get(seat) ?? 0;
      const extra = move === 'double' || move === 'split' ? main : move === 'insure' ? insuranceStakeMinor(main) : 0;
      if (extra > 0) {
        const spot = move === 'double' ? `double:${seat}:${hand}` : move === 'split' ? `split:${seat}` : `insurance:${seat}`;
        played.extras.push({ playerId: owner.playerId, spot, amountMinor: extra });
        owner.balance -= extra;
        owner.lines.push({ kind: 'bet', deltaMinor: -extra });
        expect(reply.kind === 'ack' && reply.balanceMinor).toBe(owner.balance);
      }
    }
    if (dropped) {
      await nextPlayEvent(observer, round, index);
      played.disconnectLagMs.push(performance.now() - publishedAt);
    }
  }
  throw new Error(`round ${round} did not end`);
}

/** Opens a round, places the stakes (one request per player), closes, deals and drives it. */
async function playRound(
  table: OperatorTable,
  observer: Player,
  owners: ReadonlyMap<number, Player>,
  stakes: Stake[],
  strategy: Strategy,
  options: { stopAtFirstTurn?: boolean } = {},
): Promise<PlayedRound> {
  const opening = observer.client.received.length;
  await server.operator.mustAct(table.id, 'open');
  const opened = await observer.client.waitFor((message) => eventOf(message)?.kind === 'round.opened', 'round.opened', { fromIndex: opening });
  const round = opened.kind === 'event' && opened.event.kind === 'round.opened' ? opened.event.round : 0;
  for (const player of new Set(stakes.map((stake) => stake.player))) {
    const mine = stakes.filter((stake) => stake.player === player);
    const reply = await player.client.bet(round, mine.map(({ betId, spot, amountMinor }) => ({ betId, spot, amountMinor })));
    expect(reply, `${player.name}'s bets`).toMatchObject({ kind: 'ack' });
    for (const stake of mine) {
      player.balance -= stake.amountMinor;
      player.lines.push({ kind: 'bet', deltaMinor: -stake.amountMinor });
    }
  }
  await server.operator.mustAct(table.id, 'close');
  const from = observer.client.received.length;
  await server.operator.mustAct(table.id, 'spin');
  return drive(observer.client, owners, round, from, mainStakesOf(stakes), strategy, options);
}

function mainStakesOf(stakes: Stake[]): Map<number, number> {
  const mains = new Map<number, number>();
  for (const stake of stakes) {
    const spot = parseBlackjackSpot(stake.spot);
    if (spot?.kind === 'seat') mains.set(spot.seat, stake.amountMinor);
  }
  return mains;
}

/** The expected returns of a settled round, from blackjackPayouts alone; books them on each player. */
function settleExpected(played: PlayedRound, stakes: Stake[]): Map<string, { stakeMinor: number; payoutMinor: number }> {
  const outcome = played.outcome;
  if (!outcome) throw new Error(`round ${played.round} has no outcome`);
  const bets: BlackjackBet[] = stakes.map((stake) => {
    const spot = parseBlackjackSpot(stake.spot);
    if (spot === null || (spot.kind !== 'seat' && spot.kind !== 'behind')) throw new Error(`not a player spot: ${stake.spot}`);
    return { betId: stake.betId, seat: spot.seat, kind: spot.kind === 'seat' ? 'main' : 'behind', amountMinor: stake.amountMinor };
  });
  const perPlayer = new Map<string, { stakeMinor: number; payoutMinor: number }>();
  for (const settlement of blackjackPayouts(outcome, bets)) {
    const stake = stakes.find((candidate) => candidate.betId === settlement.betId) as Stake;
    const total = perPlayer.get(stake.player.playerId) ?? { stakeMinor: 0, payoutMinor: 0 };
    total.stakeMinor += settlement.stakeMinor;
    total.payoutMinor += settlement.returnedMinor;
    perPlayer.set(stake.player.playerId, total);
    stake.player.balance += settlement.returnedMinor;
  }
  return perPlayer;
}

/** Total returned per player, as the ledger must show it (stake back and win, per bet row). */
function bookReturnLines(played: PlayedRound, stakes: Stake[], players: Player[], proof: RoundProof): void {
  for (const player of players) {
    for (const bet of proof.bets.filter((row) => row.playerId === player.playerId)) {
      const payout = bet.payoutMinor ?? 0;
      const stakeBack = Math.min(payout, bet.amountMinor);
      if (stakeBack > 0) player.lines.push({ kind: 'payout_stake', deltaMinor: stakeBack });
      if (payout > bet.amountMinor) player.lines.push({ kind: 'payout_win', deltaMinor: payout - bet.amountMinor });
    }
  }
  // Every row the table booked is a stake this test placed or a decision it made.
  const expectedRows = [
    ...stakes.map((stake) => ({ playerId: stake.player.playerId, spot: stake.spot, amountMinor: stake.amountMinor })),
    ...played.extras,
  ];
  const sortRows = (rows: { playerId?: string; spot: string; amountMinor: number }[]) =>
    rows.map((row) => `${row.playerId} ${row.spot} ${row.amountMinor}`).sort();
  expect(sortRows(proof.bets)).toEqual(sortRows(expectedRows));
}

async function proofOf(tableId: string, round: number): Promise<RoundProof> {
  // As the operator: the public proof names no player (item 13).
  const reply = await server.operator.call<RoundProof>('GET', `/api/tables/${tableId}/rounds/${round}/proof`);
  expect(reply.status).toBe(200);
  return reply.body;
}

async function ledgerOf(origin: string, token: string): Promise<{ kind: string; deltaMinor: number }[]> {
  const ledger = await request<MeLedgerResponse>(origin, 'GET', '/api/me/ledger?limit=1000', undefined, { Authorization: `Bearer ${token}` });
  return [...ledger.body.lines].reverse().map((line) => ({ kind: line.kind, deltaMinor: line.deltaMinor }));
}

async function balanceOf(origin: string, token: string): Promise<number> {
  const me = await request<{ balanceMinor: number }>(origin, 'GET', '/api/me', undefined, { Authorization: `Bearer ${token}` });
  return me.body.balanceMinor;
}


function totalOf(play: BlackjackPlay, seat: number, hand: number): number {
  return play.seats.find((candidate) => candidate.seat === seat)?.hands[hand]?.total ?? 0;
}

/** Books a settled round on the players (blackjackPayouts), checks its proof and its rows, and returns what each player should be told. */
async function settled(tableId: string, played: PlayedRound, stakes: Stake[], players: Player[]): Promise<Map<string, { stakeMinor: number; payoutMinor: number }>> {
  const proof = await proofOf(tableId, played.round);
  const perPlayer = settleExpected(played, stakes);
  bookReturnLines(played, stakes, players, proof);
  expect(verifyRound(proof), `proof of round ${played.round}`).toMatchObject({ ok: true });
  return perPlayer;
}

const standStrategy: Strategy = (_seat, _hand, turn) => (turn.phase === 'insurance' ? 'no-insurance' : 'stand');

// One table played through in order: each `it` continues where the last one
// left the table, its players and the money the test expects (vitest runs the
// `it`s of a file in order), so a failure names the case that broke.
describe('blackjack at a real table', () => {
  let table: OperatorTable;
  let players: Player[];
  let ana: Player;
  let bo: Player;
  let cy: Player;
  let dee: Player;
  /** Seat number → the player who owns it. */
  let owners: Map<number, Player>;
  let betCounter = 0;
  const stake = (player: Player, spot: string, amountMinor: number): Stake => ({ player, spot, amountMinor, betId: `bj-${(betCounter += 1)}` });
  const settledRounds: number[] = [];

  it('opens with its decision time and the published return of each bet kind', async () => {
    table = await server.operator.createTable({
      name: 'Blackjack',
      game: 'blackjack',
      minBetMinor: 100,
      maxSpotMinor: 100_000,
      maxRoundMinor: 200_000,
      joinCreditMinor: START_MINOR,
      houseFloatMinor: 100_000_000,
      decisionMs: DECISION_MS,
    });
    expect(table.config.decisionMs).toBe(DECISION_MS);
    expect(table.rtp).toEqual({ ...blackjackRtpByKind });
    for (const [kind, rtp] of Object.entries(table.rtp)) {
      expect(rtp, kind).toBeGreaterThan(0.9);
      expect(rtp, kind).toBeLessThan(1);
    }
    players = await seatPlayers(server.origin, table, ['Ana', 'Bo', 'Cy', 'Dee']);
    [ana, bo, cy, dee] = players as [Player, Player, Player, Player];
    owners = new Map([
      [1, ana],
      [2, bo],
      [3, dee],
    ]);
  });

  it('enforces the seat rules while betting is open, and voids a round nobody sits at, refunding the bets behind', async () => {
    await server.operator.mustAct(table.id, 'open');
    await ana.client.waitForEvent('round.opened', 1);
    expect(await ana.client.bet(1, [{ betId: 'x1', spot: 'seat:1', amountMinor: 1_000 }])).toMatchObject({ kind: 'ack' });
    expect(await bo.client.bet(1, [{ betId: 'x2', spot: 'seat:1', amountMinor: 1_000 }])).toMatchObject({ kind: 'error', code: 'forbidden' });
    expect(await ana.client.bet(1, [{ betId: 'x3', spot: 'behind:1', amountMinor: 1_000 }])).toMatchObject({ kind: 'error', code: 'forbidden' });
    for (const spot of ['double:1:0', 'split:1', 'insurance:1', 'seat:8', 'red']) {
      expect(await bo.client.bet(1, [{ betId: 'x4', spot, amountMinor: 1_000 }]), spot).toMatchObject({ kind: 'error', code: 'unknown_spot' });
    }
    expect(await cy.client.bet(1, [{ betId: 'x5', spot: 'behind:1', amountMinor: 500 }])).toMatchObject({ kind: 'ack' });
    // Cy, behind seat 1, cannot also sit there.
    expect(await cy.client.bet(1, [{ betId: 'x7', spot: 'seat:1', amountMinor: 500 }])).toMatchObject({ kind: 'error', code: 'forbidden' });
    // Ana takes her seat bet back: the seat is free, and Bo may sit there.
    expect(await ana.client.request({ kind: 'bet.cancel', round: 1, betIds: ['x1'] })).toMatchObject({ kind: 'ack' });
    expect(await bo.client.bet(1, [{ betId: 'x6', spot: 'seat:1', amountMinor: 1_000 }])).toMatchObject({ kind: 'ack' });
    expect(await bo.client.request({ kind: 'bet.cancel', round: 1, betIds: [] })).toMatchObject({ kind: 'ack' });
    // A decision with no hand in play is refused.
    expect(await ana.client.request({ kind: 'blackjack.decide', round: 1, seat: 1, hand: 0, action: 'stand' })).toMatchObject({
      kind: 'error',
      code: 'wrong_phase',
    });
    // Nobody sits: the deal refunds Cy's bet behind and voids the round, since there is no hand to deal.
    await server.operator.mustAct(table.id, 'close');
    await server.operator.mustAct(table.id, 'spin');
    expect((await ana.client.waitForEvent('round.voided', 1)).event).toMatchObject({ reason: 'nobody took a seat' });
    const refund = await cy.client.waitFor(
      (message) => eventOf(message)?.kind === 'bets.cancelled' && JSON.stringify(message).includes(cy.playerId),
      'refund of the bet behind an empty seat',
    );
    expect(eventOf(refund)).toMatchObject({ round: 1, playerId: cy.playerId, betIds: ['x5'] });
    ana.lines.push({ kind: 'bet', deltaMinor: -1_000 }, { kind: 'bet_cancel', deltaMinor: 1_000 });
    bo.lines.push({ kind: 'bet', deltaMinor: -1_000 }, { kind: 'bet_cancel', deltaMinor: 1_000 });
    cy.lines.push({ kind: 'bet', deltaMinor: -500 }, { kind: 'bet_cancel', deltaMinor: 500 });
  });

  it('plays rounds until a split, a double, insurance, a refund behind an empty seat and an unaffordable double have all happened, each settled to the cent', async () => {
    // Bounded: at most 300 rounds, at least 8.
    const seen = { split: 0, double: 0, insurance: 0, behindRefund: 0, refusedDouble: 0 };
    let deeMain = 0;
    const strategy: Strategy = (seat, hand, turn, play) => {
      if (turn.phase === 'insurance') return seen.insurance < 3 ? 'insure' : 'no-insurance';
      // Dee sits with most of her money on the seat until she has asked for a double she cannot pay.
      if (seat === 3 && seen.refusedDouble === 0 && turn.actions.includes('double') && dee.balance < deeMain) return 'unaffordable-double';
      if (turn.actions.includes('split')) return 'split';
      if (turn.actions.includes('double') && seen.double < 6) return 'double';
      return totalOf(play, seat, hand) < 13 ? 'hit' : 'stand';
    };
    for (let attempt = 0; attempt < 300; attempt++) {
      if (seen.split > 0 && seen.double > 0 && seen.insurance > 0 && seen.refusedDouble > 0 && attempt >= 8) break;
      // More than half her balance, so a double is more than she has left (the table's spot limit permitting).
      deeMain = seen.refusedDouble === 0 ? Math.min(100_000, Math.floor(dee.balance / 2) + 100) : 200;
      const stakes = [
        stake(ana, 'seat:1', 1_000),
        // Odd: a blackjack's 3:2 rounds down.
        stake(bo, 'seat:2', 1_501),
        stake(dee, 'seat:3', deeMain),
        stake(cy, 'behind:1', 700),
        stake(cy, 'behind:2', 301),
      ];
      // Every few rounds Cy also bets behind seat 6, where nobody sits: refunded at the deal.
      const unseated = attempt % 4 === 0 ? stake(cy, 'behind:6', 400) : null;
      const played = await playRound(table, cy, owners, unseated ? [...stakes, unseated] : stakes, strategy);
      if (unseated) {
        const cancelled = await cy.client.waitFor(
          (message) => eventOf(message)?.kind === 'bets.cancelled' && JSON.stringify(message).includes(unseated.betId),
          'refund of the bet behind an empty seat',
        );
        // Refunded alone: the bets behind occupied seats stay in play.
        expect(eventOf(cancelled)).toMatchObject({ round: played.round, playerId: cy.playerId, betIds: [unseated.betId] });
        cy.balance += unseated.amountMinor;
        cy.lines.push({ kind: 'bet_cancel', deltaMinor: unseated.amountMinor });
        seen.behindRefund += 1;
      }
      expect(played.outcome, `round ${played.round}`).not.toBeNull();
      settledRounds.push(played.round);
      for (const extra of played.extras) {
        const kind = parseBlackjackSpot(extra.spot)?.kind;
        if (kind === 'split' || kind === 'double' || kind === 'insurance') seen[kind] += 1;
      }
      if (played.refusedDouble) {
        seen.refusedDouble += 1;
        // Refused for funds and not applied: she stood.
        expect(played.outcome?.decisions).toContainEqual({ seat: 3, hand: 0, action: 'stand' });
        expect(played.outcome?.seats.find((seat) => seat.seat === 3)?.hands[0]?.doubled).toBe(false);
      }
      // Turn events carry the owners, and show only the up card until the dealer plays.
      for (const turn of played.turns) {
        expect(turn.seats.map((seat) => [seat.seat, seat.ownerId, seat.ownerName])).toEqual([
          [1, ana.playerId, 'Ana'],
          [2, bo.playerId, 'Bo'],
          [3, dee.playerId, 'Dee'],
        ]);
        if (turn.turn.phase === 'done') expect(turn.deadline).toBeNull();
        else {
          expect(turn.dealer).toHaveLength(1);
          expect(turn.deadline).toBeGreaterThan(Date.now() - 60_000);
        }
      }
      const perPlayer = await settled(table.id, played, stakes, players);
      // Each player is told their own result, exactly as blackjackPayouts computes it.
      for (const player of players) {
        const settlement = await player.client.waitFor(
          (message) => message.kind === 'settlement' && message.round === played.round,
          `settlement of ${player.name} in round ${played.round}`,
        );
        expect(settlement).toEqual({ kind: 'settlement', round: played.round, ...perPlayer.get(player.playerId), balanceMinor: player.balance });
      }
    }
    for (const [what, count] of Object.entries(seen)) expect(count, what).toBeGreaterThan(0);
    console.log(`blackjack: ${settledRounds.length} rounds played until each case was seen: ${JSON.stringify(seen)}`);
  });

  it('refuses a decision from another player, out of turn, impossible or malformed, and applies a retried one once', async () => {
    let checked = false;
    for (let attempt = 0; attempt < 30 && !checked; attempt++) {
      const stakes = [stake(ana, 'seat:1', 1_000), stake(dee, 'seat:3', 200)];
      const first = await playRound(table, cy, owners, stakes, standStrategy, { stopAtFirstTurn: true });
      const round = first.round;
      const turn = first.turns.at(-1)?.turn;
      if (!first.outcome && turn?.phase === 'play' && turn.seat === 1) {
        const decide = (player: Player, seat: number, action: string, hand = 0, forRound = round) =>
          player.client.request({ kind: 'blackjack.decide', round: forRound, seat, hand, action });
        expect(await decide(bo, 1, 'stand')).toMatchObject({ kind: 'error', code: 'forbidden' });
        expect(await decide(dee, 3, 'stand')).toMatchObject({ kind: 'error', code: 'wrong_phase' });
        expect(await decide(ana, 1, 'stand', 1)).toMatchObject({ kind: 'error', code: 'wrong_phase' });
        expect(await decide(ana, 1, 'insure')).toMatchObject({ kind: 'error', code: 'wrong_phase' });
        expect(await decide(ana, 1, 'stand', 0, round + 1)).toMatchObject({ kind: 'error', code: 'wrong_round' });
        if (!turn.actions.includes('split')) expect(await decide(ana, 1, 'split')).toMatchObject({ kind: 'error', code: 'wrong_phase' });
        expect(await decide(ana, 9, 'stand')).toMatchObject({ kind: 'error', code: 'bad_message' });
        expect(await decide(ana, 1, 'surrender')).toMatchObject({ kind: 'error', code: 'bad_message' });
        // None of that moved the hand: a retried stand with one request id is acknowledged twice and applied once.
        const stand = { kind: 'blackjack.decide', requestId: `stand-${round}`, round, seat: 1, hand: 0, action: 'stand' };
        expect(await ana.client.request(stand)).toMatchObject({ kind: 'ack' });
        expect(await ana.client.request(stand)).toMatchObject({ kind: 'ack' });
        checked = true;
      }
      // Resume after the first turn when it was answered above, else at it.
      const resumeAt = checked ? first.index + 1 : first.index;
      const played = first.outcome ? first : await drive(cy.client, owners, round, resumeAt, mainStakesOf(stakes), standStrategy);
      expect(played.outcome).not.toBeNull();
      if (checked) expect(played.outcome?.decisions.filter((decision) => decision.seat === 1)).toEqual([{ seat: 1, hand: 0, action: 'stand' }]);
      await settled(table.id, played, stakes, players);
      settledRounds.push(round);
    }
    expect(checked).toBe(true);
  });

  it('stands a seat whose decision timer runs out', async () => {
    let timedOut = false;
    for (let attempt = 0; attempt < 10 && !timedOut; attempt++) {
      const stakes = [stake(ana, 'seat:1', 500), stake(bo, 'seat:2', 500)];
      let waited = false;
      const played = await playRound(table, cy, owners, stakes, (seat, hand, turn, play) => {
        if (seat === 1 && turn.phase === 'play' && !waited) {
          waited = true;
          return 'wait';
        }
        return standStrategy(seat, hand, turn, play);
      });
      await settled(table.id, played, stakes, players);
      settledRounds.push(played.round);
      if (waited) {
        expect(played.outcome?.decisions).toContainEqual({ seat: 1, hand: 0, action: 'timeout' });
        timedOut = true;
      }
    }
    expect(timedOut).toBe(true);
  });

  it('stands the seat of a player who disconnects at their turn, without waiting for the timer', async () => {
    let dropped = false;
    for (let attempt = 0; attempt < 10 && !dropped; attempt++) {
      await bo.reconnect(server.origin);
      const stakes = [stake(ana, 'seat:1', 500), stake(bo, 'seat:2', 500)];
      let left = false;
      const played = await playRound(table, cy, owners, stakes, (seat, hand, turn, play) => {
        if (seat === 2 && turn.phase === 'play' && !left) {
          left = true;
          return 'disconnect';
        }
        return standStrategy(seat, hand, turn, play);
      });
      await settled(table.id, played, stakes, players);
      settledRounds.push(played.round);
      if (left) {
        expect(played.outcome?.decisions).toContainEqual({ seat: 2, hand: 0, action: 'timeout' });
        expect(Math.max(...played.disconnectLagMs)).toBeLessThan(DECISION_MS / 2);
        dropped = true;
      }
    }
    expect(dropped).toBe(true);
    await bo.reconnect(server.origin);
    // Back at the table, the snapshot shows no hand in play.
    const snapshot = bo.client.received.find((message) => message.kind === 'snapshot');
    expect(snapshot?.kind === 'snapshot' && snapshot.snapshot.round?.blackjack).toBeNull();
  });

  it('refuses to void a dealt hand whatever the cards, after a double mid-hand too; the hand plays on', async () => {
    let doubledMidHand = false;
    for (let attempt = 0; attempt < 30 && !doubledMidHand; attempt++) {
      const stakes = [stake(ana, 'seat:1', 1_000), stake(bo, 'seat:2', 1_000), stake(cy, 'behind:1', 300)];
      const first = await playRound(table, cy, owners, stakes, standStrategy, { stopAtFirstTurn: true });
      const round = first.round;
      // Whether the hand is still in play or already over, the answer is the same: the cards are out.
      const refused = await server.operator.action(table.id, 'void', 'card fault');
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ error: { code: 'wrong_phase' } });
      const turn = first.turns.at(-1);
      const boMustDecide = (turn?.seats[1]?.hands[0]?.total ?? 21) < 21;
      if (!first.outcome && turn?.turn.phase === 'play' && turn.turn.seat === 1 && turn.turn.actions.includes('double') && boMustDecide) {
        expect(await ana.client.request({ kind: 'blackjack.decide', round, seat: 1, hand: 0, action: 'double' })).toMatchObject({
          kind: 'ack',
          balanceMinor: ana.balance - 1_000,
        });
        ana.balance -= 1_000;
        ana.lines.push({ kind: 'bet', deltaMinor: -1_000 });
        // A snapshot mid-hand carries the hand in play, owners included, and no seed yet.
        const watcher = await PlayerClient.connect(server.origin, cy.token);
        cy.client = watcher;
        const snapshot = watcher.received.find((message) => message.kind === 'snapshot');
        const view = snapshot?.kind === 'snapshot' ? snapshot.snapshot.round : null;
        expect(view).toMatchObject({ phase: 'playing', serverSeed: null, outcome: null });
        expect(view?.blackjack?.seats[0]).toMatchObject({ seat: 1, ownerId: ana.playerId, ownerName: 'Ana' });
        expect(view?.blackjack?.seats[0]?.hands[0]?.doubled).toBe(true);
        expect(view?.blackjack?.turn).toMatchObject({ phase: 'play', seat: 2 });
        // Mid-hand, after a double, still no void.
        expect((await server.operator.action(table.id, 'void', 'card fault')).status).toBe(409);
        // Seat 2 is the last to play: its stand ends the hand.
        expect(await bo.client.request({ kind: 'blackjack.decide', round, seat: 2, hand: 0, action: 'stand' })).toMatchObject({ kind: 'ack' });
        const result = await watcher.waitForEvent('round.result', round);
        const outcome = result.event.kind === 'round.result' ? (result.event.outcome as BlackjackOutcome) : null;
        const played: PlayedRound = { ...first, outcome, extras: [{ playerId: ana.playerId, spot: 'double:1:0', amountMinor: 1_000 }] };
        await settled(table.id, played, stakes, players);
        settledRounds.push(round);
        doubledMidHand = true;
        continue;
      }
      const played = first.outcome ? first : await drive(cy.client, owners, round, first.index, mainStakesOf(stakes), standStrategy);
      await settled(table.id, played, stakes, players);
      settledRounds.push(round);
    }
    expect(doubledMidHand).toBe(true);
  });

  it('leaves every balance and ledger line as expected, and the ledger balanced', async () => {
    for (const player of players) {
      expect(await balanceOf(server.origin, player.token), player.name).toBe(player.balance);
      const lines = await ledgerOf(server.origin, player.token);
      // Per bet row in the table's own order: compared as multisets, and in total.
      const sorted = (list: { kind: string; deltaMinor: number }[]) => list.map((line) => `${line.kind} ${line.deltaMinor}`).sort();
      expect(sorted(lines), player.name).toEqual(sorted(player.lines));
      expect(lines.reduce((sum, line) => sum + line.deltaMinor, 0)).toBe(player.balance);
    }
    const summary = await server.operator.call<LedgerSummaryResponse>('GET', '/api/operator/ledger');
    expect(summary.body.sumMinor).toBe(0);
    expect(summary.body.accounts.find((account) => account.kind === 'escrow' && account.ref === table.id)?.balanceMinor).toBe(0);
    expect(server.pitboss.services.ledger.verify()).toEqual({ ok: true, problems: [] });
  });

  it('exports the rounds, and the audit replays every decision and payout', async () => {
    const exportRoot = mkdtempSync(join(tmpdir(), 'pitboss-bj-audit-'));
    scratch.push(exportRoot);
    const dir = join(exportRoot, 'out');
    const started = await server.operator.call<{ job: AuditJob }>('POST', '/api/operator/audit/exports', { tableId: table.id, dir });
    expect(started.status).toBe(202);
    const job = await finishedJob(server.operator, started.body.job.id);
    expect(job).toMatchObject({ state: 'done', error: null });
    // Every settled round plus the one voided before the deal (nobody took a seat).
    expect(job.records).toBe(settledRounds.length + 1);
    const report = await verifyExport({ dir });
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.stats.outcomesChecked).toBe(settledRounds.length);
    await Promise.all(players.map((player) => (player.client.closeCode === null ? player.client.close() : Promise.resolve(0))));
  });
});

describe('blackjack in auto-cycle', () => {
  it('deals by itself in auto-cycle and keeps cycling', async () => {
    const table = await server.operator.createTable({
      name: 'Auto blackjack',
      game: 'blackjack',
      autoCycle: true,
      bettingWindowMs: 3_000,
      lastCallMs: 1_000,
      resultPauseMs: 0,
      decisionMs: DECISION_MS,
      houseFloatMinor: 10_000_000,
    });
    const [solo] = await seatPlayers(server.origin, table, ['Solo']);
    if (!solo) throw new Error('no player');
    const snapshot = solo.client.received.find((message) => message.kind === 'snapshot');
    const view = snapshot?.kind === 'snapshot' ? snapshot.snapshot.round : null;
    expect(view).toMatchObject({ phase: 'betting', blackjack: null });
    const round = view?.round ?? 0;
    expect(await solo.client.bet(round, [{ betId: 'auto-1', spot: 'seat:4', amountMinor: 500 }])).toMatchObject({ kind: 'ack' });
    await solo.client.waitForEvent('round.closed', round);
    const closedAt = solo.client.received.length - 1;
    const played = await drive(solo.client, new Map([[4, solo]]), round, closedAt, new Map([[4, 500]]), standStrategy);
    expect(played.outcome).not.toBeNull();
    await solo.client.waitForEvent('round.settled', round);
    await solo.client.waitForEvent('round.opened', round + 1);
    expect((await server.operator.action(table.id, 'auto-off')).status).toBe(200);
    await solo.client.close();
  });
});

describe('a crash in the middle of a hand', () => {
  it('item 5: plays the hand out on restart (undecided hands stand, the double stays) and settles it; nothing is refunded', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pitboss-bj-crash-'));
    scratch.push(dataDir);
    let served = await serve(dataDir);
    try {
      const created = await served.operator.call<{ table: OperatorTable }>('POST', '/api/operator/tables', {
        name: 'Crash blackjack',
        game: 'blackjack',
        // This crash test is pf1's (a pf2 hand killed in play is pf2-crash.test.ts's).
        fairness: 'pf1',
        minBetMinor: 100,
        maxSpotMinor: 50_000,
        maxRoundMinor: 200_000,
        joinCreditMinor: START_MINOR,
        houseFloatMinor: 10_000_000,
      });
      expect(created.status).toBe(201);
      const table = created.body.table;
      const invite = inviteOf(table);
      const sessions = await Promise.all(['Kim', 'Lee'].map((name) => joinTable(served.origin, invite, name, `crash-${name}`)));
      const [kim, lee] = await Promise.all(sessions.map((session) => PlayerClient.connect(served.origin, session.token)));
      if (!kim || !lee) throw new Error('players did not connect');
      const act = async (action: string) => {
        const reply = await served.operator.action(table.id, action);
        expect(reply.status, action).toBe(200);
      };
      let doubled = false;
      let round = 0;
      let kimBefore = 0;
      let leeBefore = 0;
      // Deal until Kim (seat 1) can double with Lee still to play, then double and kill the server.
      for (let attempt = 0; attempt < 30 && !doubled; attempt++) {
        round = attempt + 1;
        await act('open');
        await kim.waitForEvent('round.opened', round);
        expect(await kim.bet(round, [{ betId: `k${round}`, spot: 'seat:1', amountMinor: 2_000 }])).toMatchObject({ kind: 'ack' });
        expect(await lee.bet(round, [{ betId: `l${round}`, spot: 'seat:2', amountMinor: 1_000 }])).toMatchObject({ kind: 'ack' });
        const leeAck = await lee.bet(round, [{ betId: `lb${round}`, spot: 'behind:1', amountMinor: 700 }]);
        expect(leeAck).toMatchObject({ kind: 'ack' });
        leeBefore = leeAck.kind === 'ack' ? leeAck.balanceMinor : 0;
        await act('close');
        let from = kim.received.length;
        await act('spin');
        let { event } = await nextPlayEvent(kim, round, from);
        const canDouble =
          event.kind === 'blackjack.turn' &&
          event.turn.phase === 'play' &&
          event.turn.seat === 1 &&
          event.turn.actions.includes('double') &&
          // Lee's hand must still wait for a decision after Kim's double, so the round stays in play.
          (event.seats[1]?.hands[0]?.total ?? 21) < 21;
        if (canDouble) {
          // The new turn is published before the ack: look for it from before the request.
          const before = kim.received.length;
          const ack = await kim.request({ kind: 'blackjack.decide', round, seat: 1, hand: 0, action: 'double' });
          expect(ack).toMatchObject({ kind: 'ack' });
          kimBefore = ack.kind === 'ack' ? ack.balanceMinor : 0;
          const next = await nextPlayEvent(kim, round, before);
          expect(next.event.kind).toBe('blackjack.turn');
          doubled = true;
          break;
        }
        // Not this time: both stand (or decline insurance) until the round's result, then deal again.
        // An insurance turn is published again after each answer: a seat answers once.
        const declined = new Set<number>();
        for (let step = 0; step < 20 && event.kind === 'blackjack.turn' && event.turn.phase !== 'done'; step++) {
          const turn = event.turn;
          from = kim.received.length;
          if (turn.phase === 'insurance') {
            for (const seat of turn.seats.filter((candidate) => !declined.has(candidate))) {
              declined.add(seat);
              const owner = seat === 1 ? kim : lee;
              expect(await owner.request({ kind: 'blackjack.decide', round, seat, hand: 0, action: 'no-insurance' })).toMatchObject({ kind: 'ack' });
            }
          } else {
            const owner = turn.seat === 1 ? kim : lee;
            expect(await owner.request({ kind: 'blackjack.decide', round, seat: turn.seat, hand: turn.hand, action: 'stand' })).toMatchObject({ kind: 'ack' });
          }
          ({ event } = await nextPlayEvent(kim, round, from));
        }
        await kim.waitForEvent('round.settled', round);
      }
      expect(doubled).toBe(true);
      await killHard(served.child);
      served = await serve(dataDir);
      // After recovery the hand was played out: Lee's seat stood, the dealer played, the round settled.
      const proof = await request<RoundProof>(served.origin, 'GET', `/api/tables/${table.id}/rounds/${round}/proof`);
      expect(proof.body.phase).toBe('settled');
      expect(verifyRound(proof.body)).toMatchObject({ ok: true });
      const outcome = proof.body.outcome as BlackjackOutcome;
      expect(outcome.decisions[0]).toMatchObject({ seat: 1, hand: 0, action: 'double' });
      expect(outcome.decisions.some((decision) => decision.seat === 2 && decision.action === 'timeout')).toBe(true);
      expect(proof.body.bets.map((bet) => bet.spot).sort()).toEqual(['behind:1', 'double:1:0', 'seat:1', 'seat:2']);
      // Each wallet got exactly what the rules pay on the played-out hand: nothing refunded.
      const returns = new Map(
        blackjackPayouts(outcome, [
          { betId: `k${round}`, seat: 1, kind: 'main', amountMinor: 2_000 },
          { betId: `l${round}`, seat: 2, kind: 'main', amountMinor: 1_000 },
          { betId: `lb${round}`, seat: 1, kind: 'behind', amountMinor: 700 },
        ]).map((settlement) => [settlement.betId, settlement.returnedMinor]),
      );
      expect(await balanceOf(served.origin, sessions[0]!.token)).toBe(kimBefore + (returns.get(`k${round}`) ?? 0));
      expect(await balanceOf(served.origin, sessions[1]!.token)).toBe(leeBefore + (returns.get(`l${round}`) ?? 0) + (returns.get(`lb${round}`) ?? 0));
      for (const session of sessions) {
        const lines = await ledgerOf(served.origin, session.token);
        expect(lines.some((line) => line.kind === 'void_refund')).toBe(false);
      }
      const summary = await served.operator.call<LedgerSummaryResponse>('GET', '/api/operator/ledger');
      expect(summary.body.sumMinor).toBe(0);
      expect(summary.body.accounts.find((account) => account.kind === 'escrow' && account.ref === table.id)?.balanceMinor).toBe(0);
    } finally {
      await killHard(served.child);
    }
  });
});
