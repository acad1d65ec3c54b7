// The player page's checks of pf2 blackjack decisions (docs/PF2.md §7, §9),
// over real Ed25519 signatures: a valid pf2.decision on the ack of my
// decision is kept silently (and goes into the evidence download); a bad
// signature, another seat, another action or no statement at all raises the
// fairness alarm; after the result a signed decision the outcome lacks or
// changes is flagged as proof of misbehaviour; a decision that got neither an
// ack nor an error before its timer ran out is said in a plain note.
import { describe, expect, it } from 'vitest';
import type { BlackjackOutcome, BlackjackPlay, ServerMessage, TableEvent, WireStatement } from '../../src/shared/protocol.ts';
import { pf2Evidence } from '../../src/renderer/player/lib/pf2-evidence.ts';
import { decisionNotes, owedStatementCount, verifiedDecisionCount } from '../../src/renderer/player/state/pf2-decisions.ts';
import { pf2RoundOf, type Pf2Round } from '../../src/renderer/player/state/pf2-state.ts';
import { playerReducer, type PlayerAction } from '../../src/renderer/player/state/player-reducer.ts';
import { initialPlayerState, type BlackjackDecideRequest, type PlayerState } from '../../src/renderer/player/state/player-state.ts';
import { CHAIN, CHAIN_INDEX, ME, ROUND, STATEMENT_KEY, TABLE, sign } from '../support/pf2-page-fixtures.ts';
import { tableSnapshot } from '../support/player-fixtures.ts';

const PLAYER = { playerId: 'p-me', name: 'Ada', tableId: TABLE };
const DEADLINE = 1_000_020_000;
const OTHER_SEED = new Uint8Array(32).fill(9);

const server = (message: ServerMessage, receivedAt = 1_000_000_000): PlayerAction => ({ type: 'server', message, receivedAt });
let seq = 10;
const event = (body: TableEvent, at = 1_000_001_000): PlayerAction => server({ kind: 'event', tableId: TABLE, seq: ++seq, at, event: body });
const run = (state: PlayerState, ...actions: PlayerAction[]): PlayerState => actions.reduce(playerReducer, state);

function play(turn: BlackjackPlay['turn'] = { phase: 'play', seat: 2, hand: 0, actions: ['hit', 'stand', 'double'] }): BlackjackPlay {
  return {
    dealer: ['10S'],
    seats: [{ seat: 2, ownerId: PLAYER.playerId, ownerName: PLAYER.name, insured: false, hands: [{ cards: ['9H', '3D'], total: 12, soft: false, doubled: false }] }],
    turn,
    deadline: DEADLINE,
  };
}

/** My seat 2 dealt at a pf2 (or pf1) blackjack table, my turn to act. */
function dealt(fairness: 'pf1' | 'pf2' = 'pf2'): PlayerState {
  seq = 10;
  const welcome: ServerMessage = {
    kind: 'welcome',
    protocol: 'pitboss.v1',
    playerId: PLAYER.playerId,
    reference: ME,
    statementKey: STATEMENT_KEY,
    name: PLAYER.name,
    tableId: TABLE,
    balanceMinor: 100_000,
    clientSeed: 'seed',
    serverTime: 1_000_000_000,
  };
  const snapshot = tableSnapshot({
    table: { id: TABLE, game: 'blackjack', fairness },
    round: { round: ROUND, chainIndex: CHAIN_INDEX, commitment: CHAIN, phase: 'playing', blackjack: play() },
  });
  return run(initialPlayerState(PLAYER), server(welcome), { type: 'connection', status: { state: 'connected' } }, server({ kind: 'snapshot', snapshot }));
}

const HIT: BlackjackDecideRequest = { kind: 'blackjack.decide', requestId: 'd1', round: ROUND, seat: 2, hand: 0, action: 'hit' };

function decisionStatement(overrides: Record<string, string | number | null> = {}, seed?: typeof OTHER_SEED): WireStatement {
  const body = {
    kind: 'pf2.decision',
    table: TABLE,
    round: ROUND,
    chainIndex: CHAIN_INDEX,
    chain: CHAIN,
    seq: 1,
    seat: 2,
    hand: 0,
    action: 'hit',
    betId: null,
    amountMinor: null,
    decidedAt: 1_000_000_500,
    ...overrides,
  };
  return seed === undefined ? sign(body) : sign(body, seed);
}

