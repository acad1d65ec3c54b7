// The player page's pf2 state over the wire flow of docs/PF2.md: bets carry
// one commitment per round (resends too), the freeze is checked when the
// statement, my lines and my commitment are all in, the keeper reveals only
// after the checks pass, the signed acknowledgement and reveal set are kept,
// a bad freeze raises an alarm and keeps the secret, and the vault stays
// bounded across reloads.
import { describe, expect, it } from 'vitest';
import type { RoundProof } from '../../src/shared/api.ts';
import { frozenLines, roundCommitment } from '../../src/shared/fairness/pf2.ts';
import type { ServerMessage, TableEvent, TableSnapshot } from '../../src/shared/protocol.ts';
import { Pf2Vault, RECEIPT_LIMIT, SECRET_LIMIT, type KeyValueStorage } from '../../src/renderer/player/lib/pf2-vault.ts';
import { Pf2Keeper } from '../../src/renderer/player/net/pf2-keeper.ts';
import { createPlayerCommands } from '../../src/renderer/player/net/player-commands.ts';
import { reconcileOutbox } from '../../src/renderer/player/state/outbox.ts';
import { playerReducer, type PlayerAction } from '../../src/renderer/player/state/player-reducer.ts';
import { initialPlayerState, type PendingRequest, type PlayerState } from '../../src/renderer/player/state/player-state.ts';
import { pf2RoundOf } from '../../src/renderer/player/state/pf2-state.ts';
import { pf2RoundShown, revealStatus } from '../../src/renderer/player/state/pf2-selectors.ts';
import { createPlayerStore } from '../../src/renderer/player/state/store.ts';
import {
  CHAIN,
  CHAIN_INDEX,
  COMMITMENT,
  ME,
  MY_BETS,
  OTHER_KEY,
  betsAcknowledgement,
  myBetLine,
  ROUND,
  SECRET,
  STATEMENT_KEY,
  TABLE,
  commitments,
  frozenRound,
  honestRound,
  linesWithForgedBet,
  liveBets,
  receiptStatement,
  revealAck,
  revealedStatement,
} from '../support/pf2-page-fixtures.ts';
import { tableSnapshot } from '../support/player-fixtures.ts';

const PLAYER = { playerId: 'p-me', name: 'Ada', tableId: TABLE };

const welcome = (statementKey = STATEMENT_KEY): ServerMessage => ({
  kind: 'welcome',
  protocol: 'pitboss.v1',
  playerId: PLAYER.playerId,
  reference: ME,
  statementKey,
  name: PLAYER.name,
  tableId: TABLE,
  balanceMinor: 100_000,
  clientSeed: 'seed',
  serverTime: 1_000_000_000,
});

function snapshot(overrides: Partial<TableSnapshot> = {}, phase: 'betting' | 'closed' | 'settled' = 'betting'): TableSnapshot {
  return tableSnapshot({ table: { id: TABLE, fairness: 'pf2' }, round: { round: ROUND, chainIndex: CHAIN_INDEX, commitment: CHAIN, phase } }, overrides);
}

const server = (message: ServerMessage): PlayerAction => ({ type: 'server', message, receivedAt: 1_000_000_000 });
let seq = 10;
const event = (tableEvent: TableEvent): PlayerAction => server({ kind: 'event', tableId: TABLE, seq: ++seq, at: 1_000_000_000 + seq, event: tableEvent });
const run = (state: PlayerState, ...actions: PlayerAction[]): PlayerState => actions.reduce(playerReducer, state);

function memoryStorage(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (key) => map.get(key) ?? null, setItem: (key, value) => void map.set(key, value) };
}

