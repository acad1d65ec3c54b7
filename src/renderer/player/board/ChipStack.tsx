// My chips on one spot: solid when the server confirmed them, dashed while
// they are still on their way.
import { chipLabel, chipTier } from '../lib/chip-label.ts';

type Props = { confirmedMinor: number; pendingMinor: number };

export function ChipStack({ confirmedMinor, pendingMinor }: Props) {
  if (confirmedMinor <= 0 && pendingMinor <= 0) return null;
  return (
    <span className="chip-stack" aria-hidden="true">
      {confirmedMinor > 0 && (
        <span className={`chip-token tier-${chipTier(confirmedMinor)}`}>{chipLabel(confirmedMinor)}</span>
      )}
      {pendingMinor > 0 && (
        <span className={`chip-token is-pending tier-${chipTier(pendingMinor)}`}>{chipLabel(pendingMinor)}</span>
      )}
    </span>
  );
}
