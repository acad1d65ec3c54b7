// The table of past rounds, newest first, as the server returns them.
import type { RoundSummary } from '../../shared/api.ts';
import { formatMinor } from '../../shared/money.ts';
import { PhaseBadge } from './PhaseBadge.tsx';
import { OutcomeView } from './OutcomeView.tsx';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function RoundHistoryTable({ rounds }: { rounds: RoundSummary[] }) {
  return (
    <div className="scroll">
      <table className="grid compact">
        <thead>
          <tr>
            <th className="num">Round</th>
            <th>Phase</th>
            <th>Outcome</th>
            <th className="num">Bets</th>
            <th className="num">Stake</th>
            <th className="num">Payout</th>
            <th className="num">House win</th>
            <th>Opened</th>
            <th>Settled / void reason</th>
          </tr>
        </thead>
        <tbody>
          {rounds.map((round) => (
            <tr key={round.round} data-testid="history-row" data-round={round.round}>
              <td className="num">#{round.round}</td>
              <td>
                <PhaseBadge phase={round.phase} />
              </td>
              <td>{round.outcome ? <OutcomeView outcome={round.outcome} /> : <span className="muted">—</span>}</td>
              <td className="num">{round.betCount}</td>
              <td className="num">{formatMinor(round.stakeMinor)}</td>
              <td className="num">{formatMinor(round.payoutMinor)}</td>
              <td className={round.houseWinMinor < 0 ? 'num bad' : 'num'}>{formatMinor(round.houseWinMinor)}</td>
              <td>{timeFormat.format(round.openedAt)}</td>
              <td>
                {round.voidReason ?? (round.settledAt === null ? <span className="muted">—</span> : timeFormat.format(round.settledAt))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
