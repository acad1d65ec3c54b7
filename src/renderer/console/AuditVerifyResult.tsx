// A finished verification, the way `npm run verify` prints it: OK or
// FAILED, what was counted, every check, and first of all the first failing
// record and field, which is where an auditor starts looking.
import type { VerifyReport } from '../../shared/audit-api.ts';
import { groupFingerprint } from '../../shared/audit/fingerprint.ts';
import { failurePlace } from '../../shared/audit/verify-report.ts';
import { formatMinor } from '../../shared/money.ts';

const SHOWN_FAILURES = 10;

type Props = { report: VerifyReport; currentFingerprint: string | null };

export function AuditVerifyResult({ report, currentFingerprint }: Props) {
  const [first, ...more] = report.failures;
  const seconds = report.durationMs / 1000;
  const { counts, totals } = report;
  const sameKey = report.fingerprint !== null && report.fingerprint === currentFingerprint;
  return (
    <div className={`verify-result ${report.ok ? 'ok' : 'failed'}`} data-testid="audit-verify-result" data-ok={String(report.ok)}>
      <p className="verify-verdict">
        <strong className={report.ok ? 'good' : 'bad'}>{report.ok ? 'OK' : 'FAILED'}</strong>{' '}
        {report.ok
          ? `${report.records.toLocaleString('en-US')} rounds verified in ${seconds.toFixed(2)} s`
          : `${report.failureCount.toLocaleString('en-US')} problem${report.failureCount === 1 ? '' : 's'} in ${report.records.toLocaleString('en-US')} records`}
      </p>

      {first && (
        <div className="first-failure" data-testid="audit-first-failure" data-field={first.field} data-round={first.round ?? ''} data-line={first.line ?? ''}>
          <div className="muted">First failure</div>
          <div>
            <strong>{failurePlace(first)}</strong>
          </div>
          <div>
            field <code>{first.field}</code>: {first.message} <span className="muted">[{first.check}]</span>
          </div>
        </div>
      )}

      <dl className="facts">
        <dt>Signed by</dt>
        <dd className="mono">
          {report.fingerprint ? groupFingerprint(report.fingerprint) : 'no usable key'}{' '}
          {report.fingerprintPinned ? (
            <span className="muted">(pinned)</span>
          ) : sameKey ? (
            <span className="good">this installation's key</span>
          ) : (
            <span className="warn">not this installation's current key</span>
          )}
        </dd>
        <dt>Rounds</dt>
        <dd>
          {counts.records.toLocaleString('en-US')} · {counts.settledRounds} settled · {counts.voidedRounds} voided
        </dd>
        <dt>Bets</dt>
        <dd>
          {counts.bets.toLocaleString('en-US')} · {counts.settledBets} settled · {counts.cancelledBets} cancelled · {counts.refundedBets} refunded
        </dd>
        <dt>Transfers</dt>
        <dd>{counts.transfers.toLocaleString('en-US')}</dd>
        <dt>Stakes / paid</dt>
        <dd>
          {formatMinor(totals.stakeMinor)} / {formatMinor(totals.payoutMinor)} · house win{' '}
          <span className={totals.houseWinMinor < 0 ? 'bad' : 'good'}>{formatMinor(totals.houseWinMinor)}</span>
        </dd>
        <dt>Folder</dt>
        <dd className="mono">{report.dir}</dd>
      </dl>

      <table className="grid compact">
        <tbody>
          {report.checks.map((check) => (
            <tr key={check.check} data-testid="audit-check" data-check={check.check} data-ok={String(check.ok)}>
              <td>{check.check}</td>
              <td className={check.ok ? 'good' : 'bad'}>{check.ok ? 'OK' : 'FAILED'}</td>
              <td className="muted">{check.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {more.length > 0 && (
        <ul className="more-failures">
          {more.slice(0, SHOWN_FAILURES - 1).map((failure, index) => (
            <li key={index}>
              {failurePlace(failure)}, field <code>{failure.field}</code>: {failure.message} <span className="muted">[{failure.check}]</span>
            </li>
          ))}
          {report.failureCount > SHOWN_FAILURES && <li className="muted">… and {report.failureCount - SHOWN_FAILURES} more</li>}
        </ul>
      )}
    </div>
  );
}
