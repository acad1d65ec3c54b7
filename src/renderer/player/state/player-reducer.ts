// The one way the player page state changes: a pure function of the previous
// state and an action (a server message, a request made on this page, a
// connection change). No DOM, no clock, no randomness: callers pass the time.
import type { ServerMessage } from '../../../shared/protocol.ts';
import { withoutRequest } from './outbox.ts';
import { refuseDecision, rememberDecisionSent, withDecisionsChecked } from './pf2-decisions.ts';
import { applyFrozenLines, applyPf2Snapshot, applyReceipt, applyWelcomeKeys, markRevealSent, recordAudit, rememberSecret } from './pf2-reducer.ts';
import type { BetLine, Pf2Audit } from './pf2-state.ts';
import type { ConnectionStatus, PendingRequest, PlayerState, Toast } from './player-state.ts';
import { applyAck } from './request-acks.ts';
import { applySettlement } from './round-events.ts';
import { applySnapshot } from './snapshot-reducer.ts';
import { withToast } from './state-changes.ts';
import { applyEvent } from './table-events.ts';

export type PlayerAction =
  | { type: 'server'; message: ServerMessage; receivedAt: number }
  /** A request made on this page: it waits in the outbox until acked or rejected. */
  | { type: 'request'; request: PendingRequest }
  | { type: 'connection'; status: ConnectionStatus }
  | { type: 'toast'; tone: Toast['tone']; message: string }
  | { type: 'toast-dismissed'; id: number }
  /** pf2: my secret and commitment for a round, drawn (or read back from storage) outside the reducer. */
  | { type: 'pf2-secret'; round: number; secret: string; commitment: string; bets?: BetLine[] }
  /** pf2: what the round's public proof says about me, once fetched and checked. */
  | { type: 'pf2-audit'; round: number; audit: Pf2Audit };

export function playerReducer(state: PlayerState, action: PlayerAction): PlayerState {
  switch (action.type) {
    case 'server':
      return applyServerMessage(state, action.message, action.receivedAt);
    case 'request': {
      const queued = { ...state, outbox: [...state.outbox, action.request] };
      if (action.request.kind === 'blackjack.decide') return rememberDecisionSent(queued, action.request);
      return action.request.kind === 'pf2.reveal' ? markRevealSent(queued, action.request) : queued;
    }
    case 'connection':
      // Events only make sense on top of the snapshot of the same connection.
      return {
        ...state,
        connection: action.status,
        synced: action.status.state === 'connected' ? state.synced : false,
      };
    case 'toast':
      return withToast(state, action.tone, action.message);
    case 'toast-dismissed':
      return { ...state, toasts: state.toasts.filter((toast) => toast.id !== action.id) };
    case 'pf2-secret':
      return rememberSecret(state, action.round, action.secret, action.commitment, action.bets);
    case 'pf2-audit':
      return recordAudit(state, action.round, action.audit);
  }
}

function applyServerMessage(state: PlayerState, message: ServerMessage, receivedAt: number): PlayerState {
  switch (message.kind) {
    case 'welcome':
      return applyWelcomeKeys({
        ...state,
        identity: { playerId: message.playerId, name: message.name, tableId: message.tableId },
        balanceMinor: message.balanceMinor,
        clientSeed: message.clientSeed,
        // A one-way sample: good enough until the first pong gives a better one.
        clockOffsetMs: state.clockSampleRttMs === null ? message.serverTime - receivedAt : state.clockOffsetMs,
        synced: false,
        resyncNeeded: false,
      }, message.reference, message.statementKey);
    case 'snapshot':
      return withDecisionsChecked(applyPf2Snapshot(applySnapshot(state, message.snapshot, receivedAt), message.snapshot), receivedAt + state.clockOffsetMs);
    case 'event':
      if (!state.synced || message.seq <= state.seq) return state;
      if (message.seq !== state.seq + 1) return { ...state, resyncNeeded: true };
      // pf2 blackjack: the event's stamp tells a decision whose timer ran out unanswered; a result is compared with my decisions.
      return withDecisionsChecked({ ...applyEvent(state, message.event, message.at), seq: message.seq }, message.at);
    case 'ack':
      return applyAck(state, message.requestId, message.balanceMinor, message.statement, message.acknowledgement);
    case 'error': {
      const withoutFailed =
        message.requestId === null ? state : refuseDecision({ ...state, outbox: withoutRequest(state.outbox, message.requestId) }, message.requestId);
      return withToast(withoutFailed, 'error', message.message);
    }
    case 'balance':
      return { ...state, balanceMinor: message.balanceMinor };
    case 'settlement':
      return applySettlement(
        { ...state, balanceMinor: message.balanceMinor },
        { round: message.round, stakeMinor: message.stakeMinor, payoutMinor: message.payoutMinor },
      );
    case 'pf2.lines':
      return applyFrozenLines(state, message);
    case 'pf2.receipt':
      return applyReceipt(state, message.round, message.statement);
    case 'pong': {
      const rttMs = Math.max(0, receivedAt - message.clientTime);
      // The fastest round trip bounds the clock error best (±rtt/2).
      const better = state.clockSampleRttMs === null || rttMs <= state.clockSampleRttMs;
      return {
        ...state,
        rttMs,
        clockOffsetMs: better ? message.serverTime + rttMs / 2 - receivedAt : state.clockOffsetMs,
        clockSampleRttMs: better ? rttMs : state.clockSampleRttMs,
      };
    }
    default:
      // A kind this page does not know yet (a newer server): ignore it rather than break.
      return state;
  }
}
