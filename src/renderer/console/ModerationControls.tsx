// Kick, mute / unmute and revoke for one player. Revoke ends the session for
// good, so it asks for a second click.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ModerationRequest, OperatorPlayer } from '../../shared/api.ts';
import { api, queryKeys } from './api.ts';
import { ErrorText } from './ErrorText.tsx';

export function ModerationControls({ player }: { player: OperatorPlayer }) {
  const queryClient = useQueryClient();
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const moderate = useMutation({
    mutationFn: (body: ModerationRequest) => api.moderation(player.playerId, body),
    onSettled: () => {
      setConfirmRevoke(false);
      void queryClient.invalidateQueries({ queryKey: queryKeys.players(player.tableId) });
    },
  });
  const busy = moderate.isPending || player.revoked;

  return (
    <div className="row">
      <button type="button" data-testid="moderation-kick" disabled={busy} onClick={() => moderate.mutate({ action: 'kick' })}>
        Kick
      </button>
      <button
        type="button"
        data-testid="moderation-mute"
        disabled={busy}
        onClick={() => moderate.mutate({ action: player.muted ? 'unmute' : 'mute' })}
      >
        {player.muted ? 'Unmute' : 'Mute'}
      </button>
      {confirmRevoke ? (
        <button type="button" className="danger" data-testid="moderation-revoke-confirm" disabled={busy} onClick={() => moderate.mutate({ action: 'revoke' })}>
          Confirm revoke
        </button>
      ) : (
        <button type="button" data-testid="moderation-revoke" disabled={busy} onClick={() => setConfirmRevoke(true)}>
          Revoke
        </button>
      )}
      <ErrorText error={moderate.error} />
    </div>
  );
}
