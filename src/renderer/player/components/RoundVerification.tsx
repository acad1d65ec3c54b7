// The verdict on one round: every pf1 check with ✓ or ✗ and why.
import type { VerifyOutcome } from '../net/verify-round-from-server.ts';

export type Verification = { round: number } & ({ status: 'loading' } | VerifyOutcome);

export function RoundVerification({ verification }: { verification: Verification }) {
  if (verification.status === 'loading') {
    return (
      <div className="verify-result" role="status">
        Checking round {verification.round}…
      </div>
    );
  }
  if (verification.status === 'failed') {
    return (
      <div className="verify-result is-bad" data-testid="verify-result" data-ok="false" data-round={verification.round} role="alert">
        Round {verification.round}: {verification.message}
      </div>
    );
  }
  const { proof, result } = verification;
  return (
    <div
      className={`verify-result ${result.ok ? 'is-good' : 'is-bad'}`}
      data-testid="verify-result"
      data-ok={result.ok ? 'true' : 'false'}
      data-round={verification.round}
    >
      <strong>
        Round {verification.round}: {result.ok ? '✓ verified' : '✗ does not verify'}
      </strong>
      <ul>
        {result.checks.map((check) => (
          <li key={check.name} className={check.ok ? 'check-ok' : 'check-bad'}>
            <span aria-hidden="true">{check.ok ? '✓' : '✗'}</span> <b>{check.name}</b>: {check.detail}
          </li>
        ))}
      </ul>
      <dl className="facts">
        <dt>Server seed</dt>
        <dd className="hash">{proof.serverSeed ?? '—'}</dd>
        <dt>Client string</dt>
        <dd className="hash">{proof.clientString === '' ? '(no bets)' : (proof.clientString ?? '—')}</dd>
        <dt>Chain index</dt>
        <dd>{proof.chainIndex}</dd>
      </dl>
    </div>
  );
}
