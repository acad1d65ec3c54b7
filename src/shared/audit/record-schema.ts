// The exact shapes of a round record and of an export manifest, as the
// verifier checks them before anything else (docs/audit-format.md lists the
// same fields in prose).
import { BetStatus, EXPORT_FORMAT, RECORD_FORMAT, RoundStatus } from '../audit-record.ts';
import { arrayOf, constant, hex64, integer, nullable, object, oneOf, optional, text, type Shape } from './shape.ts';

const id = text(/^[A-Za-z0-9_-]{1,64}$/, 64);
/** FAIRNESS.md §2. */
const clientSeed = text(/^[A-Za-z0-9_-]{1,64}$/, 64);
const time = integer(0);
const money = integer(0);
const positiveMoney = integer(1);

const transferShape = object({
  id: integer(1),
  key: text(undefined, 256),
  kind: text(undefined, 64),
  from: text(undefined, 200),
  to: text(undefined, 200),
  amountMinor: positiveMoney,
  createdAt: time,
  walletBalanceAfterMinor: nullable(money),
});

const betShape = object({
  betRowId: integer(1),
  betId: id,
  playerId: id,
  spot: text(undefined, 32),
  amountMinor: positiveMoney,
  status: oneOf(Object.values(BetStatus)),
  payoutMinor: nullable(money),
  placedAt: time,
  cancelledAt: nullable(time),
  balanceBeforeMinor: money,
  balanceAfterMinor: money,
  transfers: arrayOf(transferShape, 8),
});

const pf2Shape = object({
  announcedCloseAt: nullable(time),
  commitments: arrayOf(object({ playerId: id, reference: id, commitment: hex64, recordedAt: time }), 100_000),
  freeze: nullable(hex64),
  frozenAt: nullable(time),
  revealWindowMs: nullable(integer(500)),
  frozenLines: arrayOf(text(undefined, 400), 2_000_000),
  reveals: arrayOf(object({ reference: id, secret: text(/^[0-9a-f]{32}$/, 32), receivedAt: time }), 100_000),
  withheld: arrayOf(id, 100_000),
  revealClosedAt: nullable(time),
  beaconRound: nullable(integer(1)),
  beaconChain: optional(nullable(hex64)),
  beaconSignature: optional(nullable(text(/^[0-9a-f]{96}$/, 96))),
  beaconRandomness: optional(nullable(hex64)),
  chains: arrayOf(object({ commitment: hex64, length: integer(1), publishedAt: time, retiredAt: nullable(time), lastIndex: integer(0) }), 10_000),
  statements: object({
    freeze: nullable({ type: 'anyObject' }),
    revealed: nullable({ type: 'anyObject' }),
    resumes: arrayOf({ type: 'anyObject' }, 1_000),
    void: nullable({ type: 'anyObject' }),
  }),
});

export const recordShape: Shape = object({
  format: constant(RECORD_FORMAT),
  appVersion: text(undefined, 64),
  tableId: id,
  seq: integer(1),
  round: integer(1),
  roundRowId: integer(1),
  game: text(undefined, 64),
  rulesVersion: text(undefined, 64),
  status: oneOf(Object.values(RoundStatus)),
  commitment: hex64,
  chainIndex: integer(1),
  serverSeed: nullable(hex64),
  clientSeeds: arrayOf(object({ playerId: id, clientSeed, recordedAt: time }), 100_000),
  clientString: nullable(text(undefined, 10_000_000)),
  outcome: nullable({ type: 'anyObject' }),
  bets: arrayOf(betShape, 1_000_000),
  openedAt: time,
  closedAt: nullable(time),
  resultAt: nullable(time),
  settledAt: nullable(time),
  voidedAt: nullable(time),
  openedBy: text(undefined, 200),
  voidedBy: nullable(text(undefined, 200)),
  voidReason: nullable(text(undefined, 1000)),
  pf2: optional(pf2Shape),
  prevHash: hex64,
  hash: hex64,
});

const count = integer(0);

export const manifestShape: Shape = object({
  format: constant(EXPORT_FORMAT),
  recordFormat: constant(RECORD_FORMAT),
  appVersion: text(undefined, 64),
  createdAt: time,
  tableId: id,
  range: object({ from: time, to: time }),
  firstSeq: nullable(integer(1)),
  lastSeq: nullable(integer(1)),
  firstRound: nullable(integer(1)),
  lastRound: nullable(integer(1)),
  startPrevHash: nullable(hex64),
  firstHash: nullable(hex64),
  lastHash: nullable(hex64),
  counts: object({
    records: count,
    settledRounds: count,
    voidedRounds: count,
    bets: count,
    settledBets: count,
    cancelledBets: count,
    refundedBets: count,
    transfers: count,
  }),
  totals: object({
    stakeMinor: money,
    payoutMinor: money,
    houseWinMinor: integer(),
    refundedMinor: money,
    cancelledMinor: money,
  }),
  files: arrayOf(object({ name: text(undefined, 64), bytes: count, sha256: hex64 }), 8),
  signing: object({ algorithm: constant('Ed25519'), publicKey: hex64, fingerprint: hex64 }),
});
