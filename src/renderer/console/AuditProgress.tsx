// A job's progress bar: records done of the total the server counted first
// (an indeterminate stripe until it knows), and for exports the bytes written.
import type { AuditJob } from '../../shared/audit-api.ts';
import { jobPercent } from './audit.ts';

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

export function AuditProgress({ job }: { job: AuditJob }) {
  const percent = jobPercent(job);
  const count = job.total === null ? job.records.toLocaleString('en-US') : `${job.records.toLocaleString('en-US')} / ${job.total.toLocaleString('en-US')}`;
  const label = `${count} rounds${job.kind === 'export' ? ` · ${megabytes(job.bytes)}` : ''}`;
  return (
    <div className="progress-row">
      <div
        className={`progress progress-${job.state}`}
        data-testid="audit-progress"
        data-percent={percent ?? 0}
        data-state={job.state}
        role="progressbar"
        aria-label={job.kind === 'export' ? 'Export progress' : 'Verification progress'}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={percent === null ? 'counting rounds' : `${percent}%`}
      >
        <div className={percent === null ? 'progress-fill indeterminate' : 'progress-fill'} style={{ width: `${percent ?? 100}%` }} />
      </div>
      <span className="progress-text">
        {percent === null ? '…' : `${percent}%`} <span className="muted">{label}</span>
      </span>
    </div>
  );
}
