// Any game's outcome in a compact line: roulette pocket, baccarat hands and
// totals, dragon / tiger cards, sic bo dice, the blackjack dealer's hand and
// each seat's results (BlackjackOutcomeView). Unknown shapes fall back to JSON
// rather than hiding a result from the dealer.
import type { Outcome } from '../../shared/protocol.ts';
import { BlackjackOutcomeView } from './BlackjackOutcomeView.tsx';
import { isBaccarat, isBlackjack, isDragonTiger, isRoulette, isSicbo } from './games.ts';
import { PlayingCard } from './PlayingCard.tsx';
import { Pocket } from './Pocket.tsx';

function Cards({ names }: { names: string[] }) {
  return (
    <span className="cards">
      {names.map((name, index) => (
        <PlayingCard key={index} name={name} />
      ))}
    </span>
  );
}

function Winner({ winner }: { winner: string }) {
  return <span className={`winner winner-${winner}`}>{winner}</span>;
}

export function OutcomeView({ outcome, large = false }: { outcome: Outcome; large?: boolean }) {
  if (isRoulette(outcome)) return <Pocket pocket={outcome.pocket} large={large} />;
  if (isBaccarat(outcome)) {
    return (
      <span className="outcome">
        P <Cards names={outcome.player} /> <strong>{outcome.playerTotal}</strong> · B <Cards names={outcome.banker} />{' '}
        <strong>{outcome.bankerTotal}</strong> <Winner winner={outcome.winner} />
      </span>
    );
  }
  if (isDragonTiger(outcome)) {
    return (
      <span className="outcome">
        D <PlayingCard name={outcome.dragon} /> · T <PlayingCard name={outcome.tiger} /> <Winner winner={outcome.winner} />
      </span>
    );
  }
  if (isSicbo(outcome)) {
    const total = outcome.dice.reduce((sum, die) => sum + die, 0);
    return (
      <span className="outcome">
        {outcome.dice.map((die, index) => (
          <span key={index} className="die">
            {die}
          </span>
        ))}{' '}
        = <strong>{total}</strong>
      </span>
    );
  }
  if (isBlackjack(outcome)) return <BlackjackOutcomeView outcome={outcome} />;
  return <code>{JSON.stringify(outcome)}</code>;
}

/** Attributes the end-to-end tests read off the outcome, per game. */
export function outcomeAttributes(outcome: Outcome): Record<string, string | number> {
  if (isRoulette(outcome)) return { 'data-pocket': outcome.pocket };
  if (isBaccarat(outcome) || isDragonTiger(outcome)) return { 'data-winner': outcome.winner };
  if (isSicbo(outcome)) return { 'data-dice': outcome.dice.join(',') };
  if (isBlackjack(outcome)) return { 'data-dealer-total': outcome.dealer.total };
  return {};
}
