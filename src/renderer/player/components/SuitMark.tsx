// A suit drawn as a shape, not a font glyph, so it looks the same on every
// device. Drawn in a 100 × 100 box centred on (x, y) and `size` wide.
import type { Suit } from '../lib/cards.ts';

const HEART = 'M50 92 C50 92 3 62 3 31 C3 14 16 4 30 4 C40 4 47 10 50 19 C53 10 60 4 70 4 C84 4 97 14 97 31 C97 62 50 92 50 92 Z';
const DIAMOND = 'M50 2 L86 50 L50 98 L14 50 Z';
const SPADE =
  'M50 3 C50 3 97 36 97 60 C97 76 85 85 72 85 C63 85 56 81 53 75 C54 86 60 93 69 97 L31 97 C40 93 46 86 47 75 C44 81 37 85 28 85 C15 85 3 76 3 60 C3 36 50 3 50 3 Z';
const CLUB_STEM = 'M46 52 L54 52 C54 78 60 90 69 97 L31 97 C40 90 46 78 46 52 Z';

type Props = { suit: Suit; x: number; y: number; size: number; flipped?: boolean };

export function SuitMark({ suit, x, y, size, flipped = false }: Props) {
  const scale = size / 100;
  const transform = `translate(${x} ${y})${flipped ? ' rotate(180)' : ''} scale(${scale}) translate(-50 -50)`;
  return (
    <g transform={transform} className="suit-mark">
      {suit === 'H' && <path d={HEART} />}
      {suit === 'D' && <path d={DIAMOND} />}
      {suit === 'S' && <path d={SPADE} />}
      {suit === 'C' && (
        <>
          <circle cx={50} cy={27} r={21} />
          <circle cx={26} cy={58} r={21} />
          <circle cx={74} cy={58} r={21} />
          <circle cx={50} cy={52} r={12} />
          <path d={CLUB_STEM} />
        </>
      )}
    </g>
  );
}
