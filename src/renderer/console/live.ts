// The operator WebSocket: every table's events arrive here and turn into
// query invalidations, so each panel refetches what changed. Reconnects with
// jittered exponential backoff; after a reconnect everything is refetched
// because events sent while we were away are gone.
import { useEffect } from 'react';
import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { WS_OPERATOR_PATH } from '../../shared/api.ts';
import type { ServerMessage, TableEvent } from '../../shared/protocol.ts';
import { queryKeys } from './api.ts';
import { recordServerTime } from './clock.ts';
import { applyBetEvent, markAllIncomplete } from './liveBets.ts';
import { applyPf2Event } from './pf2Reveals.ts';
import { isUnauthorized, operatorSubprotocols } from './session.ts';
import { createStore } from './store.ts';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

const statusStore = createStore<LiveStatus>('connecting');
export const useLiveStatus = statusStore.use;

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;
/** Events are batched into one refetch per key per window, so a bet storm is not a request storm. */
const INVALIDATE_WINDOW_MS = 100;

function jitter(): number {
  const [random = 0] = crypto.getRandomValues(new Uint32Array(1));
  return random / 0x1_0000_0000;
}

/** Which cached queries an event makes stale. */
function keysFor(tableId: string, event: TableEvent): QueryKey[] {
  switch (event.kind) {
    // pf2's freeze, reveal set and resumed window are part of the table's round view too.
    case 'round.opened':
    case 'round.last_call':
    case 'round.closed':
    case 'round.result':
    case 'round.frozen':
    case 'round.revealed':
    case 'round.resumed':
      return [queryKeys.tables, queryKeys.rounds(tableId), queryKeys.players(tableId)];
    case 'round.settled':
    case 'round.voided':
      return [queryKeys.tables, queryKeys.rounds(tableId), queryKeys.players(tableId), queryKeys.ledger];
    case 'bets.placed':
    case 'bets.cancelled':
      return [queryKeys.players(tableId), queryKeys.ledger];
    case 'player.joined':
    case 'player.left':
      return [queryKeys.tables, queryKeys.players(tableId), queryKeys.ledger];
    case 'seed.recorded':
    case 'chain.rotated':
      return [queryKeys.tables];
    case 'blackjack.turn':
      // The hand in play is part of the table's round; a double, split or insurance moves a balance.
      return [queryKeys.tables, queryKeys.players(tableId), queryKeys.ledger];
    case 'table.closed':
      return [queryKeys.tables, queryKeys.players(tableId), queryKeys.rounds(tableId), queryKeys.ledger];
    default:
      // An unknown event kind (a newer server) still means something changed.
      return [queryKeys.tables, queryKeys.players(tableId), queryKeys.rounds(tableId)];
  }
}

function createInvalidator(queryClient: QueryClient): { add: (keys: QueryKey[]) => void; dispose: () => void } {
  const pending = new Map<string, QueryKey>();
  let timer: number | null = null;
  const schedule = (): void => {
    timer ??= window.setTimeout(flush, INVALIDATE_WINDOW_MS);
  };
  const flush = (): void => {
    timer = null;
    for (const [id, queryKey] of pending) {
      // A fetch already in flight may have left before this event, so its answer can be stale.
      // Restarting it on every event would starve it during a bet storm; wait for it, then refetch.
      if (queryClient.isFetching({ queryKey }) > 0) continue;
      pending.delete(id);
      void queryClient.invalidateQueries({ queryKey });
    }
    if (pending.size > 0) schedule();
  };
  return {
    add(keys) {
      for (const key of keys) pending.set(JSON.stringify(key), key);
      schedule();
    },
    dispose() {
      if (timer !== null) window.clearTimeout(timer);
    },
  };
}

function isEventMessage(message: unknown): message is Extract<ServerMessage, { kind: 'event' }> {
  return (
    typeof message === 'object' &&
    message !== null &&
    'kind' in message &&
    message.kind === 'event' &&
    'tableId' in message &&
    typeof message.tableId === 'string' &&
    'event' in message &&
    typeof message.event === 'object' &&
    message.event !== null
  );
}

/** Keeps one operator WebSocket open for as long as the calling component is mounted. */
export function useOperatorLive(): void {
  const queryClient = useQueryClient();

  useEffect(() => {
    const invalidator = createInvalidator(queryClient);
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = `${scheme}//${location.host}${WS_OPERATOR_PATH}`;
    let socket: WebSocket | null = null;
    let retryTimer: number | null = null;
    let failures = 0;
    let everConnected = false;
    let disposed = false;

    const onMessage = (raw: MessageEvent): void => {
      if (typeof raw.data !== 'string') return;
      let message: unknown;
      try {
        message = JSON.parse(raw.data);
      } catch {
        return;
      }
      if (!isEventMessage(message)) return;
      if (typeof message.at === 'number') recordServerTime(message.at);
      applyBetEvent(message.tableId, message.seq, message.event);
      applyPf2Event(message.tableId, message.event);
      invalidator.add(keysFor(message.tableId, message.event));
    };

    const connect = (): void => {
      if (disposed || isUnauthorized()) return;
      statusStore.set(everConnected ? 'reconnecting' : 'connecting');
      const current = new WebSocket(url, operatorSubprotocols());
      socket = current;
      current.onopen = () => {
        failures = 0;
        statusStore.set('live');
        if (everConnected) {
          markAllIncomplete();
          void queryClient.invalidateQueries();
        }
        everConnected = true;
      };
      current.onmessage = onMessage;
      current.onclose = () => {
        if (disposed || socket !== current) return;
        socket = null;
        statusStore.set('reconnecting');
        const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** failures) * (0.5 + jitter() / 2);
        failures += 1;
        retryTimer = window.setTimeout(connect, delay);
      };
    };

    connect();
    return () => {
      disposed = true;
      invalidator.dispose();
      if (retryTimer !== null) window.clearTimeout(retryTimer);
      socket?.close(1000, 'console closed');
    };
  }, [queryClient]);
}
