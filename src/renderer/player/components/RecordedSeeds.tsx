// The client seeds recorded for the live round, announced as each player's
// first bet lands, so a dropped contribution would be visible to all.
import { usePlayerState } from '../hooks/player-context.ts';
import { playerName } from '../state/selectors.ts';

export function RecordedSeeds() {
  const state = usePlayerState();
  const round = state.round;
  if (round === null) return null;
  return (
    <div className="recorded-seeds">
      <h3>Seeds recorded for round {round.round}</h3>
      {round.clientSeeds.length === 0 ? (
        <p className="muted">None yet: a seed is recorded with a player's first bet.</p>
      ) : (
        <ul data-testid="recorded-seeds">
          {round.clientSeeds.map((seed) => (
            <li key={seed.playerId}>
              <span>{playerName(state, seed.playerId)}</span> <code>{seed.clientSeed}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
