// The current round at a glance (number, phase, countdown, fairness
// commitment, outcome) above the dealer's action buttons; a blackjack hand
// in play shows its seats, hands and whose decision it is; a pf2 table its
// freeze, reveal window and withheld counts.
import type { OperatorTable } from '../../shared/api.ts';
import { BlackjackPlayView } from './BlackjackPlayView.tsx';
import { Countdown } from './Countdown.tsx';
import { PhaseBadge } from './PhaseBadge.tsx';
import { Pf2RoundFacts } from './Pf2RoundFacts.tsx';
import { OutcomeView, outcomeAttributes } from './OutcomeView.tsx';
import { RoundActions } from './RoundActions.tsx';
import { tablePhase } from './roundActions.ts';

function shortHash(hash: string): string {
  return hash.length > 16 ? `${hash.slice(0, 16)}…` : hash;
}

export function RoundPanel({ table }: { table: OperatorTable }) {
  const round = table.round;
  const phase = tablePhase(table);
  // Between rounds the table's own commitment is the one the next round will use.
  const commitment = round?.commitment ?? table.commitment;
  return (
    <section className="panel round-panel">
      <h3>Round</h3>
      <dl className="facts">
        <dt>Round</dt>
        <dd data-testid="round-number" data-round={round?.round ?? 0}>
          {round ? `#${round.round}` : '—'}
        </dd>
        <dt>Phase</dt>
        <dd data-testid="round-phase" data-phase={phase}>
          <PhaseBadge phase={phase} />
          {round?.closesAt != null && phase === 'betting' && <Countdown closesAt={round.closesAt} lastCall={round.lastCall} />}
        </dd>
        {phase === 'playing' && round?.blackjack && (
          <>
            <dt>Hand</dt>
            <dd className="bj-play-cell">
              <BlackjackPlayView play={round.blackjack} />
            </dd>
          </>
        )}
        <dt>Outcome</dt>
        <dd>
          {round?.outcome ? (
            <span data-testid="round-outcome" {...outcomeAttributes(round.outcome)}>
              <OutcomeView outcome={round.outcome} large />
            </span>
          ) : (
            <span className="muted">—</span>
          )}
        </dd>
        <dt>Commitment</dt>
        <dd className="mono" title={commitment}>
          {shortHash(commitment)} <span className="muted">chain #{round?.chainIndex ?? '—'}</span>
        </dd>
        {round?.serverSeed && (
          <>
            <dt>Server seed</dt>
            <dd className="mono" title={round.serverSeed}>
              {shortHash(round.serverSeed)}
            </dd>
          </>
        )}
        {table.fairness === 'pf2' && <Pf2RoundFacts table={table} />}
        <dt>Seeds</dt>
        <dd>{round ? `${round.clientSeeds.length} client seeds` : '—'}</dd>
      </dl>
      <RoundActions table={table} />
    </section>
  );
}
