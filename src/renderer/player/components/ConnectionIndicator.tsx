// The link to the table at a glance: connected with its round trip, or
// reconnecting and when, or closed.
import { useNow } from '../hooks/use-now.ts';
import { usePlayerState } from '../hooks/player-context.ts';

export function ConnectionIndicator() {
  const { connection, rttMs } = usePlayerState();
  const now = useNow(500);
  let state: 'connected' | 'reconnecting' | 'closed';
  let text: string;
  switch (connection.state) {
    case 'connected':
      state = 'connected';
      text = rttMs === null ? 'Connected' : `Connected · ${Math.round(rttMs)} ms`;
      break;
    case 'connecting':
      state = 'reconnecting';
      text = 'Connecting…';
      break;
    case 'reconnecting': {
      state = 'reconnecting';
      const seconds = Math.ceil((connection.retryAt - now) / 1000);
      text = seconds > 0 ? `Reconnecting in ${seconds} s` : 'Reconnecting…';
      break;
    }
    case 'closed':
      state = 'closed';
      text = 'Disconnected';
      break;
  }
  return (
    <span className={`connection connection-${state}`} data-testid="connection" data-state={state} role="status">
      <span className="connection-light" aria-hidden="true" />
      {text}
    </span>
  );
}
