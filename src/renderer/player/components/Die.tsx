// One die drawn as a die: an ivory cube face with its pips, 1 and 4 in red
// as on sic bo dice. `step` staggers the roll-in of a throw.
import type { CSSProperties } from 'react';
import { diePips, hasRedPips } from '../lib/dice.ts';

type Props = { face: number; size?: 'tiny' | 'small' | 'medium' | 'large'; step?: number; rolling?: boolean };

export function Die({ face, size = 'small', step, rolling = false }: Props) {
  const style = step === undefined ? undefined : ({ '--step': step } as CSSProperties);
  const red = hasRedPips(face);
  return (
    <span
      className={`die die-${size} ${rolling ? 'is-rolling' : ''}`}
      style={style}
      role="img"
      aria-label={`die showing ${face}`}
      data-face={face}
    >
      <svg viewBox="0 0 60 60" aria-hidden="true" focusable="false">
        {diePips(face).map((pip) => (
          <circle
            key={`${pip.column}${pip.row}`}
            cx={15 + 15 * pip.column}
            cy={15 + 15 * pip.row}
            r={face === 1 ? 8.5 : 5.6}
            className={red ? 'pip pip-red' : 'pip'}
          />
        ))}
      </svg>
    </span>
  );
}
