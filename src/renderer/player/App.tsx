// The player page: without an invite it explains itself; with one it either
// joins (name form) or goes straight to the table with the stored session.
import { useCallback, useState } from 'react';
import type { JoinResponse } from '../../shared/api.ts';
import { JoinForm } from './components/JoinForm.tsx';
import { NoInvite } from './components/NoInvite.tsx';
import { TableScreen } from './components/TableScreen.tsx';
import { useInvite } from './hooks/use-invite.ts';
import { dropSession, loadSession, saveSession } from './net/session-storage.ts';

export function App() {
  const invite = useInvite();
  if (invite === null) return <NoInvite />;
  // A new invite starts from scratch: its own stored session, its own form.
  return <InviteGate key={invite} invite={invite} />;
}

function InviteGate({ invite }: { invite: string }) {
  const [session, setSession] = useState<JoinResponse | null>(() => loadSession(invite));
  const [notice, setNotice] = useState<string | null>(null);

  const joined = useCallback(
    (fresh: JoinResponse) => {
      saveSession(invite, fresh);
      setNotice(null);
      setSession(fresh);
    },
    [invite],
  );
  // Stable, so the connection effect does not restart on every render.
  const sessionInvalid = useCallback(
    (message: string) => {
      dropSession(invite);
      setNotice(message);
      setSession(null);
    },
    [invite],
  );

  if (session === null) return <JoinForm invite={invite} notice={notice} onJoined={joined} />;
  return <TableScreen session={session} onSessionInvalid={sessionInvalid} />;
}
