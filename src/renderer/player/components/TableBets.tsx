// Who bet what in the live round, everyone's confirmed bets, me first.
import { formatMinor } from '../../../shared/money.ts';
import { usePlayerState } from '../hooks/player-context.ts';
import { spotName } from '../../../shared/games/spot-names.ts';
import { betsByPlayer } from '../state/selectors.ts';

export function TableBets() {
  const state = usePlayerState();
  const groups = betsByPlayer(state);
  const shown = state.bets.length;
  // A busy table only sends the newest bets; say so rather than show a partial list as whole.
  const unseen = Math.max(0, state.betCount - shown);
  return (
    <section className="panel">
      <h2>
        Bets this round <span className="muted">· {state.playerCount} at the table</span>
      </h2>
      <ul className="table-bets" data-testid="table-bets">
        {groups.length === 0 && <li className="muted">No bets yet</li>}
        {groups.map((group) => (
          <li key={group.playerId} className={group.isMe ? 'is-me' : undefined} data-player-id={group.playerId}>
            <div className="bettor">
              <span className="bettor-name">{group.isMe ? `${group.name} (you)` : group.name}</span>
              <span className="bettor-total">{formatMinor(group.totalMinor)}</span>
            </div>
            <div className="bettor-spots">
              {group.bets.map((bet) => (
                <span key={bet.spot} className="bet-tag" data-spot-name={bet.spot}>
                  {spotName(bet.spot, state.table?.game)} · {formatMinor(bet.amountMinor)}
                </span>
              ))}
            </div>
          </li>
        ))}
      </ul>
      {unseen > 0 && (
        <p className="muted table-bets-more">
          …and {unseen} more bet{unseen === 1 ? '' : 's'} ({state.betCount} in all)
        </p>
      )}
    </section>
  );
}
