// The invite code from the page's fragment, kept current if the player pastes
// another link into the same tab.
import { useSyncExternalStore } from 'react';
import { inviteFromHash } from '../net/invite.ts';

const subscribe = (onChange: () => void): (() => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

export function useInvite(): string | null {
  return useSyncExternalStore(subscribe, () => inviteFromHash(window.location.hash));
}
