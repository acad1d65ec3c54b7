// Forgeries an independent verifier written from docs/audit-format.md caught
// and ours once let through, each on a real export of a real blackjack table
// (a seat that doubles, a bet behind it), rewritten by someone who holds the
// signing key: every hash, CSV file, manifest total and the signature redone,
// so only the rule under test can tell. Each must fail, named; the untouched
// export must still verify.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';


import { type Manifest } from '../../src/shared/audit/manifest.ts';
import { loadSigningKey } from '../../src/main/audit/signing-key.ts';
import { verifyExport } from '../../src/main/verifier/verify-export.ts';
import { describeFailure } from '../../src/shared/audit/verify-report.ts';
import type { AuditJob, Failure } from '../../src/shared/audit-api.ts';
import type { BetRecord, RoundRecord, TransferRecord } from '../../src/shared/audit-record.ts';
import type { BlackjackOutcome, ServerMessage } from '../../src/shared/protocol.ts';
import { blackjackSpotPayoutMinor } from '../../src/shared/games/blackjack-spots.ts';
import { rewriteExport, rewriteManifest } from '../support/export-rewrite.ts';
import { finishedJob, inviteOf, joinTable, PlayerClient, startTestServer, type TestServer } from '../support/harness.ts';

const ROUNDS = 4;
/** Rounds go on past ROUNDS until the seat has doubled at least once (the forgeries need a real double), within this bound. */
const MAX_ROUNDS = 40;
let played = 0;
const MAIN_MINOR = 1_000;
const scratch: string[] = [];
let server: TestServer;
let exportDir = '';
let records: RoundRecord[] = [];

function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `pitboss-forgery-${label}-`));
  scratch.push(dir);
  return dir;
}

const playEventOf = (message: ServerMessage, round: number) =>
  message.kind === 'event' && 'round' in message.event && message.event.round === round && ['blackjack.turn', 'round.result'].includes(message.event.kind)
    ? message.event
    : null;

/** Plays one dealt round for the seat's owner: declines insurance, doubles hand 0 when offered, else stands. */
async function playOut(ana: PlayerClient, round: number, from: number): Promise<void> {
  let index = from;
  for (let step = 0; step < 20; step++) {
    const message = await ana.waitFor((candidate) => playEventOf(candidate, round) !== null, `play event of round ${round}`, { fromIndex: index });
    index = ana.received.indexOf(message) + 1;
    const event = playEventOf(message, round);
    if (event?.kind === 'round.result') return;
    if (event?.kind !== 'blackjack.turn' || event.turn.phase === 'done') continue;
    const turn = event.turn;
    const action = turn.phase === 'insurance' ? 'no-insurance' : turn.hand === 0 && turn.actions.includes('double') ? 'double' : 'stand';
    const hand = turn.phase === 'play' ? turn.hand : 0;
    expect(await ana.request({ kind: 'blackjack.decide', round, seat: 1, hand, action })).toMatchObject({ kind: 'ack' });
  }
  throw new Error(`round ${round} did not end`);
}

