// The chips to bet with; the selected one is what a tap on the layout places.
import { formatMinor } from '../../../shared/money.ts';
import { CHIP_VALUES_MINOR, chipLabel } from '../lib/chip-label.ts';

type Props = { selectedMinor: number; minBetMinor: number; onSelect: (amountMinor: number) => void };

export function ChipTray({ selectedMinor, minBetMinor, onSelect }: Props) {
  return (
    <div className="chip-tray" role="radiogroup" aria-label="Chip value">
      {CHIP_VALUES_MINOR.map((value) => (
        <button
          key={value}
          type="button"
          role="radio"
          aria-checked={value === selectedMinor}
          aria-label={`Chip ${formatMinor(value)}`}
          className={`chip tier-${value} ${value === selectedMinor ? 'is-selected' : ''}`}
          data-testid={`chip-${value}`}
          disabled={value < minBetMinor}
          onClick={() => onSelect(value)}
        >
          {chipLabel(value)}
        </button>
      ))}
    </div>
  );
}
