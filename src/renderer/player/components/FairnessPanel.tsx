// Provably fair, in the page: the chain commitment and this round's chain
// index (published before betting closes), my client seed, the seeds
// recorded this round, and past rounds with their revealed seeds and a
// Verify button that re-checks the round here, trusting nothing.
import { usePlayerState } from '../hooks/player-context.ts';
import { ClientSeedForm } from './ClientSeedForm.tsx';
import { PastRounds } from './PastRounds.tsx';
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
      <ClientSeedForm />
      <RecordedSeeds />
      <PastRounds />
    </section>
  );
}
