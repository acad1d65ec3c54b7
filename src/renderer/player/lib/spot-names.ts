// How a bet spot reads to a person ("Split 17/20"), for the list of bets and
// for screen readers; spot ids themselves stay the protocol's.
import { rouletteSpots } from '../../../shared/games/roulette.ts';

const OUTSIDE_NAMES: Record<string, string> = {
  'column:1': 'Column 1',
  'column:2': 'Column 2',
  'column:3': 'Column 3',
  'dozen:1': '1st 12',
  'dozen:2': '2nd 12',
  'dozen:3': '3rd 12',
  red: 'Red',
  black: 'Black',
  odd: 'Odd',
  even: 'Even',
  low: '1–18',
  high: '19–36',
  'first-four': 'First four 0/1/2/3',
};

export function spotName(spotId: string): string {
  const named = OUTSIDE_NAMES[spotId];
  if (named !== undefined) return named;
  const spot = rouletteSpots.get(spotId);
  if (!spot) return spotId;
  const pockets = spot.pockets;
  switch (spot.kind) {
    case 'straight':
      return `Straight ${pockets[0]}`;
    case 'split':
      return `Split ${pockets.join('/')}`;
    case 'street':
      return `Street ${pockets.join('/')}`;
    case 'corner':
      return `Corner ${pockets.join('/')}`;
    case 'line':
      return `Six line ${pockets[0]}–${pockets.at(-1)}`;
    default:
      return spotId;
  }
}
