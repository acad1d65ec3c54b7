// The dealer's hand at the head of the table: the up card and the hole card
// face down while the seats decide; once the dealer plays, the hole card is
// turned over in place, any more cards are drawn one by one, and the total
// (or blackjack, or bust) shows when the last of them is face up.
import type { CSSProperties } from 'react';
import { PlayingCard } from '../components/PlayingCard.tsx';
import type { DealerView } from '../lib/blackjack-table.ts';

type Props = { dealer: DealerView; seatsDealt: number };

export function BlackjackDealer({ dealer, seatsDealt }: Props) {
  const revealed = dealer.total !== null;
  const busted = revealed && (dealer.total ?? 0) > 21;
  const label = dealer.blackjack ? 'Blackjack' : busted ? `Bust ${dealer.total}` : revealed ? String(dealer.total) : dealer.showing;
  return (
    <section
      className={`bj-dealer ${dealer.blackjack ? 'is-blackjack' : ''} ${busted ? 'is-bust' : ''}`}
      data-testid="blackjack-dealer"
      data-total={revealed ? (dealer.total ?? undefined) : undefined}
      data-cards={revealed ? dealer.cards.join(',') : undefined}
      aria-label={revealed ? `Dealer, ${label}` : dealer.showing ? `Dealer shows ${dealer.showing}` : 'Dealer'}
    >
      <div className="bj-dealer-cards">
        {dealer.cards.length === 0 && <span className="bj-card-outline" aria-hidden="true" />}
        {/* One list keyed by place, so the hole card turns over where it lies instead of being dealt again. */}
        {[...dealer.cards, ...(dealer.holeDown ? [null] : [])].map((card, index) => (
          <span key={index} className="bj-card" style={{ '--i': index } as CSSProperties}>
            {card === null ? (
              <PlayingCard name="" faceDown step={2 * seatsDealt + 1} />
            ) : (
              <PlayingCard name={card} step={revealed ? Math.max(0, index - 1) : seatsDealt} />
            )}
          </span>
        ))}
      </div>
      <div className="bj-dealer-label">
        <span className="bj-dealer-name">Dealer</span>
        {label !== null && label !== '' && (
          <span className={`bj-total ${revealed ? 'is-final' : 'is-showing'}`}>
            {label}
          </span>
        )}
      </div>
    </section>
  );
}
