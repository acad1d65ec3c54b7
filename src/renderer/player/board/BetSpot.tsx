// One bet spot of the layout: a cell (a number, a dozen, Red…) or a hit area
// on a line between cells (split, street, corner, six line, first four).
import type { CSSProperties } from 'react';
import type { BoardSpot } from '../lib/board-geometry.ts';
import { spotName } from '../../../shared/games/spot-names.ts';
import type { SpotStake } from '../state/selectors.ts';
import { ChipStack } from './ChipStack.tsx';

type Props = {
  spot: BoardSpot;
  board: { width: number; height: number };
  stake: SpotStake | undefined;
  winning: boolean;
  enabled: boolean;
  onPlace: (spotId: string) => void;
};

const percent = (part: number, whole: number): string => `${(100 * part) / whole}%`;

export function BetSpot({ spot, board, stake, winning, enabled, onPlace }: Props) {
  const { rect } = spot;
  const style: CSSProperties = {
    left: percent(rect.x, board.width),
    top: percent(rect.y, board.height),
    width: percent(rect.w, board.width),
    height: percent(rect.h, board.height),
  };
  const confirmed = stake?.confirmedMinor ?? 0;
  const pending = stake?.pendingMinor ?? 0;
  const classes = [
    'spot',
    `spot-${spot.layer}`,
    `kind-${spot.kind}`,
    spot.color ? `pocket-${spot.color}` : '',
    winning ? 'is-winning' : '',
    (stake?.othersMinor ?? 0) > 0 ? 'has-others' : '',
    confirmed + pending > 0 ? 'has-mine' : '',
  ];
  return (
    <button
      type="button"
      className={classes.filter(Boolean).join(' ')}
      style={style}
      data-spot={spot.id}
      data-confirmed-minor={confirmed > 0 ? confirmed : undefined}
      data-pending-minor={pending > 0 ? pending : undefined}
      aria-label={spotName(spot.id)}
      disabled={!enabled}
      onClick={() => onPlace(spot.id)}
    >
      {spot.kind === 'red' || spot.kind === 'black' ? (
        <span className={`diamond diamond-${spot.kind}`} aria-hidden="true" />
      ) : spot.label !== null ? (
        <span className="spot-label">{spot.label}</span>
      ) : (
        <span className="spot-dot" aria-hidden="true" />
      )}
      <ChipStack confirmedMinor={confirmed} pendingMinor={pending} />
    </button>
  );
}
