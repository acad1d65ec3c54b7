// The winning number, big and in its colour, and what the round paid me.
// The number pops in with a CSS animation, replayed for each new round.
import { pocketColor } from '../../../shared/games/roulette.ts';
import { formatMinor } from '../../../shared/money.ts';
import { usePlayerState } from '../hooks/player-context.ts';
import { lastResult, type ResultView } from '../state/selectors.ts';
import { pocketOf } from '../lib/pocket-of.ts';

export function ResultPanel() {
  const state = usePlayerState();
  const record = lastResult(state);
  const currency = state.table?.limits.currency;
  const pocket = record === null ? null : pocketOf(record.outcome);
  if (record === null || pocket === null) {
    return (
      <div className="result-panel is-empty">
        <span className="muted">The winning number shows here</span>
      </div>
    );
  }
  const color = pocketColor(pocket);
  return (
    <div className="result-panel">
      <div
        key={record.round}
        className={`result-number pocket-${color}`}
        data-testid="last-result"
        data-pocket={pocket}
        data-round={record.round}
        aria-live="polite"
      >
        <span className="result-pocket">{pocket}</span>
        <span className="result-color">{color}</span>
      </div>
      <div className="result-detail">
        <span className="muted">Round {record.round}</span>
        <Payout record={record} currency={currency} />
      </div>
    </div>
  );
}

function Payout({ record, currency }: { record: ResultView; currency: string | undefined }) {
  if (record.myPayoutMinor === null) return <span className="muted">Settling…</span>;
  const payout = record.myPayoutMinor;
  const stake = record.myStakeMinor ?? 0;
  // A round I did not play has no payout of mine to report (and no test hook to match by mistake).
  if (stake === 0) return <span className="muted">{record.phase === 'voided' ? 'Round voided' : 'No bets this round'}</span>;
  const net = payout - stake;
  let text: string;
  let tone: string;
  if (record.phase === 'voided') {
    text = `Voided: ${formatMinor(stake, currency)} refunded`;
    tone = 'even';
  } else if (net > 0) {
    text = `You win ${formatMinor(payout, currency)} (net +${formatMinor(net)})`;
    tone = 'win';
  } else if (payout > 0) {
    // Some bets won, but less came back than was staked.
    text = `${formatMinor(payout, currency)} back (net ${formatMinor(net)})`;
    tone = 'part';
  } else {
    text = `No win (${formatMinor(net)})`;
    tone = 'loss';
  }
  return (
    <strong
      key={record.round}
      className={`payout payout-${tone}`}
      data-testid="last-payout"
      data-payout-minor={payout}
      data-round={record.round}
    >
      {text}
    </strong>
  );
}
