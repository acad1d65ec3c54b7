// Owns one table session for as long as TableScreen is mounted: the state
// store, the WebSocket connection and the commands the buttons call.
import { useEffect, useState } from 'react';
import type { JoinResponse } from '../../../shared/api.ts';
import { WS_PLAYER_PATH } from '../../../shared/api.ts';
import { checkSession, fetchRoundProof } from '../net/api-client.ts';
import { openBrowserSocket } from '../net/browser-socket.ts';
import { keyFingerprintFromHash } from '../net/invite.ts';
import { Pf2Vault } from '../lib/pf2-vault.ts';
import { Pf2Keeper } from '../net/pf2-keeper.ts';
import { createPlayerCommands } from '../net/player-commands.ts';
import { TableConnection } from '../net/table-connection.ts';
import { wsUrl } from '../net/ws-url.ts';
import { initialPlayerState } from '../state/player-state.ts';
import { createPlayerStore } from '../state/store.ts';
import type { PendingRequest } from '../state/player-state.ts';
import type { PlayerSession } from './player-context.ts';

/** localStorage, or null where the browser refuses it (some private modes): secrets then live in memory only. */
function storageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * The signing key's fingerprint the dealer's invite link carried, kept per
 * table so a reload (or a link without it) still pins the key the dealer
 * shared, not the one a server first shows.
 */
function pinnedKeyOf(tableId: string): string | null {
  const storage = storageOrNull();
  const storageKey = `pitboss.pinned-key.${tableId}`;
  const fromLink = keyFingerprintFromHash(window.location.hash);
  try {
    // The link in hand is what the dealer shared last; without one, the one kept from an earlier link.
    if (fromLink !== null) storage?.setItem(storageKey, fromLink);
    return storage?.getItem(storageKey) ?? fromLink;
  } catch {
    return fromLink;
  }
}

export function useTableSession(session: JoinResponse, onSessionInvalid: (message: string) => void): PlayerSession {
  const [live] = useState(() => {
    const store = createPlayerStore(
      initialPlayerState({ playerId: session.playerId, name: session.name, tableId: session.tableId }, pinnedKeyOf(session.tableId)),
      (notify) => window.requestAnimationFrame(notify),
    );
    // The connection is created in the effect; commands reach it through this holder.
    const holder: { connection: TableConnection | null } = { connection: null };
    const request = (pending: PendingRequest): void => {
      if (holder.connection) holder.connection.request(pending);
      else store.dispatch({ type: 'request', request: pending });
    };
    const keeper = new Pf2Keeper({
      store,
      vault: new Pf2Vault(session.tableId, storageOrNull()),
      joinReference: session.reference,
      request,
      fetchProof: (round) => fetchRoundProof(session.tableId, round, session.token),
    });
    const commands = createPlayerCommands(store, { request, retryNow: () => holder.connection?.retryNow() }, undefined, keeper);
    return { store, commands, holder, keeper };
  });

  useEffect(() => {
    const connection = new TableConnection({
      url: wsUrl(WS_PLAYER_PATH),
      token: session.token,
      store: live.store,
      openSocket: openBrowserSocket,
      checkSession,
      onSessionInvalid,
    });
    live.holder.connection = connection;
    connection.start();
    live.keeper.start();
    // A phone coming back online or to the foreground should not sit out the backoff
    // (but a link the server closed for good stays closed).
    const wake = (): void => {
      const waiting = live.store.getState().connection.state === 'reconnecting';
      if (waiting && document.visibilityState === 'visible') connection.retryNow();
    };
    window.addEventListener('online', wake);
    document.addEventListener('visibilitychange', wake);
    return () => {
      window.removeEventListener('online', wake);
      document.removeEventListener('visibilitychange', wake);
      live.keeper.stop();
      connection.stop();
      if (live.holder.connection === connection) live.holder.connection = null;
    };
  }, [live, session.token, onSessionInvalid]);

  return { store: live.store, commands: live.commands, session };
}