beforeAll(async () => {
  server = await startTestServer({ gatewayLimits: { messagesPerSecond: 10_000, messageBurst: 10_000 } });
  const table = await server.operator.createTable({ name: 'Forged', game: 'blackjack', minBetMinor: 100, houseFloatMinor: 10_000_000, decisionMs: 5_000 });
  const invite = inviteOf(table);
  const [anaSession, boSession] = await Promise.all([joinTable(server.origin, invite, 'Ana'), joinTable(server.origin, invite, 'Bo')]);
  const [ana, bo] = await Promise.all([PlayerClient.connect(server.origin, anaSession.token), PlayerClient.connect(server.origin, boSession.token)]);
  const doubled = (): boolean => ana.received.some((message) => message.kind === 'event' && message.event.kind === 'round.result' && JSON.stringify(message.event.outcome).includes('"action":"double"'));
  for (let round = 1; round <= MAX_ROUNDS && (round <= ROUNDS || !doubled()); round++) {
    played = round;
    await server.operator.mustAct(table.id, 'open');
    expect(await ana.bet(round, [{ betId: `a${round}`, spot: 'seat:1', amountMinor: MAIN_MINOR }])).toMatchObject({ kind: 'ack' });
    expect(await bo.bet(round, [{ betId: `b${round}`, spot: 'behind:1', amountMinor: 300 }])).toMatchObject({ kind: 'ack' });
    await server.operator.mustAct(table.id, 'close');
    const from = ana.received.length;
    await server.operator.mustAct(table.id, 'spin');
    await playOut(ana, round, from);
  }
  await Promise.all([ana.close(), bo.close()]);
  exportDir = join(tempDir('export'), 'out');
  const started = await server.operator.call<{ job: AuditJob }>('POST', '/api/operator/audit/exports', { tableId: table.id, dir: exportDir });
  expect(started.status).toBe(202);
  expect(doubled(), `no double in ${played} rounds`).toBe(true);
  expect(await finishedJob(server.operator, started.body.job.id)).toMatchObject({ state: 'done', records: played, error: null });
  records = readFileSync(join(exportDir, 'records.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as RoundRecord);
}, 60_000);

afterAll(async () => {
  await server?.dispose();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** Signs the manifest again with the installation's own key, after its file hashes are brought up to date. */
function resign(dir: string, update: (manifest: Manifest) => void = () => {}): void {
  rewriteManifest(dir, update, loadSigningKey(server.dataDir).privateKey);
}

/** A copy of the export rewritten from edited records as the key holder could: chain, CSVs, totals and signature all redone. */
async function verifyReissued(edit: (copy: RoundRecord[]) => void): Promise<Failure[]> {
  const dir = join(tempDir('reissue'), 'copy');
  cpSync(exportDir, dir, { recursive: true });
  const copy = structuredClone(records);
  edit(copy);
  rewriteExport(dir, copy, { key: loadSigningKey(server.dataDir).privateKey });
  return (await verifyExport({ dir })).failures;
}

/** A copy of the export with one CSV file edited by hand and the manifest re-signed over it. */
async function verifyCsvEdited(file: string, edit: (text: string) => string): Promise<Failure[]> {
  const dir = join(tempDir('csv'), 'copy');
  cpSync(exportDir, dir, { recursive: true });
  const text = readFileSync(join(dir, file), 'utf8');
  const edited = edit(text);
  expect(edited, 'the edit changed the file').not.toBe(text);
  writeFileSync(join(dir, file), edited);
  resign(dir);
  return (await verifyExport({ dir })).failures;
}

const transfersOf = (record: RoundRecord): TransferRecord[] => record.bets.flatMap((bet) => bet.transfers);

/**
 * Adds a server stake for the seat's owner to record `at` with the transfers
 * §7 gives it, consistent with the ledger around it: its stake transfer just
 * before the round's settlement, its settlement transfers at the end of that
 * run (the owner's wallet balance carried on), every later transfer moved up.
 */
function forgeStake(copy: RoundRecord[], at: number, spot: string, amountMinor: number, payoutMinor: number): void {
  const record = copy[at] as RoundRecord;
  const owner = record.bets[0] as BetRecord;
  const wallet = `wallet:${owner.playerId}`;
  const escrow = `escrow:${record.tableId}`;
  const settlement = transfersOf(record).filter((transfer) => transfer.kind !== 'bet').sort((a, b) => a.id - b.id);
  const stakeId = settlement[0]?.id ?? 1;
  const stakeBack = Math.min(payoutMinor, amountMinor);
  const moves: [kind: string, prefix: string, from: string, to: string, amount: number][] = [
    ['payout_stake', 'stake', escrow, wallet, stakeBack],
    ['loss', 'loss', escrow, 'house', amountMinor - stakeBack],
    ['payout_win', 'win', 'house', wallet, payoutMinor - amountMinor],
  ];
  const booked = moves.filter((move) => move[4] > 0);
  for (const later of copy.slice(at + 1)) for (const transfer of transfersOf(later)) transfer.id += 1 + booked.length;
  for (const transfer of settlement) transfer.id += 1;
  const before = owner.balanceBeforeMinor - owner.amountMinor;
  let balance = settlement.findLast((transfer) => transfer.walletBalanceAfterMinor !== null && (transfer.to === wallet || transfer.from === wallet))?.walletBalanceAfterMinor ?? before - amountMinor;
  let nextId = (settlement[settlement.length - 1]?.id ?? stakeId) + 1;
  const betRowId = Math.max(...record.bets.map((bet) => bet.betRowId)) + 1;
  const betId = `__bj-r${record.roundRowId}-${spot.replaceAll(':', '-')}`;
  const transfers: TransferRecord[] = [
    { id: stakeId, key: `bet:${owner.playerId}:${betId}`, kind: 'bet', from: wallet, to: escrow, amountMinor, createdAt: record.closedAt ?? 0, walletBalanceAfterMinor: before - amountMinor },
  ];
  for (const [kind, prefix, from, to, amount] of booked) {
    const touches = from === wallet || to === wallet;
    if (touches) balance += amount;
    transfers.push({ id: nextId++, key: `${prefix}:${record.roundRowId}:${betRowId}`, kind, from, to, amountMinor: amount, createdAt: record.settledAt ?? 0, walletBalanceAfterMinor: touches ? balance : null });
  }
  const last = transfers.findLast((transfer) => transfer.walletBalanceAfterMinor !== null)?.walletBalanceAfterMinor ?? 0;
  record.bets.push({
    betRowId, betId, playerId: owner.playerId, spot, amountMinor, status: 'settled', payoutMinor,
    placedAt: record.closedAt ?? owner.placedAt, cancelledAt: null, balanceBeforeMinor: before, balanceAfterMinor: last, transfers,
  });
}

describe('the real blackjack export', () => {
  it('verifies, with the seat’s doubles booked as server stakes', async () => {
    const report = await verifyExport({ dir: exportDir });
    expect(report.failures.map(describeFailure)).toEqual([]);
    const doubles = records.flatMap((record) => record.bets.filter((bet) => bet.spot === 'double:1:0'));
    for (const bet of doubles) expect(bet).toMatchObject({ amountMinor: MAIN_MINOR, betId: expect.stringMatching(/^__bj-r\d+-double-1-0$/) });
    const decided = records.flatMap((record) => (record.outcome as { decisions: { action: string }[] }).decisions.filter((decision) => decision.action === 'double'));
    expect(doubles).toHaveLength(decided.length);
    // Not every deal reaches a decision (a blackjack ends it), but all of them rarely do not (about 1 in 10,000).
    expect(doubles.length).toBeGreaterThan(0);
    // The same re-issue with nothing changed verifies too: the forgeries below differ only by their edit.
    expect(await verifyReissued(() => {})).toEqual([]);
  });
});

describe('forgeries the verifier must refuse', () => {
  it('an insurance stake added for a seat that never insured, its transfers and balances consistent, fails naming the bet', async () => {
    const at = played - 1;
    const failures = await verifyReissued((copy) => {
      expect((copy[at]?.outcome as { seats: { insured: boolean }[] }).seats[0]?.insured).toBe(false);
      forgeStake(copy, at, 'insurance:1', MAIN_MINOR / 2, 0);
    });
    expect(failures).toEqual([
      expect.objectContaining({ check: 'payouts', round: at + 1, field: `bets[${records[at]?.bets.length}].spot`, message: expect.stringMatching(/insurance:1, but the recorded decisions make no such decision/) }),
    ]);
  });

  it('a second stake on a doubled hand, paid as the paytable says, fails naming the bet', async () => {
    // The paytable alone accepts it: the hand was doubled, and the row is paid on its result.
    const at = records.findIndex((record) => record.bets.some((bet) => bet.spot === 'double:1:0'));
    const record = records[at] as RoundRecord;
    const payoutMinor = blackjackSpotPayoutMinor('double:1:0', MAIN_MINOR, record.outcome as BlackjackOutcome);
    const failures = await verifyReissued((copy) => forgeStake(copy, at, 'double:1:0', MAIN_MINOR, payoutMinor));
    expect(failures).toEqual([expect.objectContaining({ check: 'payouts', round: at + 1, field: `bets[${record.bets.length}].spot`, message: 'a second stake on double:1:0' })]);
  });

  it('a transfer id of an earlier round used again in a later one fails, naming the transfer', async () => {
    const reused = transfersOf(records[0] as RoundRecord)[1]?.id ?? 0;
    const failures = await verifyReissued((copy) => {
      // Bo's stake in the last round: a placement, so no settlement run is disturbed, and its id stays below the bet's payout.
      const bet = copy[played - 1]?.bets.find((candidate) => candidate.spot === 'behind:1') as BetRecord;
      (bet.transfers[0] as TransferRecord).id = reused;
    });
    const index = records[played - 1]?.bets.findIndex((candidate) => candidate.spot === 'behind:1');
    expect(failures).toEqual([
      expect.objectContaining({ check: 'ledger', round: played, field: `bets[${index}].transfers[0].id`, message: expect.stringContaining(`transfer ${reused} is not above`) }),
    ]);
  });

  it('a CSV field quoted although it needs no quotes fails as not canonical, naming file, row and column, with the manifest re-signed', async () => {
    const cases: { file: string; edit: (text: string) => string; line: number; column: string }[] = [
      // A text cell, a number cell, the last cell of a row, the header, and a null (number, then text) written as the empty string.
      { file: 'bets.csv', edit: (text) => text.replace(',behind:1,', ',"behind:1",'), line: 3, column: 'spot' },
      { file: 'bets.csv', edit: (text) => text.replace(',behind:1,300,', ',behind:1,"300",'), line: 3, column: 'amountMinor' },
      { file: 'rounds.csv', edit: (text) => text.replace(/,([0-9a-f]{64})\r\n/, ',"$1"\r\n'), line: 2, column: 'hash' },
      { file: 'transfers.csv', edit: (text) => text.replace('tableId,', '"tableId",'), line: 1, column: '(header)' },
      { file: 'bets.csv', edit: (text) => text.replace(/,\r\n/, ',""\r\n'), line: 2, column: 'cancelledAt' },
      { file: 'rounds.csv', edit: (text) => text.replace(',operator,,,', ',operator,,"",'), line: 2, column: 'voidReason' },
    ];
    for (const { file, edit, line, column } of cases) {
      const failures = await verifyCsvEdited(file, edit);
      expect(failures, `${file} ${column}`).toHaveLength(1);
      expect(failures[0], `${file} ${column}`).toMatchObject({ check: 'csv', file, line });
      if (column === '(header)') expect(failures[0]).toMatchObject({ field: '(header)', message: 'transfers.csv does not start with the header of this format: column 1 ("tableId") is quoted although it needs no quotes' });
      else expect(failures[0]?.message).toMatch(new RegExp(`${file} row ${line}, column ${column}: .*(quoted|decimal integer)`));
    }
  });
});
