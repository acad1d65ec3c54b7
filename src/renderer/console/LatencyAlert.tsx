// The latency alert: a red banner under the header, in every view, so a
// dealer running a table sees it without opening the health charts. In the
// desktop app it also raises one system notification when it starts.
import { useEffect, useRef } from 'react';
import { latencyAlertMs } from '../../shared/api.ts';
import { latencyAlertOf, useHealth } from './health.ts';

/** A flapping p99 (199, 201, 199…) must not become a notification every second. */
const RENOTIFY_AFTER_MS = 60_000;

type Props = { onOpenHealth?: () => void };

export function LatencyAlert({ onOpenHealth }: Props) {
  const health = useHealth();
  const { alerting, message, slowPlayers } = latencyAlertOf(health.data);
  const lastNotifiedAt = useRef<number | null>(null);
  const latestMessage = useRef(message);
  useEffect(() => {
    latestMessage.current = message;
  });

  // Runs when the alert switches, not on every poll: one notification per start.
  useEffect(() => {
    if (!alerting) return;
    const bridge = window.pitbossDesktop;
    if (typeof bridge?.notify !== 'function') return;
    const now = Date.now();
    if (lastNotifiedAt.current !== null && now - lastNotifiedAt.current < RENOTIFY_AFTER_MS) return;
    lastNotifiedAt.current = now;
    bridge.notify('Pitboss: player latency is high', latestMessage.current ?? `p99 latency above ${latencyAlertMs} ms`).catch(() => {
      // The banner is still there; a refused notification is not worth a second error.
    });
  }, [alerting]);

  if (!alerting) return null;
  return (
    <div className="latency-alert" role="alert" data-testid="latency-alert">
      <strong>Latency alert</strong>
      <span>{message}</span>
      {slowPlayers > 0 && (
        <span>
          · {slowPlayers} player{slowPlayers === 1 ? '' : 's'} above {latencyAlertMs} ms
        </span>
      )}
      <span className="spacer" />
      {onOpenHealth && (
        <button type="button" onClick={onOpenHealth}>
          Open health
        </button>
      )}
    </div>
  );
}
