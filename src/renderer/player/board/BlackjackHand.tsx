// One hand of a blackjack seat: its cards fanned as the dealer lays them,
// the total ("7/17" while an ace counts either way), a double's card
// sideways, and after the round how it ended.
import type { CSSProperties } from 'react';
import { PlayingCard } from '../components/PlayingCard.tsx';
import { RESULT_TEXT, handTotalText, type TableHand } from '../lib/blackjack-table.ts';

type Props = {
  seat: number;
  hand: TableHand;
  /** The deal's turn of the hand's first two cards (later cards come one at a time, at once). */
  firstSteps: [number, number] | null;
  /** Two hands after a split: each gets less room. */
  split: boolean;
};

export function BlackjackHand({ seat, hand, firstSteps, split }: Props) {
  const bust = hand.total > 21;
  const totalText = hand.natural && hand.result !== 'lose' ? 'BJ' : bust ? `Bust ${hand.total}` : handTotalText(hand.total, hand.soft);
  const resultText = hand.result === null ? null : hand.result === 'lose' && bust ? 'Bust' : RESULT_TEXT[hand.result];
  const classes = [
    'bj-hand',
    hand.isTurn ? 'is-turn' : '',
    split ? 'is-split' : '',
    bust ? 'is-bust' : '',
    hand.result ? `result-${hand.result}` : '',
    // Past three cards the fan closes up, so a long hand still fits its seat.
    hand.cards.length > 3 ? 'many-cards' : '',
  ];
  return (
    <div
      className={classes.filter(Boolean).join(' ')}
      data-testid="blackjack-hand"
      data-seat={seat}
      data-hand={hand.hand}
      data-total={hand.cards.length > 0 ? hand.total : undefined}
      data-soft={hand.soft ? 'true' : undefined}
      data-doubled={hand.doubled ? 'true' : undefined}
      data-result={hand.result ?? undefined}
      data-cards={hand.cards.join(',')}
      aria-label={`Seat ${seat}${split ? ` hand ${hand.hand + 1}` : ''}: ${totalText}${resultText ? `, ${resultText}` : ''}`}
    >
      <div className="bj-hand-cards">
        {hand.cards.map((card, index) => (
          // Keyed by card as well, so the card that replaces a split one is dealt in, not swapped.
          <span key={`${index}:${card}`} className="bj-card" style={{ '--i': index } as CSSProperties}>
            <PlayingCard name={card} step={firstSteps !== null && index < 2 ? firstSteps[index as 0 | 1] : 0} sideways={hand.doubled && index === 2} />
          </span>
        ))}
      </div>
      {hand.cards.length > 0 && (
        <span className={`bj-total ${hand.natural ? 'is-blackjack' : ''}`} aria-hidden="true">
          {totalText}
          {hand.doubled && <span className="bj-doubled">×2</span>}
        </span>
      )}
      {resultText && (
        <span className={`bj-result result-${hand.result}`} aria-hidden="true">
          {resultText}
        </span>
      )}
    </div>
  );
}
