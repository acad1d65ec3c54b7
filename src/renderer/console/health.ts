// Live health, polled once a second while the page is visible. One query
// shared by the header's latency alert (mounted in every view) and the
// health view, so opening the charts costs no extra request.
import { useSyncExternalStore } from 'react';
import { useQuery } from '@tanstack/react-query';
import { latencyAlertMs, type HealthResponse, type HealthSample } from '../../shared/api.ts';
import { api, queryKeys } from './api.ts';

export const HEALTH_POLL_MS = 1_000;

function subscribeVisibility(listener: () => void): () => void {
  document.addEventListener('visibilitychange', listener);
  return () => document.removeEventListener('visibilitychange', listener);
}

/** False while the tab is in the background or the window minimized. */
export function useDocumentVisible(): boolean {
  return useSyncExternalStore(subscribeVisibility, () => document.visibilityState !== 'hidden');
}

export function useHealth() {
  const visible = useDocumentVisible();
  return useQuery({
    queryKey: queryKeys.health,
    queryFn: api.health,
    // Nobody reads the charts of a hidden page. The desktop shell watches
    // latency itself while the window is hidden (src/main/desktop/alerts.ts).
    refetchInterval: visible ? HEALTH_POLL_MS : false,
    refetchIntervalInBackground: false,
    // Always stale, so coming back to the page refetches at once.
    staleTime: 0,
  });
}

export type LatencyAlertState = {
  alerting: boolean;
  /** What the banner (and the desktop notification) says; null when all is well. */
  message: string | null;
  latestP99Ms: number | null;
  /** Connected players whose own round trip is above the threshold right now. */
  slowPlayers: number;
};

/** The alert is on when the server raises one, or when the latest p99 is above the threshold. */
export function latencyAlertOf(health: HealthResponse | undefined): LatencyAlertState {
  const latest: HealthSample | undefined = health?.samples.at(-1);
  const latestP99Ms = latest?.latencyP99Ms ?? null;
  const slowPlayers = health?.players.filter((player) => player.latencyMs !== null && player.latencyMs > latencyAlertMs).length ?? 0;
  const overThreshold = latestP99Ms !== null && latestP99Ms > latencyAlertMs;
  const serverAlert = health?.alert ?? null;
  if (serverAlert === null && !overThreshold) return { alerting: false, message: null, latestP99Ms, slowPlayers };
  const message = serverAlert ?? `p99 latency is ${Math.round(latestP99Ms ?? 0)} ms (alert above ${latencyAlertMs} ms)`;
  return { alerting: true, message, latestP99Ms, slowPlayers };
}

/** An axis from 0 to a round top, with at most five steps of 1, 2, 2.5 or 5 × 10ⁿ (never below 1). */
export function niceAxis(max: number): { top: number; ticks: number[] } {
  const value = Math.max(1, max);
  let step = 1;
  for (let magnitude = 1; ; magnitude *= 10) {
    const found = [1, 2, 2.5, 5].map((factor) => factor * magnitude).find((candidate) => Math.ceil(value / candidate) <= 5);
    if (found !== undefined) {
      step = found;
      break;
    }
  }
  const count = Math.ceil(value / step);
  return { top: count * step, ticks: Array.from({ length: count + 1 }, (_, index) => index * step) };
}

/** "14:02:07", local time: the x axis of every health chart. */
export function clockTime(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** Latencies and rates are shown whole; below 10 one decimal still says something. */
export function formatMetric(value: number | null, unit = ''): string {
  if (value === null) return '—';
  const text = Math.abs(value) < 10 && !Number.isInteger(value) ? value.toFixed(1) : Math.round(value).toLocaleString('en-US');
  return unit ? `${text} ${unit}` : text;
}
