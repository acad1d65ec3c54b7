// My blackjack decisions at a pf2 table (docs/PF2.md §7, §9): each accepted
// decision is acknowledged with a signed pf2.decision, which this page checks
// (signature, the round it names, and that it says what I asked for) and
// keeps per round. After the result the kept statements are compared with
// the outcome's decisions: a validly signed decision the outcome lacks or
// changes is proof of misbehaviour. A decision that got neither an ack nor an
// error before its timer ran out is said plainly: it proves nothing to a third
// party, but the player should know. Pure, like the rest of the reducer.
import type { WireStatement } from '../../../shared/protocol.ts';
import { isBlackjackOutcome } from '../../../shared/games/blackjack.ts';
import { roundIdentity } from './pf2-reducer.ts';
import { changePf2Round, pf2RoundOf, withAlarm, type Pf2Round } from './pf2-state.ts';
import { statementProblem } from './pf2-statement-checks.ts';
import type { BlackjackDecideRequest, PlayerState } from './player-state.ts';
import { withToast } from './state-changes.ts';

/** One decision this page sent, and what became of it. */
export type SentDecision = {
  requestId: string;
  seat: number;
  hand: number;
  action: BlackjackDecideRequest['action'];
  /** When the turn's timer ran out, on the server's clock; null when the table showed none. */
  deadline: number | null;
  answer: 'waiting' | 'acknowledged' | 'refused';
  /** The signed pf2.decision of the ack, exactly as received: kept even when it fails its checks, as evidence. */
  statement: WireStatement | null;
  /** Why the statement cannot be relied on, or null when it checked out. */
  problem: string | null;
  /** A server-stamped event past the deadline arrived while the request had neither an ack nor an error. */
  late: boolean;
};

type Decided = { seat: number; hand: number; action: string };

export function decisionWords(decision: Decided): string {
  return `seat ${decision.seat}, hand ${decision.hand + 1}: ${decision.action}`;
}

function isPf2(state: PlayerState): boolean {
  return state.table?.fairness === 'pf2';
}

function changeDecisions(state: PlayerState, round: number, update: (decisions: SentDecision[]) => SentDecision[]): PlayerState {
  const pf2 = changePf2Round(state.pf2, round, (entry) => {
    const decisions = update(entry.decisions);
    return decisions === entry.decisions ? entry : { ...entry, decisions };
  });
  return pf2 === state.pf2 ? state : { ...state, pf2 };
}

/** Raises the page's fairness alarm, as pf2-reducer does: kept on the round, and a toast the first time. */
function raise(state: PlayerState, round: number, alarm: string): PlayerState {
  const pf2 = changePf2Round(state.pf2, round, (entry) => withAlarm(entry, alarm));
  return pf2 === state.pf2 ? state : withToast({ ...state, pf2 }, 'error', `Fairness alarm, round ${round}: ${alarm}`);
}

function sentDecision(request: BlackjackDecideRequest, deadline: number | null): SentDecision {
  const { requestId, seat, hand, action } = request;
  return { requestId, seat, hand, action, deadline, answer: 'waiting', statement: null, problem: null, late: false };
}

/** A decision request made on this page: remembered with its turn's deadline, so a missing answer can be told. */
export function rememberDecisionSent(state: PlayerState, request: BlackjackDecideRequest): PlayerState {
  if (!isPf2(state)) return state;
  const live = state.round?.round === request.round ? state.round : null;
  const deadline = live?.blackjack?.deadline ?? null;
  return changeDecisions(state, request.round, (decisions) =>
    decisions.some((sent) => sent.requestId === request.requestId) ? decisions : [...decisions, sentDecision(request, deadline)],
  );
}

/** What is wrong with the ack's statement for this request, or null when the page may rely on it. */
function decisionProblem(state: PlayerState, request: BlackjackDecideRequest, statement: WireStatement | undefined): string | null {
  if (statement === undefined) return `my decision (${decisionWords(request)}) was acknowledged without a signed pf2.decision statement`;
  const identity = roundIdentity(state, request.round);
  if (identity === null) return `round ${request.round} is unknown to this page, so its pf2.decision statement cannot be checked`;
  const problem = statementProblem(statement, 'pf2.decision', identity, state.pf2.statementKey);
  if (problem !== null) return problem;
  for (const name of ['seat', 'hand', 'action'] as const) {
    if (statement[name] !== request[name]) {
      return `the signed acknowledgement of my decision (${decisionWords(request)}) names ${name} ${JSON.stringify(statement[name])}, not ${JSON.stringify(request[name])}`;
    }
  }
  if (typeof statement.seq !== 'number' || statement.seq < 1) return 'the pf2.decision statement numbers my decision below 1';
  return null;
}

/** Two validly signed statements that give the same place in the round to different decisions (PF2.md §7 Proofs). */
function equivocation(decisions: readonly SentDecision[], kept: SentDecision): string | null {
  const statement = kept.statement;
  if (statement === null || kept.problem !== null) return null;
  const rival = decisions.find(
    (other) => other.requestId !== kept.requestId && other.problem === null && other.statement !== null && other.statement.seq === statement.seq,
  );
  return rival === undefined ? null : `the table signed two different decisions as decision ${String(statement.seq)} of this round (equivocation): both are kept for download`;
}

