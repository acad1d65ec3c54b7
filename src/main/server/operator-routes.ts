// The HTTP API of the dealer's console. Every route here needs the operator
// session cookie; the router also keeps them to loopback unless the operator
// opted in to remote consoles, and checks Origin on every state change.
import QRCode from 'qrcode';
import {
  cashierSchema,
  createTableSchema,
  moderationSchema,
  tableActionSchema,
  latencyAlertMs,
  type HealthResponse,
  type InviteResponse,
  type LedgerSummaryResponse,
  type OperatorPlayersResponse,
  type OperatorTable,
  type OperatorTableResponse,
  type OperatorTablesResponse,
  type RoundsResponse,
} from '../../shared/api.ts';
import { CloseCode, ErrorCode } from '../../shared/protocol.ts';
import { AccountKind } from '../ledger/ledger.ts';
import { MoneyError } from '../ledger/money.ts';
import { waitText } from '../players/join-rules.ts';
import type { Table, ActionResult } from '../tables/table.ts';
import { HttpError, queryInteger, readJson, sendJson, statusFor } from './http-kit.ts';
import type { RouteContext } from './public-routes.ts';
import { inviteUrl, type Services } from './services.ts';

/** The actor recorded on rounds the console drives. */
const operatorActor = 'operator';

function tableOrThrow(services: Services, tableId: string | undefined): Table {
  const table = tableId ? services.tables.get(tableId) : undefined;
  if (!table) throw new HttpError(404, ErrorCode.NotFound, 'no such table');
  return table;
}

function throwUnlessOk(result: ActionResult): void {
  if (!result.ok) throw new HttpError(statusFor(result.code), result.code, result.message);
}

function operatorTable(services: Services, table: Table): OperatorTable {
  const connected = services.players.ofTable(table.id).filter((player) => services.gateway.isConnected(player.id)).length;
  return {
    ...table.summary(),
    config: table.config,
    round: table.roundView(),
    commitment: table.commitment,
    playersConnected: connected,
    inviteUrl: inviteUrl(services, table.inviteCode),
  };
}

export function listTables(services: Services, context: RouteContext): void {
  const reply: OperatorTablesResponse = { tables: services.tables.all().map((table) => operatorTable(services, table)) };
  sendJson(context.response, 200, reply);
}

export async function createTable(services: Services, context: RouteContext): Promise<void> {
  const config = await readJson(context.request, createTableSchema);
  if (config.minBetMinor > config.maxSpotMinor) {
    throw new HttpError(400, ErrorCode.BadMessage, 'the minimum bet is above the per-spot maximum');
  }
  if (config.maxSpotMinor > config.maxRoundMinor) {
    throw new HttpError(400, ErrorCode.BadMessage, 'the per-spot maximum is above the per-round maximum');
  }
  if (config.lastCallMs >= config.bettingWindowMs) {
    throw new HttpError(400, ErrorCode.BadMessage, 'the last call must come before the betting window ends');
  }
  if (config.beacon === true && config.fairness !== 'pf2') {
    throw new HttpError(400, ErrorCode.BadMessage, 'the public beacon is for pf2 tables: choose pf2 fairness or leave the beacon off');
  }
  if (config.beacon === true && services.beaconChain === null) throw new HttpError(400, ErrorCode.BadMessage, 'this server fetches no public beacon');
  // Left out, the beacon follows the server: on when it can reach the internet (--public-url), never for pf1.
  const beacon = config.beacon ?? (config.fairness === 'pf2' && services.beaconByDefault);
  const table = services.tables.create({ ...config, beacon });
  const reply: OperatorTableResponse = { table: operatorTable(services, table) };
  sendJson(context.response, 201, reply);
}

export function closeTable(services: Services, context: RouteContext): void {
  const table = tableOrThrow(services, context.params[0]);
  throwUnlessOk(services.tables.close(table.id));
  services.gateway.disconnectTable(table.id);
  context.response.writeHead(204).end();
}

export async function tableAction(services: Services, context: RouteContext): Promise<void> {
  const table = tableOrThrow(services, context.params[0]);
  const body = await readJson(context.request, tableActionSchema);
  switch (body.action) {
    case 'open':
      throwUnlessOk(table.open(operatorActor));
      break;
    case 'close':
      throwUnlessOk(table.close(operatorActor));
      break;
    case 'spin':
      throwUnlessOk(table.spin(operatorActor));
      break;
    case 'void':
      throwUnlessOk(table.void(operatorActor, body.reason?.trim() || 'voided by the dealer'));
      break;
    case 'auto-on':
      throwUnlessOk(table.setAutoCycle(true));
      break;
    case 'auto-off':
      throwUnlessOk(table.setAutoCycle(false));
      break;
    case 'rotate-chain':
      throwUnlessOk(table.rotateChain());
      break;
    case 'beacon-on':
      throwUnlessOk(table.setBeacon(true));
      break;
    case 'beacon-off':
      throwUnlessOk(table.setBeacon(false));
      break;
  }
  const reply: OperatorTableResponse = { table: operatorTable(services, table) };
  sendJson(context.response, 200, reply);
}

