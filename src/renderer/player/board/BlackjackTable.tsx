// The blackjack table: the dealer's cards on top, the felt's printed rules,
// and seven seats along its curved edge (a row to swipe on a phone). Before
// the deal a tap on an empty seat sits me there with the selected chip, a tap
// on another player's seat bets behind it; both go through the same planner
// and outbox as every other game. Then the seats' hands are dealt, whose
// turn it is lights up, and once the dealer has played each hand shows how it
// ended.
import { useEffect, useMemo, useRef, type CSSProperties } from 'react';
import { usePlayerState } from '../hooks/player-context.ts';
import { useLayoutBetting } from '../hooks/use-layout-betting.ts';
import { behindSpot, blackjackTable, seatSpot, type TableSeat } from '../lib/blackjack-table.ts';
import { revealDelayMs } from '../lib/reveal.ts';
import type { Arrangement } from '../lib/table-layouts.ts';
import { BlackjackDealer } from './BlackjackDealer.tsx';
import { BlackjackSeat } from './BlackjackSeat.tsx';

type Props = { arrangement: Arrangement; chipMinor: number };

/** How far (in px) the middle seat sits below the end seats on the wide table's arc. */
const ARC_DEPTH_PX = 64;

export function BlackjackTable({ arrangement, chipMinor }: Props) {
  const state = usePlayerState();
  const { enabled, place } = useLayoutBetting(chipMinor);
  const table = useMemo(() => blackjackTable(state), [state]);
  const seatsRef = useRef<HTMLDivElement>(null);

  // Deal order: each occupied seat's first card, the dealer's up card, the second cards, the hole card.
  const dealtSeats = table.seats.filter((seat) => seat.hands.length > 0).map((seat) => seat.seat);
  const revealMs = table.outcome === null ? 0 : revealDelayMs(table.outcome);
  const style = { '--reveal-ms': `${revealMs}ms` } as CSSProperties;

  // On a phone the row scrolls: bring the seat in turn (else my seat) into view.
  const focusSeat = table.seats.find((seat) => seat.isTurn && seat.mine) ?? table.seats.find((seat) => seat.isTurn) ?? table.seats.find((seat) => seat.mine);
  const focusNumber = focusSeat?.seat ?? null;
  useEffect(() => {
    const row = seatsRef.current;
    if (arrangement !== 'narrow' || row === null || focusNumber === null) return;
    const target = row.querySelector<HTMLElement>(`[data-seat="${focusNumber}"]`);
    if (target === null) return;
    row.scrollTo({ left: target.offsetLeft - (row.clientWidth - target.clientWidth) / 2, behavior: 'smooth' });
  }, [arrangement, focusNumber]);

  const tap = (seat: TableSeat): void => {
    // My seat or a free one takes a main bet; someone else's seat takes my bet behind it.
    const othersSeat = seat.ownerId !== null && !seat.mine && seat.main.pendingMinor === 0;
    place(othersSeat ? behindSpot(seat.seat) : seatSpot(seat.seat));
  };

  return (
    <div
      style={style}
      className={`bj-table bj-${arrangement} ${enabled ? 'is-open' : 'is-locked'} ${table.outcome ? 'shows-result' : ''}`}
      role="group"
      aria-label="Blackjack table"
    >
      <div className="bj-felt">
        <div className="bj-rack" aria-hidden="true">
          {[0, 1, 2, 3, 4, 5, 6, 7].map((column) => (
            <span key={column} className={`bj-rack-stack rack-${column % 4}`} />
          ))}
        </div>
        <BlackjackDealer dealer={table.dealer} seatsDealt={dealtSeats.length} />
        <FeltPrint />
        <div className="bj-seats" ref={seatsRef}>
          {table.seats.map((seat, index) => (
            <BlackjackSeat
              key={seat.seat}
              seat={seat}
              deadline={seat.isTurn ? table.deadline : null}
              turnStartedAt={state.blackjackTurnAt}
              clockOffsetMs={state.clockOffsetMs}
              dealOrder={dealtSeats.indexOf(seat.seat)}
              seatsDealt={dealtSeats.length}
              arcOffsetPx={arrangement === 'wide' ? arcOffset(index, table.seats.length) : 0}
              enabled={enabled}
              onTap={tap}
              onBehind={(seatNumber) => place(behindSpot(seatNumber))}
            />
          ))}
        </div>
      </div>
      <p className="layout-footnote">
        {enabled
          ? 'Tap a free seat to sit and bet · tap a player’s seat to bet behind it'
          : 'Bet behind rides the seat’s first hand at your own stake; it never doubles, splits or insures'}
      </p>
    </div>
  );
}

/** The seats follow the table's curved edge: the end seats highest, the middle one lowest. */
function arcOffset(index: number, count: number): number {
  const half = (count - 1) / 2;
  const from = (index - half) / half;
  return Math.round(ARC_DEPTH_PX * (1 - from * from));
}

/** What is printed on a blackjack felt, along the arc under the dealer. */
function FeltPrint() {
  return (
    <svg className="bj-print" viewBox="0 0 1000 170" preserveAspectRatio="xMidYMin meet" aria-hidden="true" focusable="false">
      <defs>
        <path id="bj-arc-outer" d="M 110 10 Q 500 170 890 10" />
        <path id="bj-arc-inner" d="M 200 56 Q 500 196 800 56" />
      </defs>
      <text className="bj-print-title">
        <textPath href="#bj-arc-outer" startOffset="50%" textAnchor="middle">
          BLACKJACK PAYS 3 TO 2
        </textPath>
      </text>
      <text className="bj-print-rule">
        <textPath href="#bj-arc-inner" startOffset="50%" textAnchor="middle">
          Dealer must stand on all 17s · Insurance pays 2 to 1
        </textPath>
      </text>
    </svg>
  );
}