/** A seated page with my two bets acknowledged, through the real store, keeper and commands. */
function seatedPage(storage = memoryStorage()) {
  seq = 10;
  const store = createPlayerStore(initialPlayerState(PLAYER), (notify) => notify());
  const sent: PendingRequest[] = [];
  const proofs: number[] = [];
  const request = (pending: PendingRequest): void => {
    sent.push(pending);
    store.dispatch({ type: 'request', request: pending });
  };
  let proofToServe: RoundProof | null = null;
  const vault = new Pf2Vault(TABLE, storage);
  const keeper = new Pf2Keeper({
    store,
    vault,
    joinReference: ME,
    request,
    fetchProof: async (round) => {
      proofs.push(round);
      if (proofToServe === null) throw new Error('no proof');
      return proofToServe;
    },
  });
  let ids = 0;
  const commands = createPlayerCommands(store, { request, retryNow: () => {} }, () => `id${String(++ids).padStart(14, '0')}`, keeper);
  keeper.start();
  store.dispatch(server(welcome()));
  store.dispatch({ type: 'connection', status: { state: 'connected' } });
  store.dispatch(server({ kind: 'snapshot', snapshot: snapshot({ seq: 10 }) }));
  return { store, sent, proofs, vault, commands, storage, serve: (proof: RoundProof) => (proofToServe = proof) };
}

describe('pf2 commitments on bet requests (PF2.md §2)', () => {
  it('attaches the same commitment to every bet request of the round, drawn from a stored secret', () => {
    const page = seatedPage();
    page.commands.placeBets([{ spot: 'red', amountMinor: 500 }]);
    page.commands.placeBets([{ spot: 'black', amountMinor: 100 }]);
    const places = page.sent.filter((request) => request.kind === 'bet.place');
    expect(places).toHaveLength(2);
    const stored = page.vault.find(ROUND, ME)!;
    expect(stored.secret).toMatch(/^[0-9a-f]{32}$/);
    expect(stored.commitment).toBe(roundCommitment(TABLE, ROUND, ME, stored.secret));
    for (const request of places) expect(request).toMatchObject({ commitment: stored.commitment });
    // Nothing sent carries the secret itself.
    expect(JSON.stringify(page.sent)).not.toContain(stored.secret);
    // A reload in the same round draws no new secret: the vault hands back the stored one.
    const reloaded = seatedPage(page.storage);
    reloaded.commands.placeBets([{ spot: 'odd', amountMinor: 100 }]);
    expect(reloaded.sent.find((request) => request.kind === 'bet.place')).toMatchObject({ commitment: stored.commitment });
    expect(pf2RoundOf(reloaded.store.getState().pf2, ROUND)?.secret).toBe(stored.secret);
  });

  it('leaves pf1 tables alone: no commitment on their bets', () => {
    const store = createPlayerStore(initialPlayerState(PLAYER), (notify) => notify());
    const sent: PendingRequest[] = [];
    const commands = createPlayerCommands(store, { request: (request) => sent.push(request), retryNow: () => {} }, () => 'id0000000000000x');
    store.dispatch(server(welcome()));
    store.dispatch(server({ kind: 'snapshot', snapshot: tableSnapshot({ round: { round: 1 } }) }));
    commands.placeBets([{ spot: 'red', amountMinor: 100 }]);
    expect(sent[0]).not.toHaveProperty('commitment');
  });
});

/** A page that bet with the fixtures' secret and bets, in a closed round. */
/** Storage holding the fixtures' secret for the round, as if this browser had drawn it. */
function storageWithSecret(): ReturnType<typeof memoryStorage> {
  const storage = memoryStorage();
  storage.setItem(`pitboss.pf2.${TABLE}`, JSON.stringify({ secrets: [{ round: ROUND, reference: ME, secret: SECRET, commitment: COMMITMENT }], receipts: [] }));
  return storage;
}

function committedPage() {
  const page = seatedPage(storageWithSecret());
  expect(pf2RoundOf(page.store.getState().pf2, ROUND)?.secret).toBe(SECRET);
  for (const [index, bet] of MY_BETS.entries()) {
    const requestId = `place${String(index).padStart(10, '0')}`;
    page.store.dispatch({ type: 'request', request: { kind: 'bet.place', requestId, round: ROUND, bets: [bet], commitment: COMMITMENT } });
    page.store.dispatch(server({ kind: 'ack', requestId, balanceMinor: 99_000, acknowledgement: betsAcknowledgement([myBetLine(bet, index + 1)]) }));
  }
  page.store.dispatch(event({ kind: 'round.closed', round: ROUND }));
  return page;
}

