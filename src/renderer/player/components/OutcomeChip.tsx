// Any game's result in a few characters, for lists of rounds: the roulette
// pocket, B/P/T or D/T/T in the side's colour with the score, three small
// dice and their total, or the blackjack dealer's total.
import type { Outcome } from '../../../shared/protocol.ts';
import { isRouletteOutcome } from '../../../shared/games/index.ts';
import { isBaccaratOutcome } from '../../../shared/games/baccarat.ts';
import { isDragonTigerOutcome } from '../../../shared/games/dragon-tiger.ts';
import { isSicboOutcome } from '../../../shared/games/sicbo.ts';
import { isBlackjackOutcome } from '../../../shared/games/blackjack.ts';
import { parseCard } from '../lib/cards.ts';
import { diceTotal } from '../lib/dice.ts';
import { Die } from './Die.tsx';
import { PocketChip } from './PocketChip.tsx';

const LETTER: Record<string, string> = { player: 'P', banker: 'B', tie: 'T', dragon: 'D', tiger: 'T' };

export function OutcomeChip({ outcome }: { outcome: Outcome }) {
  if (isRouletteOutcome(outcome)) return <PocketChip pocket={outcome.pocket} />;
  if (isBaccaratOutcome(outcome)) {
    return (
      <span className="outcome-chip" title={`Player ${outcome.playerTotal}, Banker ${outcome.bankerTotal}`}>
        <span className={`side-bead bead-${outcome.winner}`}>{LETTER[outcome.winner]}</span>
        <span className="outcome-score">
          {outcome.playerTotal}–{outcome.bankerTotal}
        </span>
      </span>
    );
  }
  if (isDragonTigerOutcome(outcome)) {
    const face = (name: string): string => {
      const card = parseCard(name);
      return card ? `${card.rank}${card.symbol}` : name;
    };
    return (
      <span className="outcome-chip" title={`Dragon ${outcome.dragon}, Tiger ${outcome.tiger}`}>
        <span className={`side-bead bead-${outcome.winner}`}>{LETTER[outcome.winner]}</span>
        <span className="outcome-score">
          {face(outcome.dragon)} {face(outcome.tiger)}
        </span>
      </span>
    );
  }
  if (isSicboOutcome(outcome)) {
    return (
      <span className="outcome-chip" title={`Dice ${outcome.dice.join(' ')}`}>
        {outcome.dice.map((face, index) => (
          <Die key={index} face={face} size="tiny" />
        ))}
        <span className="outcome-score">{diceTotal(outcome.dice)}</span>
      </span>
    );
  }
  if (isBlackjackOutcome(outcome)) {
    const { dealer } = outcome;
    const tone = dealer.blackjack ? 'blackjack' : dealer.total > 21 ? 'bust' : 'stands';
    return (
      <span className="outcome-chip" title={`Dealer ${dealer.cards.join(' ')}: ${dealer.total}`}>
        <span className={`side-bead bead-dealer-${tone}`}>D</span>
        <span className="outcome-score">{dealer.blackjack ? 'BJ' : dealer.total > 21 ? `bust ${dealer.total}` : dealer.total}</span>
      </span>
    );
  }
  return <code>?</code>;
}
