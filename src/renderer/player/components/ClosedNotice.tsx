// Why the table let me go, when it did so on purpose (kicked, replaced,
// table closed…): no automatic reconnect then, only an explicit retry.
import { useCommands, usePlayerState } from '../hooks/player-context.ts';

export function ClosedNotice() {
  const state = usePlayerState();
  const { retryConnection } = useCommands();
  if (state.connection.state !== 'closed' && !state.tableClosed) return null;
  const reason = state.connection.state === 'closed' ? state.connection.reason : 'The table is closed.';
  return (
    <div className="closed-notice" role="alert">
      <span>{reason}</span>
      {state.connection.state === 'closed' && (
        <button type="button" className="secondary" onClick={retryConnection}>
          Try again
        </button>
      )}
    </div>
  );
}
