// The audit: the installation's signing key, exports of a table's rounds
// (signed, with a progress bar while they stream), and verification of an
// export, with the report an auditor reads. Jobs run on the server; this
// view starts them and polls them.
import type { OperatorTable } from '../../shared/api.ts';
import { AuditExportForm } from './AuditExportForm.tsx';
import { AuditFingerprint } from './AuditFingerprint.tsx';
import { AuditJobCard } from './AuditJobCard.tsx';
import { useAuditJobIds, useAuditKey } from './audit.ts';
import { AuditVerifyForm } from './AuditVerifyForm.tsx';

type Props = { tables: OperatorTable[]; defaultTableId: string | null };

export function AuditView({ tables, defaultTableId }: Props) {
  const jobIds = useAuditJobIds();
  // The same query as AuditFingerprint's: pinning a verification to the key costs no request.
  const key = useAuditKey();
  const fingerprint = key.data?.fingerprint ?? null;

  return (
    <div className="audit-view" data-testid="audit-view">
      <div className="table-title">
        <h2>Audit</h2>
        <span className="muted">Signed exports of every finished round, and their verification</span>
      </div>
      <div className="audit-grid">
        <div className="audit-side">
          <AuditFingerprint />
          <AuditExportForm tables={tables} defaultTableId={defaultTableId} />
          <AuditVerifyForm fingerprint={fingerprint} />
        </div>
        <div className="audit-jobs">
          {jobIds.length === 0 && <p className="muted panel">No exports or verifications yet in this console session.</p>}
          {jobIds.map((jobId) => (
            <AuditJobCard key={jobId} jobId={jobId} tables={tables} fingerprint={fingerprint} />
          ))}
        </div>
      </div>
    </div>
  );
}
