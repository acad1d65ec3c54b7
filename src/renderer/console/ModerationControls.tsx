// Kick, mute / unmute and revoke for one player. A kick keeps the player out
// for the cool-down picked beside it; revoke ends the session for good and
// keeps that browser (and, for a day, that address) from joining the table
// again, so it asks for a second click.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { defaultKickCooldownMs, type ModerationRequest, type OperatorPlayer } from '../../shared/api.ts';
import { api, queryKeys } from './api.ts';
import { ErrorText } from './ErrorText.tsx';

const minuteMs = 60_000;
/** The cool-downs a dealer picks from; the API takes anything from 0 to 24 hours. */
const kickCooldowns: readonly { label: string; ms: number }[] = [
  { label: 'just disconnect', ms: 0 },
  { label: 'for 1 minute', ms: minuteMs },
  { label: 'for 10 minutes', ms: 10 * minuteMs },
  { label: 'for 1 hour', ms: 60 * minuteMs },
  { label: 'for 24 hours', ms: 24 * 60 * minuteMs },
];

export function ModerationControls({ player }: { player: OperatorPlayer }) {
  const queryClient = useQueryClient();
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const [kickCooldownMs, setKickCooldownMs] = useState(defaultKickCooldownMs);
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
      <button type="button" data-testid="moderation-kick" disabled={busy} onClick={() => moderate.mutate({ action: 'kick', kickCooldownMs })}>
        Kick
      </button>
      <select
        data-testid="moderation-kick-cooldown"
        aria-label="How long a kick keeps the player out"
        value={kickCooldownMs}
        disabled={busy}
        onChange={(event) => setKickCooldownMs(Number(event.target.value))}
      >
        {kickCooldowns.map((option) => (
          <option key={option.ms} value={option.ms}>
            {option.label}
          </option>
        ))}
      </select>
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
