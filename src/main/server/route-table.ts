// Every HTTP API route in one table, with whether it is for the operator, so
// the request handler authorizes them in one place.
import * as auditRoutes from './audit-routes.ts';
import * as operatorRoutes from './operator-routes.ts';
import * as publicRoutes from './public-routes.ts';
import type { RouteContext } from './public-routes.ts';
import type { Services } from './services.ts';

type Handler = (services: Services, context: RouteContext) => void | Promise<void>;
export type Route = { method: string; pattern: RegExp; handler: Handler; operator: boolean };

/** Every HTTP API route; exported so the authorization test covers each operator route, new ones included. */
export const routes: readonly Route[] = [
  { method: 'POST', pattern: /^\/api\/join$/, handler: publicRoutes.join, operator: false },
  { method: 'GET', pattern: /^\/api\/tables$/, handler: publicRoutes.tables, operator: false },
  { method: 'GET', pattern: /^\/api\/me$/, handler: publicRoutes.me, operator: false },
  { method: 'GET', pattern: /^\/api\/me\/ledger$/, handler: publicRoutes.myLedger, operator: false },
  { method: 'GET', pattern: /^\/api\/tables\/([\w-]+)\/history$/, handler: publicRoutes.history, operator: false },
  { method: 'GET', pattern: /^\/api\/tables\/([\w-]+)\/rounds\/(\d{1,15})\/proof$/, handler: publicRoutes.proof, operator: false },
  { method: 'GET', pattern: /^\/api\/operator\/tables$/, handler: operatorRoutes.listTables, operator: true },
  { method: 'POST', pattern: /^\/api\/operator\/tables$/, handler: operatorRoutes.createTable, operator: true },
  { method: 'DELETE', pattern: /^\/api\/operator\/tables\/([\w-]+)$/, handler: operatorRoutes.closeTable, operator: true },
  { method: 'POST', pattern: /^\/api\/operator\/tables\/([\w-]+)\/actions$/, handler: operatorRoutes.tableAction, operator: true },
  { method: 'GET', pattern: /^\/api\/operator\/tables\/([\w-]+)\/rounds$/, handler: operatorRoutes.listRounds, operator: true },
  { method: 'GET', pattern: /^\/api\/operator\/tables\/([\w-]+)\/invite$/, handler: operatorRoutes.invite, operator: true },
  { method: 'GET', pattern: /^\/api\/operator\/players$/, handler: operatorRoutes.listPlayers, operator: true },
  { method: 'POST', pattern: /^\/api\/operator\/players\/([\w-]+)\/cashier$/, handler: operatorRoutes.cashier, operator: true },
  { method: 'POST', pattern: /^\/api\/operator\/players\/([\w-]+)\/moderation$/, handler: operatorRoutes.moderate, operator: true },
  { method: 'GET', pattern: /^\/api\/operator\/ledger$/, handler: operatorRoutes.ledgerSummary, operator: true },
  { method: 'GET', pattern: /^\/api\/operator\/health$/, handler: operatorRoutes.health, operator: true },
  { method: 'GET', pattern: /^\/api\/tables\/([\w-]+)\/rounds\/(\d{1,15})\/record$/, handler: auditRoutes.roundRecord, operator: false },
  { method: 'GET', pattern: /^\/api\/operator\/audit\/key$/, handler: auditRoutes.signingKey, operator: true },
  { method: 'POST', pattern: /^\/api\/operator\/audit\/exports$/, handler: auditRoutes.startExport, operator: true },
  { method: 'POST', pattern: /^\/api\/operator\/audit\/verifications$/, handler: auditRoutes.startVerify, operator: true },
  { method: 'GET', pattern: /^\/api\/operator\/audit\/jobs\/([\w-]+)$/, handler: auditRoutes.jobStatus, operator: true },
  { method: 'GET', pattern: /^\/api\/operator\/audit\/jobs\/([\w-]+)\/files\/([\w.-]+)$/, handler: auditRoutes.exportFile, operator: true },
];
