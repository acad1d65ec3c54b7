// The HTTP API players use: joining with an invite, their balance and ledger
// lines, table list, results history and round proofs. What anyone can read
// without an invite (tables, history, proofs) names no player: bettors
// appear under pseudonyms; ids only to the players themselves and the operator.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import {
  joinRequestSchema,
  type HistoryResponse,
  type JoinCredit,
  type JoinResponse,
  type MeLedgerResponse,
  type MeResponse,
  type ProofBet,
  type RoundProof,
  type TablesResponse,
} from '../../shared/api.ts';
import { sortByBytes, withheldBettors } from '../../shared/fairness/pf2.ts';
import { ErrorCode, Limits, type WireStatement } from '../../shared/protocol.ts';
import { historyOf } from '../../shared/round-history.ts';
import { AccountKind } from '../ledger/ledger.ts';
import { joinCredit, joinRefusal, waitText } from '../players/join-rules.ts';
import type { PlayerRow } from '../storage/player-store.ts';
import { HttpError, bearerToken, queryInteger, readJson, sendJson } from './http-kit.ts';
import { newId } from '../ids.ts';
import { hashToken, newToken } from './secrets.ts';
import type { Services } from './services.ts';
import { beaconView, recoveredBeacon } from '../tables/pf2-beacon.ts';

export type RouteContext = { request: IncomingMessage; response: ServerResponse; url: URL; params: string[] };

export function authenticatedPlayer(services: Services, request: IncomingMessage): PlayerRow {
  const player = optionalPlayer(services, request);
  if (!player) throw new HttpError(401, ErrorCode.Unauthorized, 'no valid player session');
  return player;
}

/** The player whose Bearer token the request carries, if any (public routes show them a little more). */
function optionalPlayer(services: Services, request: IncomingMessage): PlayerRow | null {
  const token = bearerToken(request);
  return token ? services.players.bySessionHash(hashToken(token)) : null;
}

function randomClientSeed(): string {
  return randomBytes(12).toString('base64url');
}

export async function join(services: Services, context: RouteContext): Promise<void> {
  const address = services.clientAddress(context.request);
  if (!services.joinLimiter.take(address, services.now())) throw new HttpError(429, ErrorCode.RateLimited, 'too many joins; wait a moment');
  const body = await readJson(context.request, joinRequestSchema);
  const table = services.tables.byInvite(body.invite);
  if (!table) throw new HttpError(404, ErrorCode.NotFound, 'this invite is not valid (the table may be closed)');
  const token = newToken();
  const playerId = newId('ply');
  const browserHash = body.browserId === undefined ? null : hashToken(`browser:${body.browserId}`);
  const addressHash = hashToken(`address:${address}`);
  const limits = services.joinLimits;
  // Check and insert in one transaction: two joins racing for one name or the last credit cannot both win.
  const credit = services.db.transaction((): JoinCredit => {
    const now = services.now();
    const { players } = services;
    if (players.isBarred(table.id, browserHash, addressHash, now, limits.revokedAddressBarMs)) {
      throw new HttpError(403, ErrorCode.Barred, 'the dealer has removed you from this table');
    }
    const kickedUntil = players.browserKickedUntil(table.id, browserHash, now);
    if (kickedUntil !== null) {
      throw new HttpError(403, ErrorCode.Kicked, `the dealer removed you from this table; you can come back in ${waitText(kickedUntil - now)}`);
    }
    const counts = players.joinCounts(table.id, addressHash, browserHash, now);
    const refusal = joinRefusal(counts, limits);
    if (refusal !== null) throw new HttpError(429, ErrorCode.RateLimited, refusal);
    if (players.nameTaken(table.id, body.name)) {
      throw new HttpError(409, ErrorCode.NameTaken, `someone at this table is already called ${body.name}; pick another name`);
    }
    const decided = joinCredit(counts, limits, table.config.joinCreditMinor);
    players.insert({
      id: playerId,
      tableId: table.id,
      name: body.name,
      clientSeed: body.clientSeed ?? randomClientSeed(),
      tokenHash: hashToken(token),
      browserHash,
      addressHash,
      credited: decided.amountMinor > 0,
      createdAt: now,
    });
    if (decided.amountMinor > 0) {
      services.money.joinCredit(playerId, decided.amountMinor, table.name);
    }
    return decided;
  })();
  const reply: JoinResponse = { token, playerId, reference: services.playerReference(table.id, playerId), tableId: table.id, name: body.name, joinCredit: credit };
  sendJson(context.response, 201, reply);
}

