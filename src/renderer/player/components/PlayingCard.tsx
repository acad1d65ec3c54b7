// A playing card as printed: rank and suit in two corners, the pips of a
// number card laid out as on a real deck, a framed figure for J, Q and K, and
// a patterned back. The face is SVG (crisp at any size), the card stock and
// its shadow are CSS. It is dealt face down and turned over; `step` orders
// that against the other cards of the coup. A card dealt `faceDown` (the
// blackjack dealer's hole card) stays on its back until it is named and
// turned, in the same place.
import type { CSSProperties } from 'react';
import { parseCard, pipLayout, type Card } from '../lib/cards.ts';
import { SuitMark } from './SuitMark.tsx';

type Props = {
  name: string;
  /** Its turn in the deal (0 first); the animation waits step × the deal interval. */
  step?: number;
  /** Baccarat's third card lies sideways, and so does a blackjack double's card. */
  sideways?: boolean;
  /** Lies on its back, its face unknown to the page (name is ignored). */
  faceDown?: boolean;
};

/** The area the pips of a number card are spread over, in the 100 × 140 face. */
const PIPS = { left: 22, top: 24, width: 56, height: 92 };

export function PlayingCard({ name, step = 0, sideways = false, faceDown = false }: Props) {
  const card = faceDown ? null : parseCard(name);
  const style = { '--step': step } as CSSProperties;
  return (
    <span
      className={`card-slot ${sideways ? 'is-sideways' : ''} ${faceDown ? 'is-face-down' : ''}`}
      style={style}
      data-card={faceDown ? undefined : name}
      data-face-down={faceDown ? 'true' : undefined}
    >
      <span className="card-turn">
        <span
          className={`playing-card ${card?.red ? 'card-red' : 'card-black'}`}
          role="img"
          aria-label={faceDown ? 'Face-down card' : (card?.spoken ?? name)}
        >
          <span className="card-face">
            {card ? <CardFace card={card} /> : faceDown ? null : <span className="card-unknown">{name}</span>}
          </span>
          <span className="card-back" aria-hidden="true" />
        </span>
      </span>
    </span>
  );
}

function CardFace({ card }: { card: Card }) {
  const pips = pipLayout(card.rank);
  const court = pips.length === 0;
  return (
    <svg viewBox="0 0 100 140" aria-hidden="true" focusable="false">
      <CornerIndex card={card} />
      <g transform="rotate(180 50 70)">
        <CornerIndex card={card} />
      </g>
      {court ? (
        <CourtFigure card={card} />
      ) : (
        pips.map((pip, index) => (
          <SuitMark
            key={index}
            suit={card.suit}
            x={PIPS.left + pip.x * PIPS.width}
            y={PIPS.top + pip.y * PIPS.height}
            size={card.rank === 'A' ? 46 : 21}
            flipped={pip.flipped}
          />
        ))
      )}
    </svg>
  );
}

function CornerIndex({ card }: { card: Card }) {
  const ten = card.rank === '10';
  return (
    <g className="card-index">
      <text x={12} y={25} textAnchor="middle" fontSize={ten ? 19 : 23} letterSpacing={ten ? -2 : 0}>
        {card.rank}
      </text>
      <SuitMark suit={card.suit} x={12} y={37} size={14} />
    </g>
  );
}

/** Court cards: a framed panel with the letter, a crown for K and Q, and the suit above and below. */
function CourtFigure({ card }: { card: Card }) {
  return (
    <g className="card-court">
      <rect x={24} y={20} width={52} height={100} rx={4} className="court-frame" />
      <rect x={28} y={24} width={44} height={92} rx={2} className="court-inner" />
      {card.rank !== 'J' && (
        <path
          className="court-crown"
          d={card.rank === 'K' ? 'M36 52 L36 38 L43 45 L50 34 L57 45 L64 38 L64 52 Z' : 'M38 52 L38 42 L44 47 L50 39 L56 47 L62 42 L62 52 Z'}
        />
      )}
      <text x={50} y={card.rank === 'J' ? 84 : 88} textAnchor="middle" className="court-letter">
        {card.rank}
      </text>
      <SuitMark suit={card.suit} x={50} y={card.rank === 'J' ? 42 : 102} size={14} />
    </g>
  );
}
