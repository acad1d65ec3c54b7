// One bet box of a baccarat, dragon tiger or sic bo layout: its name and
// price, any dice it is about, everyone's stake on it, and my chips. After
// the result it lights up when it won (or shows a push / half back).
import type { CSSProperties } from 'react';
import type { GameId } from '../../../shared/protocol.ts';
import { formatMinor } from '../../../shared/money.ts';
import { Die } from '../components/Die.tsx';
import { spotName } from '../../../shared/games/spot-names.ts';
import { PRICE_SEPARATOR, type LayoutCell } from '../lib/table-layouts.ts';
import type { SpotVerdict } from '../lib/winning-spots.ts';
import type { SpotStake } from '../state/selectors.ts';
import { ChipStack } from './ChipStack.tsx';

type Props = {
  game: GameId;
  cell: LayoutCell;
  stake: SpotStake | undefined;
  /** Everyone's stake on the spot, mine included, as the server last broadcast it. */
  tableMinor: number;
  verdict: SpotVerdict | undefined;
  enabled: boolean;
  onPlace: (spotId: string) => void;
};

const VERDICT_TEXT: Partial<Record<SpotVerdict, string>> = { win: 'wins', push: 'push', part: 'half back' };

export function LayoutSpot({ game, cell, stake, tableMinor, verdict, enabled, onPlace }: Props) {
  const confirmed = stake?.confirmedMinor ?? 0;
  const pending = stake?.pendingMinor ?? 0;
  const style: CSSProperties = {
    gridColumn: `${cell.column} / span ${cell.columns}`,
    gridRow: `${cell.row} / span ${cell.rows}`,
  };
  const classes = [
    'layout-spot',
    `kind-${cell.spot.split(':')[0]}`,
    `tone-${cell.tone}`,
    `emphasis-${cell.emphasis}`,
    cell.dice.length > 0 ? 'has-dice' : '',
    verdict ? `is-${verdict}` : '',
    (stake?.othersMinor ?? 0) > 0 ? 'has-others' : '',
    confirmed + pending > 0 ? 'has-mine' : '',
  ];
  const verdictText = verdict ? VERDICT_TEXT[verdict] : undefined;
  return (
    <button
      type="button"
      className={classes.filter(Boolean).join(' ')}
      style={style}
      data-spot={cell.spot}
      data-confirmed-minor={confirmed > 0 ? confirmed : undefined}
      data-pending-minor={pending > 0 ? pending : undefined}
      data-verdict={verdict}
      aria-label={`${spotName(cell.spot, game)}, pays ${cell.payout}`}
      disabled={!enabled}
      onClick={() => onPlace(cell.spot)}
    >
      {cell.dice.length > 0 && (
        <span className="spot-dice" aria-hidden="true">
          {cell.dice.map((face, index) => (
            <Die key={index} face={face} size={cell.emphasis === 'compact' ? 'tiny' : 'small'} />
          ))}
        </span>
      )}
      {/* Dice say it better than words; the accessible name still spells it out. */}
      {cell.dice.length === 0 && <span className="spot-title">{cell.title}</span>}
      {cell.note && <span className="spot-note">{cell.note}</span>}
      <span className="spot-payout">
        {cell.emphasis === 'main' && <span className="payout-prefix">pays </span>}
        {/* A ladder of prices (a single number: 1, 2 or 3 dice) as separate steps, so it can wrap on a phone. */}
        {cell.payout.split(PRICE_SEPARATOR).map((price) => (
          <span key={price} className="payout-step">
            {price}
          </span>
        ))}
      </span>
      {cell.emphasis !== 'compact' && tableMinor > 0 && (
        <span className="spot-crowd" title="Everyone's stake on this spot">
          {formatMinor(tableMinor)}
        </span>
      )}
      {verdictText && cell.emphasis !== 'compact' && <span className="spot-verdict">{verdictText}</span>}
      <ChipStack confirmedMinor={confirmed} pendingMinor={pending} />
    </button>
  );
}
