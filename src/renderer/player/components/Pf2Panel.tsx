// pf2 in the page (docs/PF2.md): for the round in view, the signed freeze's
// digest, my commitment, my secret once revealed, where the reveal stands,
// what the public proof said afterwards, every alarm, and a download of the
// signed statements and receipts for an auditor. Text first: each state is
// said in words, the ✓ and ✗ only repeat them.
import { usePlayerSession, usePlayerState } from '../hooks/player-context.ts';
import { downloadJson, pf2Evidence } from '../lib/pf2-evidence.ts';
import { Pf2Vault } from '../lib/pf2-vault.ts';
import { decisionNotes, owedStatementCount, verifiedDecisionCount } from '../state/pf2-decisions.ts';
import { REVEAL_STATUS_TEXT, pf2RoundShown, revealStatus, shortHash } from '../state/pf2-selectors.ts';

function storedReceipts(tableId: string) {
  try {
    return new Pf2Vault(tableId, window.localStorage).receipts();
  } catch {
    return [];
  }
}

export function Pf2Panel() {
  const state = usePlayerState();
  const { session } = usePlayerSession();
  const entry = pf2RoundShown(state);
  const phase = entry === null ? null : (state.rounds.find((record) => record.round === entry.round)?.phase ?? null);
  const status = entry === null ? null : revealStatus(entry, phase);
  const alarms = [
    ...(state.pf2.keyAlarm === null ? [] : [{ round: null, alarm: state.pf2.keyAlarm }]),
    ...state.pf2.rounds.flatMap((round) => round.alarms.map((alarm) => ({ round: round.round, alarm }))),
  ];
  const hasEvidence = state.pf2.rounds.some((round) => round.freeze !== null || round.receipt !== null);

  const download = (): void => {
    const evidence = pf2Evidence(session.tableId, state.pf2, storedReceipts(session.tableId), new Date());
    downloadJson(`pitboss-pf2-${session.tableId}.json`, evidence);
  };

  return (
    <div className="pf2-panel" data-testid="pf2-panel">
      <h3>pf2: freeze, then reveal</h3>
      <p className="muted">
        Your page draws a secret for each round and sends only a commitment to it with your bets. When betting closes the
        table signs the frozen bets; your page checks that yours are there, untouched, and only then reveals the secret.
        The result is drawn from everyone’s secrets, so nobody could know it before the freeze.
      </p>
      {alarms.length > 0 && (
        <div className="pf2-alarms" role="alert" data-testid="pf2-alarm">
          <strong>Fairness alarm</strong>
          <ul>
            {alarms.map(({ round, alarm }) => (
              <li key={`${round}:${alarm}`}>{round === null ? `Table: ${alarm}` : `Round ${round}: ${alarm}`}</li>
            ))}
          </ul>
          <p>Download the signed statements below and hand them to the table’s auditor.</p>
        </div>
      )}
      {entry === null || status === null ? (
        <p className="muted">Place a bet to take part: your commitment shows here.</p>
      ) : (
        <div className="pf2-round" data-testid="pf2-round" data-round={entry.round} data-status={status}>
          <p className={`pf2-status is-${status}`} data-testid="pf2-status" role="status">
            Round {entry.round}: {REVEAL_STATUS_TEXT[status]}
          </p>
          <dl className="facts">
            <dt>Freeze</dt>
            <dd className="hash" data-testid="pf2-freeze" title={String(entry.freeze?.freeze ?? '')}>
              {entry.freeze === null ? 'not yet (betting open)' : shortHash(entry.freeze.freeze)}
            </dd>
            <dt>Your commitment</dt>
            <dd className="hash" data-testid="pf2-commitment" title={entry.commitment ?? ''}>
              {shortHash(entry.commitment)}
            </dd>
            <dt>Your secret</dt>
            <dd className="hash" data-testid="pf2-secret">
              {entry.revealSent && entry.secret !== null ? entry.secret : 'kept on this device until the freeze checks pass'}
            </dd>
            {entry.check !== null && (
              <>
                <dt>Freeze checks</dt>
                <dd data-testid="pf2-check" data-ok={entry.check.ok ? 'true' : 'false'}>
                  {entry.check.ok ? '✓ your commitment and every bet are frozen as made' : `✗ ${entry.check.problems.length} problem(s)`}
                </dd>
              </>
            )}
            {entry.revealed !== null && (
              <>
                <dt>Reveal set</dt>
                <dd data-testid="pf2-revealed">
                  {String(entry.revealed.revealed)} revealed, {String(entry.revealed.withheld)} withheld
                </dd>
              </>
            )}
            {entry.decisions.length > 0 && (
              <>
                <dt>Your decisions</dt>
                <dd data-testid="pf2-decisions" data-verified={verifiedDecisionCount(entry)} data-owed={owedStatementCount(entry)}>
                  {verifiedDecisionCount(entry)} of {owedStatementCount(entry)} acknowledged with a signed statement
                  {decisionNotes(entry).map((note) => (
                    <span key={note} className="pf2-note">
                      {' '}
                      {note}
                    </span>
                  ))}
                </dd>
              </>
            )}
            {entry.audit !== null && (
              <>
                <dt>Public proof</dt>
                <dd data-testid="pf2-audit" data-status={entry.audit.status} data-ok={entry.audit.alarms.length === 0 ? 'true' : 'false'}>
                  {entry.audit.alarms.length === 0 ? '✓ agrees with what this page holds' : '✗ disagrees with what this page holds'}
                  {entry.audit.notes.map((note) => (
                    <span key={note} className="pf2-note">
                      {' '}
                      {note}
                    </span>
                  ))}
                </dd>
              </>
            )}
          </dl>
        </div>
      )}
      <button type="button" className="secondary small" data-testid="pf2-download" disabled={!hasEvidence} onClick={download}>
        Download statements and receipts (JSON)
      </button>
    </div>
  );
}