export function listRounds(services: Services, context: RouteContext): void {
  const table = tableOrThrow(services, context.params[0]);
  const limit = queryInteger(context.url, 'limit', 50, 500);
  const reply: RoundsResponse = {
    rounds: services.tableStore.recentRounds(table.id, limit).map((round) => {
      const totals = services.tableStore.roundTotals(round.id);
      return {
        round: round.number,
        phase: round.phase,
        outcome: round.outcome,
        betCount: totals.betCount,
        stakeMinor: totals.stakeMinor,
        payoutMinor: totals.payoutMinor,
        houseWinMinor: round.phase === 'settled' ? totals.stakeMinor - totals.payoutMinor : 0,
        openedAt: round.openedAt,
        settledAt: round.settledAt,
        voidReason: round.voidReason,
      };
    }),
  };
  sendJson(context.response, 200, reply);
}

export async function invite(services: Services, context: RouteContext): Promise<void> {
  const table = tableOrThrow(services, context.params[0]);
  const url = inviteUrl(services, table.inviteCode);
  const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  const reply: InviteResponse = { url, qrSvg };
  sendJson(context.response, 200, reply);
}

export function listPlayers(services: Services, context: RouteContext): void {
  const tableId = context.url.searchParams.get('tableId');
  const tables = tableId ? [tableOrThrow(services, tableId)] : services.tables.all();
  const players: OperatorPlayersResponse['players'] = [];
  for (const table of tables) {
    const stakes = table.stakesByPlayer();
    for (const player of services.players.ofTable(table.id)) {
      players.push({
        playerId: player.id,
        name: player.name,
        tableId: table.id,
        balanceMinor: services.ledger.balanceOf(services.ledger.account(AccountKind.Wallet, player.id)),
        connected: services.gateway.isConnected(player.id),
        latencyMs: services.gateway.latencyMs(player.id),
        muted: player.muted,
        revoked: player.revokedAt !== null,
        kickedUntil: player.kickedUntil !== null && player.kickedUntil > services.now() ? player.kickedUntil : null,
        onTableMinor: stakes.get(player.id) ?? 0,
      });
    }
  }
  const reply: OperatorPlayersResponse = { players };
  sendJson(context.response, 200, reply);
}

export async function cashier(services: Services, context: RouteContext): Promise<void> {
  const player = services.players.byId(context.params[0] ?? '');
  if (!player) throw new HttpError(404, ErrorCode.NotFound, 'no such player');
  const body = await readJson(context.request, cashierSchema);
  let balanceMinor: number;
  try {
    balanceMinor = services.money.cashier({
      playerId: player.id,
      direction: body.direction,
      amountMinor: body.amountMinor,
      note: body.note,
      requestKey: body.idempotencyKey,
    });
  } catch (error) {
    if (error instanceof MoneyError) throw new HttpError(statusFor(error.code), error.code, error.message);
    throw error;
  }
  services.gateway.sendBalance(player.id, balanceMinor);
  sendJson(context.response, 200, { balanceMinor });
}

export async function moderate(services: Services, context: RouteContext): Promise<void> {
  const player = services.players.byId(context.params[0] ?? '');
  if (!player) throw new HttpError(404, ErrorCode.NotFound, 'no such player');
  const body = await readJson(context.request, moderationSchema);
  switch (body.action) {
    case 'kick': {
      // Recorded before the socket closes, so a reconnect racing the close is already refused.
      services.players.kick(player.id, services.now() + body.kickCooldownMs);
      const reason = body.kickCooldownMs > 0 ? `The dealer removed you from the table; you can come back in ${waitText(body.kickCooldownMs)}.` : '';
      services.gateway.disconnect(player.id, CloseCode.Kicked, reason || 'The dealer removed you from the table.');
      break;
    }
    case 'mute':
    case 'unmute': {
      const muted = body.action === 'mute';
      services.players.setMuted(player.id, muted);
      services.gateway.setMuted(player.id, muted);
      break;
    }
    case 'revoke':
      services.players.revoke(player.id, services.now());
      services.gateway.disconnect(player.id, CloseCode.SessionRevoked, 'session revoked by the dealer');
      break;
  }
  context.response.writeHead(204).end();
}

export function health(services: Services, context: RouteContext): void {
  const samples = services.metrics.samples();
  const latest = samples.at(-1);
  const players: HealthResponse['players'] = [];
  for (const table of services.tables.all()) {
    for (const player of services.players.ofTable(table.id)) {
      if (!services.gateway.isConnected(player.id)) continue;
      players.push({ playerId: player.id, name: player.name, tableId: table.id, latencyMs: services.gateway.latencyMs(player.id) });
    }
  }
  const alert =
    latest?.latencyP99Ms != null && latest.latencyP99Ms > latencyAlertMs
      ? `p99 latency is ${latest.latencyP99Ms} ms (alert above ${latencyAlertMs} ms)`
      : null;
  const reply: HealthResponse = { samples, players, alert };
  sendJson(context.response, 200, reply);
}

export function ledgerSummary(services: Services, context: RouteContext): void {
  const reply: LedgerSummaryResponse = services.ledger.summary();
  sendJson(context.response, 200, reply);
}
