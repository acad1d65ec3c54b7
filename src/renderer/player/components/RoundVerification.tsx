// The verdict on one round: every check with ✓ or ✗ and why, and for a pf2
// round its freeze and reveal set, and whether I am listed as withheld. A
// voided round has no outcome to verify: it says so instead of failing.
import type { RoundProof } from '../../../shared/api.ts';
import { usePlayerState } from '../hooks/player-context.ts';
import type { VerifyOutcome } from '../net/verify-round-from-server.ts';
import { shortHash } from '../state/pf2-selectors.ts';

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
  if (proof.phase === 'voided') {
    return (
      <div className="verify-result" data-testid="verify-result" data-ok="voided" data-round={verification.round} role="status">
        Round {verification.round} was voided: every stake was refunded and there is no outcome to verify.
      </div>
    );
  }
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
      {proof.pf2 !== undefined && <Pf2ProofFacts pf2={proof.pf2} />}
    </div>
  );
}

function Pf2ProofFacts({ pf2 }: { pf2: NonNullable<RoundProof['pf2']> }) {
  const reference = usePlayerState().pf2.reference;
  const withheld = reference !== null && (pf2.withheld ?? []).includes(reference);
  return (
    <dl className="facts" data-testid="verify-pf2" data-withheld={withheld ? 'true' : 'false'}>
      <dt>Freeze</dt>
      <dd className="hash" title={pf2.freeze ?? ''}>
        {shortHash(pf2.freeze)} ({pf2.frozenLines.length} frozen lines)
      </dd>
      <dt>Reveals</dt>
      <dd>
        {pf2.secrets === null ? 'window not closed' : `${pf2.secrets.length} revealed, ${pf2.withheld?.length ?? 0} withheld`}
      </dd>
      {withheld && (
        <>
          <dt>You</dt>
          <dd>listed as withheld: your secret did not count in this round</dd>
        </>
      )}
    </dl>
  );
}
