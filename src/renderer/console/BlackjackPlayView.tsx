// A blackjack hand in play, for the dealer: the up card, every seat with its
// player and hands (totals, doubles, insurance), whose decision the table
// waits for and how long that decision has left (deadline is server time).
import { useEffect, useState } from 'react';
import type { BlackjackPlay } from '../../shared/protocol.ts';
import { serverNow } from './clock.ts';
import { PlayingCard } from './PlayingCard.tsx';

const TICK_MS = 200;

function totalText(total: number, soft: boolean): string {
  return soft && total < 21 ? `${total - 10}/${total}` : String(total);
}

function turnText(play: BlackjackPlay): string {
  const turn = play.turn;
  if (turn.phase === 'done') return 'Dealer plays';
  if (turn.phase === 'insurance') return `Insurance: seat${turn.seats.length === 1 ? '' : 's'} ${turn.seats.join(', ')}`;
  const seat = play.seats.find((candidate) => candidate.seat === turn.seat);
  const hand = (seat?.hands.length ?? 0) > 1 ? ` hand ${turn.hand + 1}` : '';
  return `Seat ${turn.seat}${hand} (${seat?.ownerName || 'player'}): ${turn.actions.join(' / ')}`;
}

function DecisionCountdown({ deadline }: { deadline: number }) {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(serverNow()), TICK_MS);
    return () => window.clearInterval(timer);
  }, []);
  const remainingMs = Math.max(0, deadline - now);
  return (
    <span className={remainingMs < 5_000 ? 'countdown last-call' : 'countdown'} data-testid="decision-countdown" data-deadline={deadline}>
      {(remainingMs / 1000).toFixed(1)} s
    </span>
  );
}

export function BlackjackPlayView({ play }: { play: BlackjackPlay }) {
  const turn = play.turn;
  const isTurn = (seat: number, hand: number): boolean =>
    (turn.phase === 'play' && turn.seat === seat && turn.hand === hand) || (turn.phase === 'insurance' && turn.seats.includes(seat) && hand === 0);
  return (
    <div className="bj-play" data-testid="blackjack-play">
      <div className="bj-play-turn">
        <strong data-testid="blackjack-turn" data-turn-phase={turn.phase} data-turn-seat={turn.phase === 'play' ? turn.seat : undefined}>
          {turnText(play)}
        </strong>
        {play.deadline !== null && turn.phase !== 'done' && <DecisionCountdown deadline={play.deadline} />}
      </div>
      <table className="grid compact">
        <tbody>
          <tr className="bj-play-dealer">
            <td>Dealer</td>
            <td colSpan={2}>
              <span className="cards">
                {play.dealer.map((card, index) => (
                  <PlayingCard key={index} name={card} />
                ))}
                {play.dealer.length === 1 && <span className="card card-back" title="Hole card">?</span>}
              </span>
            </td>
          </tr>
          {play.seats.map((seat) => (
            <tr key={seat.seat} data-testid="blackjack-play-seat" data-seat={seat.seat} data-owner={seat.ownerId}>
              <td className="num">#{seat.seat}</td>
              <td>
                {seat.ownerName || <span className="muted">{seat.ownerId.slice(0, 8)}</span>}
                {seat.insured && <span className="badge badge-insured">insured</span>}
              </td>
              <td>
                {seat.hands.map((hand, index) => (
                  <span key={index} className={isTurn(seat.seat, index) ? 'bj-play-hand is-turn' : 'bj-play-hand'}>
                    <span className="cards">
                      {hand.cards.map((card, cardIndex) => (
                        <PlayingCard key={cardIndex} name={card} />
                      ))}
                    </span>{' '}
                    <strong>{totalText(hand.total, hand.soft)}</strong>
                    {hand.doubled && <span className="badge">×2</span>}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
