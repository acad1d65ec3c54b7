// A card as pf1 names it ("AS", "10H") drawn as rank and suit symbol.
const SUIT_SYMBOLS: Record<string, string> = { S: '♠', H: '♥', D: '♦', C: '♣' };

export function PlayingCard({ name }: { name: string }) {
  const rank = name.slice(0, -1);
  const suit = name.slice(-1);
  const red = suit === 'H' || suit === 'D';
  return (
    <span className={red ? 'card card-red' : 'card'} title={name}>
      {rank}
      {SUIT_SYMBOLS[suit] ?? suit}
    </span>
  );
}