describe('freeze, checks and reveal (PF2.md §3–§4)', () => {
  it('reveals once the honest freeze and my lines are in, and keeps the signed acknowledgement and reveal set', () => {
    const page = committedPage();
    const round = honestRound();
    page.store.dispatch(event({ kind: 'round.frozen', round: ROUND, statement: round.statement, revealClosesAt: 1_000_002_000 }));
    expect(page.sent.some((request) => request.kind === 'pf2.reveal')).toBe(false);
    page.store.dispatch(server({ kind: 'pf2.lines', ...round.mine }));
    const reveal = page.sent.find((request) => request.kind === 'pf2.reveal');
    expect(reveal).toMatchObject({ kind: 'pf2.reveal', round: ROUND, secret: SECRET });
    expect(page.sent.filter((request) => request.kind === 'pf2.reveal')).toHaveLength(1);
    let entry = pf2RoundOf(page.store.getState().pf2, ROUND)!;
    expect(entry.check).toEqual({ ok: true, problems: [] });
    expect(revealStatus(entry, 'closed')).toBe('sent');
    expect(revealStatus({ ...entry, revealed: revealedStatement(round.tree.root) }, 'result')).toBe('unacknowledged');

    page.store.dispatch(server({ kind: 'ack', requestId: reveal!.requestId, balanceMinor: 99_400, statement: revealAck(round.tree.root) }));
    page.store.dispatch(event({ kind: 'round.revealed', round: ROUND, statement: revealedStatement(round.tree.root) }));
    page.store.dispatch(server({ kind: 'pf2.receipt', round: ROUND, statement: receiptStatement() }));
    entry = pf2RoundOf(page.store.getState().pf2, ROUND)!;
    expect(entry.revealAck?.kind).toBe('pf2.reveal');
    expect(entry.revealed?.kind).toBe('pf2.revealed');
    expect(entry.alarms).toEqual([]);
    expect(revealStatus(entry, 'closed')).toBe('acknowledged');
    expect(page.vault.receipts().map((receipt) => receipt.round)).toEqual([ROUND]);
    expect(page.store.getState().outbox.some((request) => request.kind === 'pf2.reveal')).toBe(false);
  });

  it('keeps the secret and raises an alarm when the freeze adds a bet under my name', () => {
    const page = committedPage();
    const round = frozenRound(linesWithForgedBet());
    page.store.dispatch(server({ kind: 'pf2.lines', ...round.mine }));
    page.store.dispatch(event({ kind: 'round.frozen', round: ROUND, statement: round.statement, revealClosesAt: 1_000_002_000 }));
    expect(page.sent.some((request) => request.kind === 'pf2.reveal')).toBe(false);
    const state = page.store.getState();
    const entry = pf2RoundOf(state.pf2, ROUND)!;
    expect(entry.check?.ok).toBe(false);
    expect(entry.alarms.join('\n')).toContain('a bet I never made');
    expect(revealStatus(entry, 'closed')).toBe('refused');
    expect(state.toasts.some((toast) => toast.tone === 'error' && toast.message.startsWith('Fairness alarm'))).toBe(true);
  });

  it('checks the freeze against the bets the server acknowledged, even after a snapshot or a reload that forgets one', () => {
    const page = committedPage();
    // The server drops my second bet and forces a reconnect: its snapshot shows only the first.
    const first = { ...MY_BETS[0]!, playerId: PLAYER.playerId, playerName: PLAYER.name };
    page.store.dispatch(server({ kind: 'snapshot', snapshot: snapshot({ seq: 20, bets: [first] }, 'closed') }));
    seq = 20;
    expect(page.vault.find(ROUND, ME)?.bets.map((bet) => bet.betId)).toEqual(['m1', 'm2']);
    const round = frozenRound(frozenLines(commitments(), liveBets([MY_BETS[0]!])));
    page.store.dispatch(event({ kind: 'round.frozen', round: ROUND, statement: round.statement, revealClosesAt: 1 }));
    page.store.dispatch(server({ kind: 'pf2.lines', ...round.mine }));
    expect(pf2RoundOf(page.store.getState().pf2, ROUND)?.check?.problems.join('\n')).toContain('my acknowledged bet is missing or altered in the freeze: b|r-me|m2');
    expect(page.sent.some((request) => request.kind === 'pf2.reveal')).toBe(false);
    // A reload: the vault brings back both acknowledged bets, and the same freeze fails again.
    const reloaded = seatedPage(page.storage);
    expect(pf2RoundOf(reloaded.store.getState().pf2, ROUND)?.acknowledgedBets.map((bet) => bet.betId)).toEqual(['m1', 'm2']);
  });

  it('does not alarm on a bet whose cancel was still unacknowledged at the close, frozen or not', () => {
    const page = committedPage();
    page.store.dispatch({ type: 'request', request: { kind: 'bet.cancel', requestId: 'cancel000000000', round: ROUND, betIds: ['m2'] } });
    const round = frozenRound(frozenLines(commitments(), liveBets([MY_BETS[0]!])));
    page.store.dispatch(event({ kind: 'round.frozen', round: ROUND, statement: round.statement, revealClosesAt: 1 }));
    page.store.dispatch(server({ kind: 'pf2.lines', ...round.mine }));
    expect(pf2RoundOf(page.store.getState().pf2, ROUND)?.check).toEqual({ ok: true, problems: [] });
    expect(page.sent.some((request) => request.kind === 'pf2.reveal')).toBe(true);
  });

  it('alarms on an acknowledgement signed by another key, a second different freeze, and a changed statement key', () => {
    const page = committedPage();
    const round = honestRound();
    page.store.dispatch(event({ kind: 'round.frozen', round: ROUND, statement: round.statement, revealClosesAt: 1 }));
    page.store.dispatch(server({ kind: 'pf2.lines', ...round.mine }));
    const reveal = page.sent.find((request) => request.kind === 'pf2.reveal')!;
    const forged = { ...revealAck(round.tree.root), receivedAt: 5 };
    page.store.dispatch(server({ kind: 'ack', requestId: reveal.requestId, balanceMinor: 1, statement: forged }));
    const other = frozenRound(linesWithForgedBet());
    page.store.dispatch(event({ kind: 'round.frozen', round: ROUND, statement: other.statement, revealClosesAt: 1 }));
    const alarms = pf2RoundOf(page.store.getState().pf2, ROUND)!.alarms.join('\n');
    expect(alarms).toContain("pf2.reveal statement's signature does not verify");
    expect(alarms).toContain('two different freezes');
    const entry = pf2RoundOf(page.store.getState().pf2, ROUND)!;
    expect(entry.freeze).toEqual(round.statement);
    expect(entry.conflicting).toEqual([other.statement]);
    // A badly signed reveal set is refused and the valid one held stays.
    const revealed = revealedStatement(round.tree.root);
    page.store.dispatch(event({ kind: 'round.revealed', round: ROUND, statement: revealed }));
    page.store.dispatch(event({ kind: 'round.revealed', round: ROUND, statement: { ...revealed, closedAt: 1_000_002_001 } }));
    const after = pf2RoundOf(page.store.getState().pf2, ROUND)!;
    expect(after.revealed).toEqual(revealed);
    expect(after.alarms.join('\n')).toContain("pf2.revealed statement's signature does not verify");
    const rekeyed = run(page.store.getState(), server(welcome(OTHER_KEY)));
    expect(rekeyed.pf2.statementKey).toBe(STATEMENT_KEY);
    expect(rekeyed.toasts.at(-1)?.message).toContain('different statement key');
    expect(rekeyed.pf2.keyAlarm).toContain('different statement key');
  });

  it('after a reload in the window: the snapshot brings the freeze, the vault the secret, the lines come again, and the page reveals', () => {
    const storage = storageWithSecret();
    const round = honestRound();
    seq = 10;
    const store = createPlayerStore(initialPlayerState(PLAYER), (notify) => notify());
    const sent: PendingRequest[] = [];
    const keeper = new Pf2Keeper({
      store,
      vault: new Pf2Vault(TABLE, storage),
      joinReference: ME,
      request: (pending) => {
        sent.push(pending);
        store.dispatch({ type: 'request', request: pending });
      },
      fetchProof: () => Promise.reject(new Error('offline')),
    });
    keeper.start();
    store.dispatch(server(welcome()));
    store.dispatch({ type: 'connection', status: { state: 'connected' } });
    const pf2 = { freeze: round.statement, resume: null, revealClosesAt: 1_000_002_000, revealed: null, revealedSoFar: 0, beacon: null };
    const mine = MY_BETS.map((bet) => ({ ...bet, playerId: PLAYER.playerId, playerName: PLAYER.name }));
    store.dispatch(server({ kind: 'snapshot', snapshot: snapshot({ seq: 10, bets: mine, round: { ...snapshot({}, 'closed').round!, pf2 } }, 'closed') }));
    store.dispatch(server({ kind: 'pf2.lines', ...round.mine }));
    expect(sent).toEqual([expect.objectContaining({ kind: 'pf2.reveal', round: ROUND, secret: SECRET })]);
    // The outbox keeps the reveal across a reconnect while the window is open, and drops it after.
    expect(reconcileOutbox(store.getState().outbox, [], PLAYER.playerId, ROUND, false, true)).toHaveLength(1);
    expect(reconcileOutbox(store.getState().outbox, [], PLAYER.playerId, ROUND, false, false)).toHaveLength(0);
  });

  it('audits the published proof after settling, marks me withheld when I was offline, and forgets the secret', async () => {
    const page = committedPage();
    const round = honestRound();
    page.vault.secretFor(TABLE, ROUND, ME);
    page.serve({
      tableId: TABLE, round: ROUND, game: 'roulette-eu', phase: 'settled', commitment: CHAIN, chainIndex: CHAIN_INDEX,
      serverSeed: null, clientSeeds: [], clientString: null, outcome: null, bets: [],
      pf2: { freeze: round.tree.root, frozenLines: [...round.tree.lines], secrets: ['a'.repeat(32)], withheld: [ME, 'r-zed'], statements: { freeze: null, revealed: null }, beacon: null },
    });
    page.store.dispatch(server({ kind: 'settlement', balanceMinor: 99_400, round: ROUND, stakeMinor: 600, payoutMinor: 0 }));
    page.store.dispatch(event({ kind: 'round.settled', round: ROUND, betCount: 4, stakeMinor: 1100, payoutMinor: 0, houseWinMinor: 1100, topPayouts: [] }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(page.proofs).toEqual([ROUND]);
    const entry = pf2RoundOf(page.store.getState().pf2, ROUND)!;
    // The fixture proof has no seeds, so verifyRound fails: that failure is an alarm too.
    expect(entry.audit?.status).toBe('withheld');
    expect(entry.audit?.notes.join('\n')).toContain('withheld');
    expect(revealStatus(entry, 'settled')).toBe('withheld');
    expect(pf2RoundShown(page.store.getState())?.round).toBe(ROUND);
    expect(page.vault.find(ROUND, ME)).toBeNull();
  });
});

describe('Pf2Vault', () => {
  it('keeps secrets across instances, at most SECRET_LIMIT of them, and the last RECEIPT_LIMIT receipts', () => {
    const storage = memoryStorage();
    const vault = new Pf2Vault(TABLE, storage);
    for (let round = 1; round <= SECRET_LIMIT + 5; round++) vault.secretFor(TABLE, round, ME);
    for (let round = 1; round <= RECEIPT_LIMIT + 5; round++) vault.addReceipt(round, { ...receiptStatement(), sig: `sig${round}` });
    const again = new Pf2Vault(TABLE, storage);
    expect(again.secrets()).toHaveLength(SECRET_LIMIT);
    expect(Math.min(...again.secrets().map((entry) => entry.round))).toBe(6);
    expect(again.receipts()).toHaveLength(RECEIPT_LIMIT);
    expect(again.receipts()[0]?.round).toBe(6);
    const secrets = again.secrets().map((entry) => entry.secret);
    expect(new Set(secrets).size).toBe(secrets.length);
    storage.setItem(`pitboss.pf2.${TABLE}`, '{not json');
    expect(new Pf2Vault(TABLE, storage).secrets()).toEqual([]);
  });
});
