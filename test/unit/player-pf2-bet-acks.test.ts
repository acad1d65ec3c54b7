// The page's check of each signed pf2.bets acknowledgement (PF2.md §7): an
// honest one is kept as evidence and raises nothing; a missing one, one that
// changed my stake, one signed by another key, one whose proof does not hold,
// or a take-back the statement does not name raises an alarm. Real trees and
// real Ed25519 signatures from the shared fairness code.
import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../src/shared/protocol.ts';
import { pf2Evidence } from '../../src/renderer/player/lib/pf2-evidence.ts';
import { playerReducer, type PlayerAction } from '../../src/renderer/player/state/player-reducer.ts';
import { initialPlayerState, type PendingRequest, type PlayerState } from '../../src/renderer/player/state/player-state.ts';
import { pf2RoundOf } from '../../src/renderer/player/state/pf2-state.ts';
import { CHAIN, CHAIN_INDEX, COMMITMENT, ME, MY_BETS, ROUND, STATEMENT_KEY, TABLE, betsAcknowledgement, myBetLine, sign } from '../support/pf2-page-fixtures.ts';
import { tableSnapshot } from '../support/player-fixtures.ts';

const PLAYER = { playerId: 'p-me', name: 'Ada', tableId: TABLE };
const server = (message: ServerMessage): PlayerAction => ({ type: 'server', message, receivedAt: 1_000_000_000 });
const run = (state: PlayerState, ...actions: PlayerAction[]): PlayerState => actions.reduce(playerReducer, state);

function seated(fairness: 'pf1' | 'pf2' = 'pf2'): PlayerState {
  return run(
    initialPlayerState(PLAYER),
    server({
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
    }),
    { type: 'connection', status: { state: 'connected' } },
    server({
      kind: 'snapshot',
      snapshot: tableSnapshot({ table: { id: TABLE, fairness }, round: { round: ROUND, chainIndex: CHAIN_INDEX, commitment: CHAIN, phase: 'betting' } }, { seq: 10 }),
    }),
  );
}

const [RED, STRAIGHT] = MY_BETS as [(typeof MY_BETS)[number], (typeof MY_BETS)[number]];
const place = (requestId: string, bets = [RED]): PendingRequest => ({ kind: 'bet.place', requestId, round: ROUND, bets, commitment: COMMITMENT });
const cancel = (requestId: string, betIds: string[]): PendingRequest => ({ kind: 'bet.cancel', requestId, round: ROUND, betIds });
const OTHER_LINE = `a|r-ann|${'aa'.repeat(32)}|a1|black|200|1`;

function acked(state: PlayerState, request: PendingRequest, acknowledgement?: ReturnType<typeof betsAcknowledgement>): PlayerState {
  return run(state, { type: 'request', request }, server({ kind: 'ack', requestId: request.requestId, balanceMinor: 99_000, ...(acknowledgement ? { acknowledgement } : {}) }));
}

const alarmsOf = (state: PlayerState): string[] => pf2RoundOf(state.pf2, ROUND)?.alarms ?? [];

describe('signed acknowledgements of my bets (PF2.md §7)', () => {
  it('keeps an honest pf2.bets, batched with another player, raises nothing and puts it in the evidence', () => {
    const acknowledgement = betsAcknowledgement([myBetLine(RED, 3), myBetLine(STRAIGHT, 3)], [OTHER_LINE]);
    const state = acked(seated(), place('place0000000001', [RED, STRAIGHT]), acknowledgement);
    expect(alarmsOf(state)).toEqual([]);
    expect(pf2RoundOf(state.pf2, ROUND)?.betAcknowledgements).toEqual([acknowledgement]);
    const evidence = JSON.stringify(pf2Evidence(TABLE, state.pf2, [], new Date(0)));
    expect(evidence).toContain(acknowledgement.statement.sig);
  });

  it('raises an alarm when a pf2 table takes my bet without signing for it', () => {
    const state = acked(seated(), place('place0000000001'));
    expect(alarmsOf(state).join('\n')).toContain('without a signed acknowledgement');
  });

  it('needs no acknowledgement on a pf1 table', () => {
    const state = acked(seated('pf1'), place('place0000000001'));
    expect(state.pf2.rounds.length === 0 || alarmsOf(state).length === 0).toBe(true);
  });

  it('raises an alarm when the signed line changed my stake, or holds a bet I did not ask for', () => {
    const changed = acked(seated(), place('place0000000001'), betsAcknowledgement([myBetLine({ ...RED, amountMinor: 50 }, 1)]));
    expect(alarmsOf(changed).join('\n')).toContain('is not acknowledged as I placed it');
    expect(alarmsOf(changed).join('\n')).toContain('a line I did not ask for');
    const extra = acked(seated(), place('place0000000001'), betsAcknowledgement([myBetLine(RED, 1), myBetLine(STRAIGHT, 1)]));
    expect(alarmsOf(extra).join('\n')).toContain(`a line I did not ask for: ${myBetLine(STRAIGHT, 1)}`);
  });

  it('raises an alarm when the statement is signed by another key, or about another round', () => {
    const honest = betsAcknowledgement([myBetLine(RED, 1)]);
    const fields = { ...(honest.statement as unknown as Record<string, string | number | null>) };
    delete fields.sig;
    const foreign = { ...honest, statement: sign(fields, new Uint8Array(32).fill(9)) };
    expect(alarmsOf(acked(seated(), place('place0000000001'), foreign))).not.toEqual([]);
    const otherRound = { ...honest, statement: sign({ ...fields, round: ROUND + 1 }) };
    expect(alarmsOf(acked(seated(), place('place0000000001'), otherRound))).not.toEqual([]);
  });

  it('raises an alarm when my line does not prove into the signed root', () => {
    const honest = betsAcknowledgement([myBetLine(RED, 1)], [OTHER_LINE]);
    const [proof] = honest.lines;
    const broken = { ...honest, lines: [{ ...proof!, path: (proof!.path ?? [OTHER_LINE]).map(() => '00'.repeat(32)) }] };
    expect(alarmsOf(acked(seated(), place('place0000000001'), broken)).join('\n')).toContain('does not prove into its signed pf2.bets');
  });

  it('checks a take-back: the named x-line passes, a missing one raises an alarm, taking back nothing needs none', () => {
    const placed = acked(seated(), place('place0000000001'), betsAcknowledgement([myBetLine(RED, 1)]));
    const honest = acked(placed, cancel('cancel000000001', [RED.betId]), betsAcknowledgement([`x|${ME}|${RED.betId}`]));
    expect(alarmsOf(honest)).toEqual([]);
    expect(pf2RoundOf(honest.pf2, ROUND)?.betAcknowledgements).toHaveLength(2);
    const missing = acked(placed, cancel('cancel000000001', [RED.betId]), betsAcknowledgement([`x|${ME}|other`]));
    expect(alarmsOf(missing).join('\n')).toContain(`my take-back of bet ${RED.betId} is not in its signed acknowledgement`);
    const nothing = acked(seated(), cancel('cancel000000001', []));
    expect(alarmsOf(nothing)).toEqual([]);
  });
});
