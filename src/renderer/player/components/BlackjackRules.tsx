// The house rules of the blackjack table, as the shared rules module words
// them for the table's fairness scheme, and the return to player of each
// kind of bet.
import { blackjackRtpByKind, blackjackRulesFor } from '../../../shared/games/blackjack.ts';
import { usePlayerState } from '../hooks/player-context.ts';

const KIND_NAME: Record<string, string> = { main: 'Seat (main bet)', behind: 'Bet behind', insurance: 'Insurance' };

/** 0.99540 -> "99.54%". */
function percent(rtp: number): string {
  return `${(Math.round(rtp * 10_000) / 100).toFixed(2)}%`;
}

export function BlackjackRules() {
  const { table } = usePlayerState();
  // The table states its own RTP; the shared figures stand in until it has.
  const rtp = table !== null && Object.keys(table.rtp).length > 0 ? table.rtp : blackjackRtpByKind;
  return (
    <section className="panel bj-rules" data-testid="blackjack-rules">
      <h2>Rules</h2>
      <ol className="rules-list">
        {blackjackRulesFor(table?.fairness ?? 'pf1').map((rule) => (
          <li key={rule}>{rule}</li>
        ))}
      </ol>
      <h3>Return to player</h3>
      <dl className="facts">
        {Object.entries(rtp).map(([kind, value]) => (
          <div key={kind} className="rtp-row">
            <dt>{KIND_NAME[kind] ?? kind}</dt>
            <dd>{percent(value)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
