// Provably fair, in the page: the chain commitment and this round's chain
// index (published before betting closes), my client seed and the seeds
// recorded this round (pf1) or my commitment, reveal and alarms (pf2), and
// past rounds with their revealed seeds and a Verify button that re-checks
// the round here, trusting nothing.
import { usePlayerState } from '../hooks/player-context.ts';
import { ClientSeedForm } from './ClientSeedForm.tsx';
import { PastRounds } from './PastRounds.tsx';
import { Pf2Panel } from './Pf2Panel.tsx';
import { RecordedSeeds } from './RecordedSeeds.tsx';

export function FairnessPanel() {
  const state = usePlayerState();
  const round = state.round;
  return (
    <section className="panel fairness">
      <h2>Fairness</h2>
      <dl className="facts">
        <dt>Chain commitment</dt>
        <dd className="hash" data-testid="commitment">
          {state.commitment ?? '—'}
        </dd>
        <dt>Chain index{round ? ` (round ${round.round})` : ''}</dt>
        <dd data-testid="chain-index">{round?.chainIndex ?? '—'}</dd>
      </dl>
      {/* Client seeds do not enter a pf2 round: each bettor's round secret does. */}
      {state.table?.fairness === 'pf2' ? (
        <Pf2Panel />
      ) : (
        <>
          <ClientSeedForm />
          <RecordedSeeds />
        </>
      )}
      <PastRounds />
    </section>
  );
}
