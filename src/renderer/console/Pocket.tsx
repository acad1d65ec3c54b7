// A roulette pocket in its wheel colour.
const RED_POCKETS = new Set([1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36]);

export function pocketColour(pocket: number): 'green' | 'red' | 'black' {
  if (pocket === 0) return 'green';
  return RED_POCKETS.has(pocket) ? 'red' : 'black';
}

export function Pocket({ pocket, large = false }: { pocket: number; large?: boolean }) {
  return <span className={`pocket pocket-${pocketColour(pocket)}${large ? ' pocket-large' : ''}`}>{pocket}</span>;
}