const sent = (request: BlackjackDecideRequest = HIT): PlayerAction => ({ type: 'request', request });
const ack = (statement?: WireStatement, requestId = 'd1'): PlayerAction =>
  server({ kind: 'ack', requestId, balanceMinor: 100_000, ...(statement === undefined ? {} : { statement }) });

function outcome(decisions: BlackjackOutcome['decisions']): BlackjackOutcome {
  return {
    dealer: { cards: ['10S', '8C'], total: 18, blackjack: false },
    seats: [{ seat: 2, insured: false, hands: [{ cards: ['9H', '3D', '5S'], total: 17, doubled: false, result: 'lose' }] }],
    decisions,
    cards: ['9H', '10S', '3D', '8C', '5S'],
  };
}

const result = (decisions: BlackjackOutcome['decisions'], at?: number): PlayerAction =>
  event({ kind: 'round.result', round: ROUND, outcome: outcome(decisions), serverSeed: 'ab', clientString: 'x', chainIndex: CHAIN_INDEX, commitment: CHAIN }, at);

const entryOf = (state: PlayerState): Pf2Round => pf2RoundOf(state.pf2, ROUND)!;
const alarmsOf = (state: PlayerState): string[] => pf2RoundOf(state.pf2, ROUND)?.alarms ?? [];

describe('pf2 decision acknowledgements (PF2.md §7)', () => {
  it('keeps a valid pf2.decision silently, and puts it in the evidence download', () => {
    const statement = decisionStatement();
    const state = run(dealt(), sent(), ack(statement));
    expect(alarmsOf(state)).toEqual([]);
    expect(state.toasts.filter((toast) => toast.tone === 'error')).toEqual([]);
    expect(entryOf(state).decisions).toMatchObject([{ requestId: 'd1', answer: 'acknowledged', statement, problem: null, deadline: DEADLINE, late: false }]);
    expect(verifiedDecisionCount(entryOf(state))).toBe(1);
    const evidence = pf2Evidence(TABLE, state.pf2, [], new Date(0));
    expect(JSON.stringify(evidence.rounds)).toContain(statement.sig);
    // A retried request is acknowledged again with the same statement: still one decision, no alarm.
    const retried = run(state, ack(statement));
    expect(entryOf(retried).decisions).toHaveLength(1);
    expect(alarmsOf(retried)).toEqual([]);
  });

  it('raises the alarm for a statement signed by another key, or changed after signing', () => {
    const forged = run(dealt(), sent(), ack(decisionStatement({}, OTHER_SEED)));
    expect(alarmsOf(forged)).toEqual(["the pf2.decision statement's signature does not verify with the table's key"]);
    expect(forged.toasts.at(-1)?.message).toContain('Fairness alarm, round 7');
    const changed = run(dealt(), sent(), ack({ ...decisionStatement(), decidedAt: 1 }));
    expect(alarmsOf(changed)[0]).toContain('signature does not verify');
    // Kept anyway, as evidence, but not counted as verified.
    expect(entryOf(changed).decisions[0]?.statement).not.toBeNull();
    expect(verifiedDecisionCount(entryOf(changed))).toBe(0);
  });

  it('raises the alarm for a statement naming another seat, hand, action or round', () => {
    expect(alarmsOf(run(dealt(), sent(), ack(decisionStatement({ seat: 5 }))))).toEqual([
      'the signed acknowledgement of my decision (seat 2, hand 1: hit) names seat 5, not 2',
    ]);
    expect(alarmsOf(run(dealt(), sent(), ack(decisionStatement({ action: 'stand' }))))).toEqual([
      'the signed acknowledgement of my decision (seat 2, hand 1: hit) names action "stand", not "hit"',
    ]);
    expect(alarmsOf(run(dealt(), sent(), ack(decisionStatement({ hand: 1 }))))[0]).toContain('names hand 1, not 0');
    expect(alarmsOf(run(dealt(), sent(), ack(decisionStatement({ round: ROUND + 1 }))))[0]).toContain('names round 8, not 7');
    expect(alarmsOf(run(dealt(), sent(), ack(sign({ kind: 'pf2.reveal', table: TABLE }))))[0]).toContain('malformed');
  });

  it('raises the alarm for an ack without a statement at a pf2 table, and not at a pf1 table', () => {
    const bare = run(dealt(), sent(), ack());
    expect(alarmsOf(bare)).toEqual(['my decision (seat 2, hand 1: hit) was acknowledged without a signed pf2.decision statement']);
    const pf1 = run(dealt('pf1'), sent(), ack());
    expect(pf1.pf2.rounds).toEqual([]);
    expect(pf1.toasts).toEqual([]);
  });

  it('raises the alarm for two different decisions signed with the same place in the round', () => {
    const stand: BlackjackDecideRequest = { ...HIT, requestId: 'd2', action: 'stand' };
    const state = run(dealt(), sent(), ack(decisionStatement()), sent(stand), ack(decisionStatement({ action: 'stand' }), 'd2'));
    expect(alarmsOf(state)).toEqual(['the table signed two different decisions as decision 1 of this round (equivocation): both are kept for download']);
  });
});