export function tables(services: Services, context: RouteContext): void {
  const reply: TablesResponse = { tables: services.tables.all().map((table) => table.summary()) };
  sendJson(context.response, 200, reply);
}

export function me(services: Services, context: RouteContext): void {
  const player = authenticatedPlayer(services, context.request);
  const wallet = services.ledger.account(AccountKind.Wallet, player.id);
  const reply: MeResponse = {
    playerId: player.id,
    name: player.name,
    tableId: player.tableId,
    balanceMinor: services.ledger.balanceOf(wallet),
    clientSeed: player.clientSeed,
  };
  sendJson(context.response, 200, reply);
}

export function myLedger(services: Services, context: RouteContext): void {
  const player = authenticatedPlayer(services, context.request);
  const limit = queryInteger(context.url, 'limit', 100, 1000);
  const reply: MeLedgerResponse = {
    lines: services.ledger.walletLines(services.ledger.account(AccountKind.Wallet, player.id), limit),
  };
  sendJson(context.response, 200, reply);
}

export function history(services: Services, context: RouteContext): void {
  const tableId = context.params[0] ?? '';
  const rows = services.tableStore.recentRounds(tableId, Limits.historyLength);
  const reply: HistoryResponse = { history: historyOf(rows) };
  sendJson(context.response, 200, reply);
}

/**
 * Everything needed to re-check one round under pf1; the seed only once it is
 * revealed. Bettors appear under pseudonyms; a player of this table also sees
 * which bets are their own, the operator every bet's player.
 */
export function proof(services: Services, context: RouteContext): void {
  const tableId = context.params[0] ?? '';
  const number = Number(context.params[1]);
  const round = services.tableStore.round(tableId, number);
  if (!round) throw new HttpError(404, ErrorCode.NotFound, `no round ${number} at this table`);
  const operator = services.isOperator(context.request);
  const asker = operator ? null : optionalPlayer(services, context.request);
  const ownerId = asker?.tableId === tableId ? asker.id : null;
  const bets = services.tableStore
    .betsOfRound(round.id)
    .filter((bet) => bet.cancelledAt === null)
    .map((bet): ProofBet => ({
      player: services.playerReference(tableId, bet.playerId),
      ...(operator || bet.playerId === ownerId ? { playerId: bet.playerId } : {}),
      spot: bet.spot,
      amountMinor: bet.amountMinor,
      payoutMinor: bet.payoutMinor,
    }));
  const reply: RoundProof = {
    tableId,
    round: round.number,
    game: round.game,
    phase: round.phase,
    commitment: round.commitment,
    chainIndex: round.chainIndex,
    serverSeed: round.serverSeed,
    clientSeeds: services.tableStore.seedsOfRound(round.id).map((seed) => seed.clientSeed),
    clientString: round.clientString,
    outcome: round.outcome,
    bets,
    ...(round.fairness === 'pf2' ? { pf2: pf2Proof(services, round.id) } : {}),
  };
  sendJson(context.response, 200, reply);
}

/** A pf2 round's part of its proof: the freeze and its lines, and the reveal set once its window closed (never a secret before). */
function pf2Proof(services: Services, roundId: number): NonNullable<RoundProof['pf2']> {
  const freeze = services.pf2Store.freezeOf(roundId);
  if (freeze === null) return { freeze: null, frozenLines: [], secrets: null, withheld: null, statements: { freeze: null, revealed: null, resumes: [] }, beacon: null };
  const statements = {
    freeze: JSON.parse(freeze.statement) as WireStatement,
    revealed: freeze.revealedStatement === null ? null : (JSON.parse(freeze.revealedStatement) as WireStatement),
    resumes: services.pf2Store.resumes(roundId).map((resume) => JSON.parse(resume.statement) as WireStatement),
  };
  const frozenBeacon = recoveredBeacon(statements, services.pf2Store.beaconOf(roundId), services.beaconChain);
  const beacon = frozenBeacon === null ? null : beaconView(frozenBeacon);
  if (statements.revealed === null) return { freeze: freeze.freeze, frozenLines: freeze.lines, secrets: null, withheld: null, statements, beacon };
  const referenceOf = new Map(services.pf2Store.commitments(roundId).map((row) => [row.playerId, row.reference]));
  const reveals = services.pf2Store.reveals(roundId);
  const revealed = new Set(reveals.map((reveal) => referenceOf.get(reveal.playerId) ?? ''));
  return {
    freeze: freeze.freeze,
    frozenLines: freeze.lines,
    secrets: sortByBytes(reveals.map((reveal) => reveal.secret)),
    withheld: withheldBettors(freeze.lines, revealed),
    statements,
    beacon,
  };
}
