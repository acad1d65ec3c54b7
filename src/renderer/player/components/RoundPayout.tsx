// What the last round paid me, in words and colour, for every game's result
// panel: a win with its net, part back, nothing, or a void's refund.
import { formatMinor } from '../../../shared/money.ts';
import type { ResultView } from '../state/selectors.ts';

export function RoundPayout({ record, currency }: { record: ResultView; currency: string | undefined }) {
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
    // Some bets won (or pushed), but no more came back than was staked.
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