describe('pf2 decisions against the round’s result (PF2.md §7 Proofs)', () => {
  it('is silent when the result records my signed decision in its place', () => {
    const state = run(dealt(), sent(), ack(decisionStatement()), result([{ seat: 2, hand: 0, action: 'hit' }, { seat: 2, hand: 0, action: 'stand' }]));
    expect(alarmsOf(state)).toEqual([]);
  });

  it('flags a signed decision the result lacks', () => {
    const state = run(dealt(), sent(), ack(decisionStatement()), result([]));
    expect(alarmsOf(state)).toEqual([
      "the table signed my decision 1 (seat 2, hand 1: hit), but the round's result records no decision 1: this is proof of misbehaviour",
    ]);
  });

  it('flags a signed decision the result changes, also when the ack comes after the result', () => {
    const changed = run(dealt(), sent(), ack(decisionStatement()), result([{ seat: 2, hand: 0, action: 'timeout' }]));
    expect(alarmsOf(changed)).toEqual([
      "the table signed my decision 1 (seat 2, hand 1: hit), but the round's result records decision 1 as seat 2, hand 1: timeout: this is proof of misbehaviour",
    ]);
    const late = run(dealt(), sent(), result([{ seat: 2, hand: 0, action: 'stand' }]), ack(decisionStatement()));
    expect(alarmsOf(late)).toHaveLength(1);
    expect(alarmsOf(late)[0]).toContain('records decision 1 as seat 2, hand 1: stand');
    // An alarm is raised once, however many events follow.
    const later = run(late, event({ kind: 'round.settled', round: ROUND, betCount: 1, stakeMinor: 500, payoutMinor: 0, houseWinMinor: 500, topPayouts: [] }));
    expect(alarmsOf(later)).toHaveLength(1);
  });

  it('does not count a badly signed decision as proof against the result', () => {
    const state = run(dealt(), sent(), ack(decisionStatement({}, OTHER_SEED)), result([]));
    expect(alarmsOf(state)).toEqual(["the pf2.decision statement's signature does not verify with the table's key"]);
  });
});

describe('a pf2 decision with no answer before its timer ran out (PF2.md §9)', () => {
  const timedOut = (at: number): PlayerAction => event({ kind: 'blackjack.turn', round: ROUND, ...play({ phase: 'done' }) }, at);

  it('says so when an event past the deadline arrives while the decision waits', () => {
    const state = run(dealt(), sent(), timedOut(DEADLINE + 10));
    expect(decisionNotes(entryOf(state))).toEqual(['My decision (seat 2, hand 1: hit) was sent and got no signed acknowledgement before the timer ran out.']);
    expect(alarmsOf(state)).toEqual([]);
    // A refusal that comes later does not take the note back: nothing answered in time.
    const refused = run(state, server({ kind: 'error', requestId: 'd1', code: 'wrong_phase', message: 'the hand is over' }));
    expect(decisionNotes(entryOf(refused))).toHaveLength(1);
    const acknowledged = run(state, ack(decisionStatement()));
    expect(decisionNotes(entryOf(acknowledged))).toEqual(['My decision (seat 2, hand 1: hit) was acknowledged only after the timer ran out.']);
  });

  it('says nothing when the ack or an error came in time, or the deadline has not passed', () => {
    expect(decisionNotes(entryOf(run(dealt(), sent(), ack(decisionStatement()), timedOut(DEADLINE + 10))))).toEqual([]);
    const refused = run(dealt(), sent(), server({ kind: 'error', requestId: 'd1', code: 'wrong_phase', message: 'no' }), timedOut(DEADLINE + 10));
    expect(entryOf(refused).decisions[0]?.answer).toBe('refused');
    // A refused decision was not taken, so no statement is owed for it.
    expect(owedStatementCount(entryOf(refused))).toBe(0);
    expect(decisionNotes(entryOf(refused))).toEqual([]);
    expect(decisionNotes(entryOf(run(dealt(), sent(), timedOut(DEADLINE - 10))))).toEqual([]);
  });
});
