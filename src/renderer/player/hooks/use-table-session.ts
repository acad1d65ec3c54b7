// Owns one table session for as long as TableScreen is mounted: the state
// store, the WebSocket connection and the commands the buttons call.
import { useEffect, useState } from 'react';
import type { JoinResponse } from '../../../shared/api.ts';
import { WS_PLAYER_PATH } from '../../../shared/api.ts';
import { checkSession } from '../net/api-client.ts';
import { openBrowserSocket } from '../net/browser-socket.ts';
import { createPlayerCommands } from '../net/player-commands.ts';
import { TableConnection } from '../net/table-connection.ts';
import { wsUrl } from '../net/ws-url.ts';
import { initialPlayerState } from '../state/player-state.ts';
import { createPlayerStore } from '../state/store.ts';
import type { PlayerSession } from './player-context.ts';

export function useTableSession(session: JoinResponse, onSessionInvalid: (message: string) => void): PlayerSession {
  const [live] = useState(() => {
    const store = createPlayerStore(
      initialPlayerState({ playerId: session.playerId, name: session.name, tableId: session.tableId }),
      (notify) => window.requestAnimationFrame(notify),
    );
    // The connection is created in the effect; commands reach it through this holder.
    const holder: { connection: TableConnection | null } = { connection: null };
    const commands = createPlayerCommands(store, {
      request: (request) => {
        if (holder.connection) holder.connection.request(request);
        else store.dispatch({ type: 'request', request });
      },
      retryNow: () => holder.connection?.retryNow(),
    });
    return { store, commands, holder };
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
      connection.stop();
      if (live.holder.connection === connection) live.holder.connection = null;
    };
  }, [live, session.token, onSessionInvalid]);

  return { store: live.store, commands: live.commands, session };
}
