// How a bet spot reads to a person ("Split 17/20", "Banker", "Double 3-3",
// "Behind seat 2"): one naming for the player page's bets and screen
// readers and the console's live bets; spot ids themselves stay the
// protocol's.
import type { GameId } from '../protocol.ts';
import { rouletteSpots } from './roulette.ts';
import { parseBlackjackSpot } from './blackjack-spots.ts';

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

const CARD_GAME_NAMES: Record<string, string> = {
  player: 'Player',
  banker: 'Banker',
  tie: 'Tie',
  'player-pair': 'Player Pair',
  'banker-pair': 'Banker Pair',
  dragon: 'Dragon',
  tiger: 'Tiger',
  'suited-tie': 'Suited Tie',
};

function sicboName(spotId: string): string {
  const [kind, argument = ''] = spotId.split(':');
  const face = argument.split('-')[0] ?? '';
  switch (kind) {
    case 'small':
      return 'Small 4–10';
    case 'big':
      return 'Big 11–17';
    case 'odd':
      return 'Odd';
    case 'even':
      return 'Even';
    case 'any-triple':
      return 'Any triple';
    case 'triple':
      return `Triple ${face}-${face}-${face}`;
    case 'double':
      return `Double ${face}-${face}`;
    case 'total':
      return `Total ${argument}`;
    case 'combo':
      return `Combination ${argument}`;
    case 'single':
      return `Single ${argument}`;
    default:
      return spotId;
  }
}

function blackjackName(spotId: string): string {
  const spot = parseBlackjackSpot(spotId);
  if (spot === null) return spotId;
  switch (spot.kind) {
    case 'seat':
      return `Seat ${spot.seat}`;
    case 'behind':
      return `Behind seat ${spot.seat}`;
    case 'double':
      return `Double seat ${spot.seat}${spot.hand > 0 ? ` hand ${spot.hand + 1}` : ''}`;
    case 'split':
      return `Split seat ${spot.seat}`;
    case 'insurance':
      return `Insurance seat ${spot.seat}`;
  }
}

export function spotName(spotId: string, game: GameId = 'roulette-eu'): string {
  if (game === 'sicbo') return sicboName(spotId);
  if (game === 'blackjack') return blackjackName(spotId);
  if (game !== 'roulette-eu') return CARD_GAME_NAMES[spotId] ?? spotId;
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
