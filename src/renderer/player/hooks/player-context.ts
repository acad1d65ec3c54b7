// Hands the live table session (state store, commands, session identity) to
// every component under TableScreen without threading props through.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { JoinResponse } from '../../../shared/api.ts';
import type { PlayerCommands } from '../net/player-commands.ts';
import type { PlayerState } from '../state/player-state.ts';
import type { PlayerStore } from '../state/store.ts';

export type PlayerSession = { store: PlayerStore; commands: PlayerCommands; session: JoinResponse };

export const PlayerContext = createContext<PlayerSession | null>(null);

export function usePlayerSession(): PlayerSession {
  const session = useContext(PlayerContext);
  if (session === null) throw new Error('usePlayerSession outside PlayerContext');
  return session;
}

export function usePlayerState(): PlayerState {
  const { store } = usePlayerSession();
  return useSyncExternalStore(store.subscribe, store.getState);
}

export function useCommands(): PlayerCommands {
  return usePlayerSession().commands;
}
