// A pocket number in its colour, as used in history, hot/cold and results.
import { pocketColor } from '../../../shared/games/roulette.ts';

type Props = { pocket: number; size?: 'small' | 'large'; note?: string };

export function PocketChip({ pocket, size = 'small', note }: Props) {
  return (
    <span className={`pocket-chip pocket-${pocketColor(pocket)} pocket-chip-${size}`} title={note}>
      {pocket}
      {note && <small className="pocket-note">{note}</small>}
    </span>
  );
}
