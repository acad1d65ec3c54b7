// The audit view's state: the signing key, the jobs this console started
// (their ids kept for the browser session, so a reload or a switch to the
// tables view does not lose a long export; the server has no list of jobs
// and forgets them when it restarts), and the polling behind each job's
// progress bar.
import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { AuditJob } from '../../shared/audit-api.ts';
import { api, queryKeys } from './api.ts';
import { createStore } from './store.ts';

const STORAGE_KEY = 'pitboss.audit-jobs';
const KEPT_JOBS = 12;
/** Fast enough for a bar that moves smoothly, slow enough to cost nothing. */
const PROGRESS_POLL_MS = 400;

function readStored(): string[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string').slice(0, KEPT_JOBS) : [];
  } catch {
    return [];
  }
}

const jobIds = createStore<readonly string[]>(readStored());
export const useAuditJobIds = jobIds.use;

function save(ids: readonly string[]): void {
  jobIds.set(ids);
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(ids));
  } catch {
    // Storage full or disabled: the list still lives until the page reloads.
  }
}

/** The installation's signing key. It changes only when someone replaces the key file and restarts the server. */
export function useAuditKey() {
  return useQuery({ queryKey: queryKeys.auditKey, queryFn: api.auditKey, staleTime: Infinity });
}

/** Shows a job the server just started (newest first) without waiting for the first poll. */
export function trackAuditJob(queryClient: QueryClient, job: AuditJob): void {
  queryClient.setQueryData(queryKeys.auditJob(job.id), { job });
  save([job.id, ...jobIds.get().filter((id) => id !== job.id)].slice(0, KEPT_JOBS));
}

export function forgetAuditJob(jobId: string): void {
  save(jobIds.get().filter((id) => id !== jobId));
}

/** Polls a job while it runs; a finished job never changes, so it is never fetched again. */
export function useAuditJob(jobId: string) {
  return useQuery({
    queryKey: queryKeys.auditJob(jobId),
    queryFn: () => api.auditJob(jobId),
    refetchInterval: (query) => (query.state.data?.job.state === 'running' ? PROGRESS_POLL_MS : false),
    staleTime: (query) => (query.state.data && query.state.data.job.state !== 'running' ? Infinity : 0),
  });
}

/** 0–100 for the progress bar; null while the total is not known yet. */
export function jobPercent(job: AuditJob): number | null {
  if (job.state === 'done') return 100;
  if (job.total === null) return null;
  if (job.total === 0) return job.state === 'running' ? 0 : 100;
  return Math.min(100, Math.floor((100 * job.records) / job.total));
}