/** The ack of my decision: its pf2.decision is checked and kept; a missing or bad one raises the alarm. */
export function applyDecisionAck(state: PlayerState, request: BlackjackDecideRequest, statement: WireStatement | undefined): PlayerState {
  if (!isPf2(state)) return state;
  const problem = decisionProblem(state, request, statement);
  const answered = (sent: SentDecision): SentDecision => ({ ...sent, answer: 'acknowledged', statement: statement ?? null, problem });
  const kept = changeDecisions(state, request.round, (decisions) => {
    const known = decisions.some((sent) => sent.requestId === request.requestId);
    const all = known ? decisions : [...decisions, sentDecision(request, null)];
    return all.map((sent) => (sent.requestId === request.requestId ? answered(sent) : sent));
  });
  const decisions = pf2RoundOf(kept.pf2, request.round)?.decisions ?? [];
  const mine = decisions.find((sent) => sent.requestId === request.requestId);
  const rival = mine === undefined ? null : equivocation(decisions, mine);
  const alarms = [problem, rival].filter((alarm): alarm is string => alarm !== null);
  const alarmed = alarms.reduce((next, alarm) => raise(next, request.round, alarm), kept);
  return withDecisionsCompared(alarmed, request.round);
}

/** The server refused a decision request of mine (an error frame): it was not taken, so no statement is owed. */
export function refuseDecision(state: PlayerState, requestId: string): PlayerState {
  const entry = state.pf2.rounds.find((round) => round.decisions.some((sent) => sent.requestId === requestId));
  if (entry === undefined) return state;
  return changeDecisions(state, entry.round, (decisions) =>
    decisions.map((sent) => (sent.requestId === requestId && sent.answer === 'waiting' ? { ...sent, answer: 'refused' } : sent)),
  );
}

/** Marks decisions still unanswered once the server's clock (an event's stamp) has passed their deadline. */
function withLateDecisions(state: PlayerState, serverNow: number): PlayerState {
  const overdue = (sent: SentDecision): boolean => sent.answer === 'waiting' && !sent.late && sent.deadline !== null && serverNow > sent.deadline;
  return state.pf2.rounds
    .filter((entry) => entry.decisions.some(overdue))
    .reduce((next, entry) => changeDecisions(next, entry.round, (decisions) => decisions.map((sent) => (overdue(sent) ? { ...sent, late: true } : sent))), state);
}

/** Why this outcome disagrees with one of my validly signed decisions, or null. */
function recordProblem(recorded: readonly Decided[], sent: SentDecision): string | null {
  const seq = sent.statement?.seq;
  if (sent.problem !== null || typeof seq !== 'number') return null;
  const entry = recorded[seq - 1];
  const signed = `the table signed my decision ${seq} (${decisionWords(sent)})`;
  if (entry === undefined) return `${signed}, but the round's result records no decision ${seq}: this is proof of misbehaviour`;
  const same = entry.seat === sent.seat && entry.hand === sent.hand && entry.action === sent.action;
  return same ? null : `${signed}, but the round's result records decision ${seq} as ${decisionWords(entry)}: this is proof of misbehaviour`;
}

/** PF2.md §7: once the round's outcome is known, my signed decisions must be in it, each in its place. */
export function withDecisionsCompared(state: PlayerState, round: number): PlayerState {
  const entry = pf2RoundOf(state.pf2, round);
  const outcome = state.rounds.find((record) => record.round === round)?.outcome ?? null;
  if (entry === null || entry.decisions.length === 0 || outcome === null || !isBlackjackOutcome(outcome)) return state;
  const problems = entry.decisions.map((sent) => recordProblem(outcome.decisions, sent)).filter((problem): problem is string => problem !== null);
  return problems.reduce((next, problem) => raise(next, round, problem), state);
}

/** After a server message stamped with the server's time: overdue decisions noted, results compared. */
export function withDecisionsChecked(state: PlayerState, serverNow: number): PlayerState {
  if (!isPf2(state)) return state;
  const noted = withLateDecisions(state, serverNow);
  return noted.pf2.rounds.reduce((next, entry) => withDecisionsCompared(next, entry.round), noted);
}

/** Plain facts about my decisions in the round, for the pf2 panel (PF2.md §9: "a page whose decision got none while its timer ran says so"). */
export function decisionNotes(entry: Pf2Round): string[] {
  return entry.decisions.flatMap((sent) => {
    if (!sent.late) return [];
    const words = decisionWords(sent);
    if (sent.answer === 'acknowledged') return [`My decision (${words}) was acknowledged only after the timer ran out.`];
    return [`My decision (${words}) was sent and got no signed acknowledgement before the timer ran out.`];
  });
}

/** How many of my decisions in the round the table took or may have taken (not refused): each is owed a statement. */
export function owedStatementCount(entry: Pf2Round): number {
  return entry.decisions.filter((sent) => sent.answer !== 'refused').length;
}

/** How many of my decisions in the round came back with a statement that checked out. */
export function verifiedDecisionCount(entry: Pf2Round): number {
  return entry.decisions.filter((sent) => sent.statement !== null && sent.problem === null).length;
}
