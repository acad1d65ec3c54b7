// The blackjack decision bar, in the chip dock's place while the round is
// played: on my turn big Hit / Stand / Double / Split buttons (only those
// the table offers) with the time left; when the dealer shows an ace,
// Insure / No insurance for each of my seats; otherwise whose turn it is.
import { formatMinor } from '../../../shared/money.ts';
import { insuranceStakeMinor } from '../../../shared/games/blackjack.ts';
import { useCommands, usePlayerState } from '../hooks/player-context.ts';
import {
  handTotalText,
  livePlay,
  owedDecision,
  seatSpot,
  turnText,
  type BlackjackPlayAction,
} from '../lib/blackjack-table.ts';
import { pendingDecision } from '../state/bet-plan.ts';
import { myConfirmedBets } from '../state/selectors.ts';
import { DecisionDeadline } from './DecisionDeadline.tsx';

const PLAY_LABEL: Record<BlackjackPlayAction, string> = { hit: 'Hit', stand: 'Stand', double: 'Double', split: 'Split' };
const PLAY_HINT: Record<BlackjackPlayAction, string> = {
  hit: 'one more card',
  stand: 'keep this hand',
  double: 'bet ×2, one card',
  split: 'two hands',
};
/** Always in this order on the bar, whatever order the server lists them in. */
const PLAY_ORDER: BlackjackPlayAction[] = ['hit', 'stand', 'double', 'split'];

export function BlackjackDecisions() {
  const state = usePlayerState();
  const { decide } = useCommands();
  const play = livePlay(state);
  const owed = owedDecision(state);
  const sending = pendingDecision(state);
  const currency = state.table?.limits.currency;
  const deadline = play?.turn.phase === 'done' ? null : (play?.deadline ?? null);
  const timer =
    deadline === null ? null : (
      <DecisionDeadline
        deadline={deadline}
        startedAt={state.blackjackTurnAt}
        clockOffsetMs={state.clockOffsetMs}
        size="large"
        testId="decision-deadline"
      />
    );

  if (owed?.phase === 'play') {
    const seat = play?.seats.find((candidate) => candidate.seat === owed.seat);
    const hand = seat?.hands[owed.hand];
    const split = (seat?.hands.length ?? 0) > 1;
    const main = mainStakeOf(state, owed.seat);
    return (
      <div className="bj-decisions is-my-turn" role="group" aria-label="Your decision">
        <p className="bj-decisions-title">
          <strong>Your turn</strong> · seat {owed.seat}
          {split && ` · hand ${owed.hand + 1}`}
          {hand && <span className="bj-decisions-total"> · {handTotalText(hand.total, hand.soft)}</span>}
        </p>
        {timer}
        <div className="bj-actions">
          {PLAY_ORDER.filter((action) => owed.actions.includes(action)).map((action) => (
            <button
              key={action}
              type="button"
              className={`bj-action action-${action}`}
              data-testid={`decide-${action}`}
              data-seat={owed.seat}
              data-hand={owed.hand}
              disabled={sending !== null}
              onClick={() => decide(owed.seat, owed.hand, action)}
            >
              <span className="bj-action-label">{PLAY_LABEL[action]}</span>
              <span className="bj-action-hint">
                {(action === 'double' || action === 'split') && main > 0 ? `+${formatMinor(main, currency)}` : PLAY_HINT[action]}
              </span>
            </button>
          ))}
        </div>
      </div>
    );
  }

  if (owed?.phase === 'insurance') {
    return (
      <div className="bj-decisions is-my-turn" role="group" aria-label="Insurance">
        <p className="bj-decisions-title">
          <strong>Insurance?</strong> The dealer shows an ace · pays 2 to 1 if the dealer has blackjack
        </p>
        {timer}
        {owed.seats.map((seat) => {
          const cost = insuranceStakeMinor(mainStakeOf(state, seat));
          return (
            <div key={seat} className="bj-actions bj-insurance" data-seat={seat}>
              {owed.seats.length > 1 && <span className="bj-insurance-seat">Seat {seat}</span>}
              <button
                type="button"
                className="bj-action action-insure"
                data-testid="decide-insure"
                data-seat={seat}
                disabled={sending !== null}
                onClick={() => decide(seat, 0, 'insure')}
              >
                <span className="bj-action-label">Insure</span>
                <span className="bj-action-hint">{cost > 0 ? formatMinor(cost, currency) : 'half the bet'}</span>
              </button>
              <button
                type="button"
                className="bj-action action-no-insurance"
                data-testid="decide-no-insurance"
                data-seat={seat}
                disabled={sending !== null}
                onClick={() => decide(seat, 0, 'no-insurance')}
              >
                <span className="bj-action-label">No insurance</span>
                <span className="bj-action-hint">play on</span>
              </button>
            </div>
          );
        })}
      </div>
    );
  }

  const waiting =
    play === null
      ? 'Dealing…'
      : play.turn.phase === 'insurance'
        ? 'Other players are deciding on insurance'
        : play.turn.phase === 'done'
          ? 'The dealer plays'
          : `${turnText(play)} is deciding`;
  return (
    <div className="bj-decisions" role="status">
      <p className="bj-decisions-title">{waiting}</p>
      {timer}
    </div>
  );
}

/** My main bet on a seat, as confirmed: what a double or split adds and what insurance is half of. */
function mainStakeOf(state: ReturnType<typeof usePlayerState>, seat: number): number {
  return myConfirmedBets(state)
    .filter((bet) => bet.spot === seatSpot(seat))
    .reduce((sum, bet) => sum + bet.amountMinor, 0);
}
