// The round's phase and the betting timer bar: green while there is time,
// amber from the last call or the last 5 s, red in the last 2 s and once
// betting is closed. closesAt is server time, so the clock offset is applied.
// While a blackjack round is played the bar counts down the decision in turn.
import type { Phase } from '../../../shared/protocol.ts';
import { usePlayerState } from '../hooks/player-context.ts';
import { useNow } from '../hooks/use-now.ts';
import { livePlay, turnText } from '../lib/blackjack-table.ts';
import { phaseOf, serverNow } from '../state/selectors.ts';

const AMBER_MS = 5_000;
const RED_MS = 2_000;

const PHASE_TEXT: Record<Phase, string> = {
  idle: 'Waiting for the next round',
  betting: 'Place your bets',
  closed: 'No more bets',
  playing: 'Cards are out',
  result: 'Result',
  settled: 'Round settled',
  voided: 'Round voided, stakes refunded',
};

type Timer = { tone: 'green' | 'amber' | 'red' | 'idle'; fill: number; text: string };

export function RoundStatus() {
  const state = usePlayerState();
  const now = useNow(100);
  const phase = phaseOf(state);
  const round = state.round;
  const timer = timerOf(state, phase, serverNow(state, now));
  return (
    <div className="round-status">
      <div
        className={`phase phase-${phase}`}
        data-testid="phase"
        data-phase={phase}
        data-round={round?.round ?? undefined}
      >
        {round && <span className="round-number">Round {round.round}</span>}
        <span className="phase-text">{PHASE_TEXT[phase]}</span>
        <span className="timer-text">{timer.text}</span>
      </div>
      <div className={`timer timer-${timer.tone}`} aria-hidden="true">
        <div className="timer-fill" style={{ width: `${Math.round(timer.fill * 1000) / 10}%` }} />
      </div>
    </div>
  );
}

function timerOf(state: ReturnType<typeof usePlayerState>, phase: Phase, now: number): Timer {
  const round = state.round;
  if (phase === 'closed') return { tone: 'red', fill: 0, text: '' };
  if (phase === 'playing') return decisionTimerOf(state, now);
  if (phase !== 'betting' || round === null) return { tone: 'idle', fill: 0, text: '' };
  if (round.closesAt === null) {
    // Manual table: the dealer closes betting by hand, so there is nothing to count down.
    return round.lastCall
      ? { tone: 'amber', fill: 1, text: 'Last call!' }
      : { tone: 'green', fill: 1, text: 'Betting open — the dealer will close' };
  }
  const left = Math.max(0, round.closesAt - now);
  const span = state.table?.bettingWindowMs ?? left;
  const fill = span > 0 ? Math.min(1, left / span) : 0;
  const tone = left <= RED_MS ? 'red' : round.lastCall || left < AMBER_MS ? 'amber' : 'green';
  const seconds = Math.ceil(left / 1000);
  return { tone, fill, text: round.lastCall ? `Last call · ${seconds} s` : `${seconds} s` };
}

/** Blackjack: whose decision it is and how long it has left; the bar runs from the turn's start to its deadline. */
function decisionTimerOf(state: ReturnType<typeof usePlayerState>, now: number): Timer {
  const play = livePlay(state);
  const who = turnText(play);
  const deadline = play?.deadline ?? null;
  if (deadline === null) return { tone: 'idle', fill: 0, text: who };
  const left = Math.max(0, deadline - now);
  const span = state.blackjackTurnAt === null ? left : Math.max(left, deadline - state.blackjackTurnAt);
  const fill = span > 0 ? Math.min(1, left / span) : 0;
  const tone = left <= RED_MS ? 'red' : left < AMBER_MS ? 'amber' : 'green';
  return { tone, fill, text: `${who} · ${Math.ceil(left / 1000)} s` };
}
