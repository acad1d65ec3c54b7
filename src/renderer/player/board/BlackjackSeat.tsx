// One of the seven seats: its player's name (or "Sit here"), the betting
// circle with the seat's main bet, the box for bets behind it, the hands
// dealt to it, and a glow and a draining line while it is the seat's turn.
// Under pf2, after the round: the hand the chart played for the bets behind,
// and any hand the chart played because the timer ran out or its owner left.
import type { CSSProperties } from 'react';
import { formatMinor } from '../../../shared/money.ts';
import { behindHandDetails, behindHandText, chartReasonText } from '../../../shared/games/blackjack-words.ts';
import { DecisionDeadline } from '../components/DecisionDeadline.tsx';
import { behindSpot, seatSpot, type TableSeat } from '../lib/blackjack-table.ts';
import { chipLabel, chipTier } from '../lib/chip-label.ts';
import { BlackjackHand } from './BlackjackHand.tsx';
import { ChipStack } from './ChipStack.tsx';

type Props = {
  seat: TableSeat;
  deadline: number | null;
  turnStartedAt: number | null;
  clockOffsetMs: number;
  /** The seat's place among the seats dealt in (−1 when it has no cards). */
  dealOrder: number;
  seatsDealt: number;
  arcOffsetPx: number;
  enabled: boolean;
  onTap: (seat: TableSeat) => void;
  onBehind: (seat: number) => void;
};

export function BlackjackSeat({ seat, deadline, turnStartedAt, clockOffsetMs, dealOrder, seatsDealt, arcOffsetPx, enabled, onTap, onBehind }: Props) {
  const free = seat.ownerId === null && seat.main.confirmedMinor + seat.main.pendingMinor === 0;
  const mine = seat.mine || (seat.ownerId === null && seat.main.pendingMinor > 0);
  const othersMain = seat.main.othersMinor;
  const othersBehind = seat.behind.othersMinor;
  const myBehind = seat.behind.confirmedMinor + seat.behind.pendingMinor;
  const name = seat.ownerName;
  const firstSteps: [number, number] | null = dealOrder < 0 ? null : [dealOrder, seatsDealt + 1 + dealOrder];
  const split = seat.hands.length > 1;
  const classes = [
    'bj-seat',
    free ? 'is-free' : 'is-taken',
    mine ? 'is-mine' : '',
    myBehind > 0 ? 'has-my-behind' : '',
    seat.isTurn ? 'is-turn' : '',
    seat.hands.length > 0 ? 'is-dealt' : '',
  ];
  const circleLabel = free ? `Seat ${seat.seat}, free: sit here` : mine ? `Seat ${seat.seat}, your seat` : `Seat ${seat.seat}, ${name ?? 'taken'}: bet behind`;
  return (
    <div
      className={classes.filter(Boolean).join(' ')}
      data-testid="blackjack-seat"
      data-seat={seat.seat}
      data-owner={seat.ownerId ?? ''}
      data-turn={seat.isTurn ? 'true' : undefined}
      style={{ '--arc': `${arcOffsetPx}px` } as CSSProperties}
    >
      <div className={`bj-hands ${split ? 'is-split' : ''}`}>
        {seat.hands.map((hand) => (
          <BlackjackHand key={hand.hand} seat={seat.seat} hand={hand} split={split} firstSteps={hand.hand === 0 ? firstSteps : null} />
        ))}
      </div>
      <div className="bj-circle-wrap">
        <button
          type="button"
          className="bj-spot bj-circle"
          data-spot={seatSpot(seat.seat)}
          data-confirmed-minor={seat.main.confirmedMinor > 0 ? seat.main.confirmedMinor : undefined}
          data-pending-minor={seat.main.pendingMinor > 0 ? seat.main.pendingMinor : undefined}
          aria-label={circleLabel}
          disabled={!enabled}
          onClick={() => onTap(seat)}
        >
          {free && <span className="bj-seat-number">{seat.seat}</span>}
          {othersMain > 0 && (
            <span className={`chip-token is-others tier-${chipTier(othersMain)}`} title={`${name ?? 'Player'}: ${formatMinor(othersMain)}`}>
              {chipLabel(othersMain)}
            </span>
          )}
          <ChipStack confirmedMinor={seat.main.confirmedMinor} pendingMinor={seat.main.pendingMinor} />
        </button>
        {seat.insured && (
          <span className="bj-insured" title="Insurance taken: pays 2 to 1 if the dealer has blackjack">
            Insured
          </span>
        )}
      </div>
      <button
        type="button"
        className="bj-spot bj-behind"
        data-spot={behindSpot(seat.seat)}
        data-confirmed-minor={seat.behind.confirmedMinor > 0 ? seat.behind.confirmedMinor : undefined}
        data-pending-minor={seat.behind.pendingMinor > 0 ? seat.behind.pendingMinor : undefined}
        aria-label={`Bet behind seat ${seat.seat}`}
        disabled={!enabled || free || mine}
        onClick={() => onBehind(seat.seat)}
      >
        <span className="bj-behind-label">Behind</span>
        {othersBehind > 0 && (
          <span className={`chip-token is-others tier-${chipTier(othersBehind)}`} title={`Bets behind: ${formatMinor(othersBehind)}`}>
            {chipLabel(othersBehind)}
          </span>
        )}
        <ChipStack confirmedMinor={seat.behind.confirmedMinor} pendingMinor={seat.behind.pendingMinor} />
      </button>
      {seat.behindHand !== null && (
        <div
          className={`bj-behind-hand result-${seat.behindHand.result}`}
          data-testid="behind-hand"
          data-cards={seat.behindHand.cards.join(',')}
          data-total={seat.behindHand.total}
          data-result={seat.behindHand.result}
          title={behindHandText(seat.seat, seat.behindHand, myBehind > 0 ? 'mine' : 'table')}
        >
          Behind: {behindHandDetails(seat.behindHand)}
        </div>
      )}
      {seat.chartPlayed.map((played) => (
        <div key={played.hand} className="bj-chart-played" data-testid="chart-played" data-hand={played.hand} data-reason={played.reason}>
          {split ? `Hand ${played.hand + 1}: ` : ''}
          {chartReasonText(played.reason, seat.mine ? 'mine' : 'table')}
        </div>
      ))}
      <div className="bj-seat-name" title={name ?? undefined}>
        {mine ? (
          <>
            {name ?? 'You'}
            {name !== null && <span className="bj-you"> (you)</span>}
          </>
        ) : name === null ? (
          <span className="muted">{enabled ? 'Sit here' : 'Empty'}</span>
        ) : (
          name
        )}
      </div>
      {deadline !== null && (
        <DecisionDeadline deadline={deadline} startedAt={turnStartedAt} clockOffsetMs={clockOffsetMs} size="small" />
      )}
    </div>
  );
}
