// One export or verification this console started: its progress while it
// runs, then the export's files (and a one-click verification of them) or
// the verification's report.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { OperatorTable } from '../../shared/api.ts';
import { api, ApiRequestError } from './api.ts';
import { AuditExportFiles } from './AuditExportFiles.tsx';
import { forgetAuditJob, trackAuditJob, useAuditJob } from './audit.ts';
import { AuditProgress } from './AuditProgress.tsx';
import { AuditVerifyResult } from './AuditVerifyResult.tsx';
import { ErrorText } from './ErrorText.tsx';

type Props = { jobId: string; tables: OperatorTable[]; fingerprint: string | null };

const STATE_TEXT = { running: 'running', done: 'done', failed: 'failed' } as const;

export function AuditJobCard({ jobId, tables, fingerprint }: Props) {
  const queryClient = useQueryClient();
  const query = useAuditJob(jobId);
  const verify = useMutation({
    mutationFn: api.startVerify,
    onSuccess: ({ job }) => trackAuditJob(queryClient, job),
  });
  const job = query.data?.job;
  const gone = query.error instanceof ApiRequestError && query.error.status === 404;

  if (!job) {
    return (
      <section className="panel audit-job" data-testid="audit-job" data-job-id={jobId}>
        <div className="row">
          <span className="muted mono">{jobId}</span>
          <span className="spacer" />
          <button type="button" onClick={() => forgetAuditJob(jobId)}>
            Dismiss
          </button>
        </div>
        {gone ? <p className="muted">The server no longer knows this job (it keeps jobs until it restarts).</p> : <ErrorText error={query.error} />}
        {query.isPending && <p className="muted">Loading…</p>}
      </section>
    );
  }

  const tableName = job.tableId === null ? null : (tables.find((table) => table.id === job.tableId)?.name ?? job.tableId);
  return (
    <section className="panel audit-job" data-testid="audit-job" data-job-id={job.id} data-kind={job.kind} data-state={job.state}>
      <div className="row">
        <strong>{job.kind === 'export' ? `Export${tableName ? ` of ${tableName}` : ''}` : 'Verification'}</strong>
        <span className={`badge job-${job.state}`}>{STATE_TEXT[job.state]}</span>
        <span className="muted">started {new Date(job.startedAt).toLocaleTimeString()}</span>
        <span className="spacer" />
        <button type="button" onClick={() => forgetAuditJob(job.id)} disabled={job.state === 'running'} title="Remove from this list">
          Dismiss
        </button>
      </div>
      <div className="mono muted audit-dir" title="Folder on the server machine">
        {job.dir}
      </div>
      <AuditProgress job={job} />
      {job.state === 'failed' && <ErrorText error={job.error ?? `${job.kind} failed`} />}
      {job.kind === 'export' && job.state === 'done' && (
        <>
          <AuditExportFiles job={job} />
          <div className="row">
            <button
              type="button"
              data-testid="audit-verify-export"
              disabled={verify.isPending}
              onClick={() => verify.mutate({ dir: job.dir, ...(fingerprint ? { fingerprint } : {}) })}
            >
              {verify.isPending ? 'Starting…' : 'Verify this export'}
            </button>
            <ErrorText error={verify.error} />
          </div>
        </>
      )}
      {job.kind === 'verify' && job.report && <AuditVerifyResult report={job.report} currentFingerprint={fingerprint} />}
    </section>
  );
}
