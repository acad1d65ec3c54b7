// How pf2's messages change the player state (docs/PF2.md §2–§4, §7): the
// welcome's reference and key, the signed freeze and reveal-set statements,
// my private frozen lines, the acknowledgement of my reveal, my receipt. A
// freeze is checked as soon as the statement, my lines and my commitment are
// all here; a statement that fails its checks raises an alarm and is kept,
// because a signed statement that contradicts what I hold is the evidence.
import { fingerprintOf } from '../../../shared/audit/fingerprint.ts';
import { hexToBytes } from '../../../shared/fairness/pf1.ts';
import type { FrozenLinesOfPlayer, TableEvent, TableSnapshot, WireStatement } from '../../../shared/protocol.ts';
import { betAcknowledgementProblems, type AcknowledgedRequest, type BetAcknowledgement } from './pf2-bet-acks.ts';
import { checkFreeze } from './pf2-freeze-check.ts';
import { changePf2Round, pf2RoundOf, withAlarm, type BetLine, type Pf2Audit, type Pf2Round } from './pf2-state.ts';
import { statementProblem, type RoundIdentity } from './pf2-statement-checks.ts';
import type { BetCancelRequest, BetPlaceRequest, Pf2RevealRequest, PlayerState } from './player-state.ts';
import { withToast } from './state-changes.ts';

type Pf2Event = Extract<TableEvent, { kind: 'round.frozen' | 'round.revealed' | 'round.resumed' }>;

function change(state: PlayerState, round: number, update: (entry: Pf2Round) => Pf2Round): PlayerState {
  const pf2 = changePf2Round(state.pf2, round, update);
  return pf2 === state.pf2 ? state : { ...state, pf2 };
}

/** The round as its statements must name it, from what this page saw when it opened. */
export function roundIdentity(state: PlayerState, round: number): RoundIdentity | null {
  const table = state.identity?.tableId ?? state.table?.id;
  const view = state.round?.round === round ? state.round : (state.rounds.find((record) => record.round === round) ?? null);
  if (table === undefined || view === null) return null;
  return { table, round, chain: view.commitment, chainIndex: view.chainIndex };
}

/** What is wrong with a statement about this round (signature, names, freeze), or null when the page may rely on it. */
function admitted(state: PlayerState, round: number, statement: WireStatement, kind: 'pf2.revealed' | 'pf2.resume' | 'pf2.receipt' | 'pf2.reveal'): string | null {
  const identity = roundIdentity(state, round);
  if (identity === null) return `round ${round} is unknown to this page, so its ${kind} statement cannot be checked`;
  const problem = statementProblem(statement, kind, identity, state.pf2.statementKey);
  if (problem !== null) return problem;
  const freeze = pf2RoundOf(state.pf2, round)?.freeze?.freeze;
  if (kind !== 'pf2.receipt' && freeze !== undefined && statement.freeze !== freeze) return `the ${kind} statement is about a different freeze than the one signed at the close`;
  return null;
}

/** Member by member: a copy with one member changed keeps its `sig`, so the signature alone does not tell. */
function sameStatement(a: WireStatement, b: WireStatement): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => a[name] === b[name]);
}

/** Keeps a validly signed statement that contradicts one already held, beside it, as the proof of equivocation. */
function conflict(state: PlayerState, round: number, statement: WireStatement, alarm: string): PlayerState {
  const kept = change(state, round, (entry) =>
    entry.conflicting.some((held) => sameStatement(held, statement)) ? entry : { ...entry, conflicting: [...entry.conflicting, statement] },
  );
  return raise(kept, round, alarm);
}

function raise(state: PlayerState, round: number, alarm: string): PlayerState {
  const alarmed = change(state, round, (entry) => withAlarm(entry, alarm));
  return alarmed === state ? state : withToast(alarmed, 'error', `Fairness alarm, round ${round}: ${alarm}`);
}

/**
 * My bets the freeze must hold (acknowledged, and no cancel of them in flight) and those it may hold
 * (a placement or a cancel whose acknowledgement had not arrived when betting closed: the server
 * may or may not have taken it).
 */
function myBets(state: PlayerState, round: number): { acknowledged: BetLine[]; requested: BetLine[] } {
  const playerId = state.identity?.playerId;
  const live = state.round?.round === round ? state.bets.filter((bet) => bet.playerId === playerId) : [];
  const cancels = state.outbox.flatMap((request) => (request.kind === 'bet.cancel' && request.round === round ? [request.betIds] : []));
  const cancelling = (betId: string): boolean => cancels.some((betIds) => betIds.length === 0 || betIds.includes(betId));
  const promised = pf2RoundOf(state.pf2, round)?.acknowledgedBets ?? [];
  const shown = live.map((bet) => ({ betId: bet.betId, spot: bet.spot, amountMinor: bet.amountMinor }));
  const lines = [...promised, ...shown.filter((bet) => !promised.some((kept) => kept.betId === bet.betId))];
  const known = new Set(lines.map((bet) => bet.betId));
  const placing = state.outbox.flatMap((request) =>
    request.kind === 'bet.place' && request.round === round ? request.bets.filter((bet) => !known.has(bet.betId)) : [],
  );
  return {
    acknowledged: lines.filter((bet) => !cancelling(bet.betId)),
    requested: [...lines.filter((bet) => cancelling(bet.betId)), ...placing],
  };
}

/** Runs PF2.md §3's checks once the freeze, my lines and my commitment are all known. */
export function withFreezeChecked(state: PlayerState, round: number): PlayerState {
  const entry = pf2RoundOf(state.pf2, round);
  const reference = state.pf2.reference;
  const identity = roundIdentity(state, round);
  if (entry === null || entry.freeze === null || entry.lines === null || entry.commitment === null || reference === null || identity === null) return state;
  const bets = myBets(state, round);
  const check = checkFreeze({
    identity,
    statementKey: state.pf2.statementKey,
    reference,
    commitment: entry.commitment,
    statement: entry.freeze,
    lines: entry.lines,
    acknowledgedBets: bets.acknowledged,
    requestedBets: bets.requested,
  });
  const checked = change(state, round, (current) => ({ ...current, check }));
  return check.ok ? checked : raise(checked, round, `the freeze failed its checks, so my secret was not revealed: ${check.problems.join('; ')}`);
}

function holdFreeze(state: PlayerState, round: number, statement: WireStatement, revealClosesAt: number | null): PlayerState {
  const held = pf2RoundOf(state.pf2, round)?.freeze ?? null;
  if (held !== null && !sameStatement(held, statement)) {
    const identity = roundIdentity(state, round);
    const problem = identity === null ? null : statementProblem(statement, 'pf2.freeze', identity, state.pf2.statementKey);
    // A badly signed copy proves nothing and the valid one held stays; a second valid one is equivocation.
    if (problem !== null) return raise(state, round, problem);
    return conflict(state, round, statement, 'the table signed two different freezes for this round (equivocation): both are kept for download');
  }
  const kept = change(state, round, (entry) => ({ ...entry, freeze: statement, revealClosesAt: revealClosesAt ?? entry.revealClosesAt }));
  return withFreezeChecked(kept, round);
}

function holdRevealed(state: PlayerState, round: number, statement: WireStatement): PlayerState {
  const held = pf2RoundOf(state.pf2, round)?.revealed ?? null;
  if (held !== null && sameStatement(held, statement)) return state;
  const problem = admitted(state, round, statement, 'pf2.revealed');
  if (held !== null) {
    // Ed25519 is deterministic: a second, different valid signature means a second, different reveal set.
    if (problem === null) return conflict(state, round, statement, 'the table signed two different reveal sets for this round (equivocation): both are kept for download');
    // A badly signed one proves nothing: the valid one held stays.
    return raise(state, round, problem);
  }
  const kept = change(state, round, (current) => ({ ...current, revealed: statement }));
  return problem === null ? kept : raise(kept, round, problem);
}

export function applyPf2Event(state: PlayerState, event: Pf2Event): PlayerState {
  switch (event.kind) {
    case 'round.frozen':
      return holdFreeze(state, event.round, event.statement, event.revealClosesAt);
    case 'round.revealed':
      return holdRevealed(state, event.round, event.statement);
    case 'round.resumed': {
      // After a restart the window opens again: a reveal that got no acknowledgement may go once more.
      const problem = admitted(state, event.round, event.statement, 'pf2.resume');
      const reopened = change(state, event.round, (current) => ({
        ...current,
        revealClosesAt: event.revealClosesAt,
        revealSent: current.revealAck !== null,
      }));
      return problem === null ? reopened : raise(reopened, event.round, problem);
    }
  }
}

export function applyWelcomeKeys(state: PlayerState, reference: string, statementKey: string): PlayerState {
  const pinned = state.pf2.pinnedFingerprint;
  if (pinned !== null && !/^[0-9a-f]{64}$/.test(statementKey)) return state;
  if (pinned !== null && fingerprintOf(hexToBytes(statementKey)) !== pinned) {
    // Not the key the dealer shared in the link: nothing signed under it is trusted (statementKey stays unset).
    const keyAlarm = `the table signs with a key (${statementKey.slice(0, 12)}…) that is not the one in your invite link (${pinned.slice(0, 12)}…)`;
    const next = { ...state, pf2: { ...state.pf2, reference, keyAlarm } };
    return state.pf2.keyAlarm === keyAlarm ? next : withToast(next, 'error', `Fairness alarm: ${keyAlarm}`);
  }
  const knownKey = state.pf2.statementKey;
  // The key may not change under a page: a new key would let the table sign anything anew, so the first one stays.
  const changed = knownKey !== null && knownKey !== statementKey;
  const keyAlarm = changed ? `the table now presents a different statement key (${statementKey.slice(0, 12)}…); statements are still checked against the first one` : state.pf2.keyAlarm;
  const next = { ...state, pf2: { ...state.pf2, reference, statementKey: knownKey ?? statementKey, keyAlarm } };
  return changed ? withToast(next, 'error', `Fairness alarm: ${keyAlarm}`) : next;
}

export function applyFrozenLines(state: PlayerState, message: FrozenLinesOfPlayer): PlayerState {
  const { round, size, freeze, lines, neighbours } = message;
  const kept = change(state, round, (entry) => ({ ...entry, lines: { round, size, freeze, lines, neighbours } }));
  return withFreezeChecked(kept, round);
}

/** A reconnecting page learns the freeze and the reveal set from its snapshot, then gets its lines again. */
export function applyPf2Snapshot(state: PlayerState, snapshot: TableSnapshot): PlayerState {
  const view = snapshot.round;
  if (view?.pf2 == null) return state;
  let next = state;
  if (view.pf2.freeze !== null) next = holdFreeze(next, view.round, view.pf2.freeze, view.pf2.revealClosesAt);
  if (view.pf2.revealed !== null) next = holdRevealed(next, view.round, view.pf2.revealed);
  return next;
}

export function applyRevealAck(state: PlayerState, request: Pf2RevealRequest, statement: WireStatement | undefined): PlayerState {
  const entry = pf2RoundOf(state.pf2, request.round);
  if (entry === null) return state;
  if (statement === undefined) return raise(state, request.round, 'my reveal was acknowledged without a signed pf2.reveal statement');
  const problem =
    admitted(state, request.round, statement, 'pf2.reveal') ??
    (entry.commitment !== null && statement.commitment !== entry.commitment ? 'the reveal acknowledgement names a commitment that is not mine' : null);
  const kept = change(state, request.round, (current) => ({ ...current, revealAck: statement }));
  return problem === null ? kept : raise(kept, request.round, problem);
}

export function applyReceipt(state: PlayerState, round: number, statement: WireStatement): PlayerState {
  const problem = admitted(state, round, statement, 'pf2.receipt');
  const kept = change(state, round, (current) => ({ ...current, receipt: statement }));
  return problem === null ? kept : raise(kept, round, problem);
}

/**
 * My commitment and secret for the round, drawn outside the reducer (it has no randomness) and kept
 * in storage, with the acknowledged bets storage kept across a reload.
 */
export function rememberSecret(state: PlayerState, round: number, secret: string, commitment: string, storedBets: readonly BetLine[] = []): PlayerState {
  const entry = pf2RoundOf(state.pf2, round);
  const known = new Set(entry?.acknowledgedBets.map((bet) => bet.betId) ?? []);
  const fresh = storedBets.filter((bet) => !known.has(bet.betId));
  if (entry?.commitment === commitment && entry.secret === secret && fresh.length === 0) return state;
  return withFreezeChecked(
    change(state, round, (current) => ({ ...current, secret, commitment, acknowledgedBets: [...current.acknowledgedBets, ...fresh] })),
    round,
  );
}

/** The server acknowledged bets of mine (placed), or took them back (cancelled; no ids means all). */
export function recordBetAcknowledgement(state: PlayerState, round: number, placed: readonly BetLine[], cancelled: readonly string[] | null): PlayerState {
  if (state.table?.fairness !== 'pf2') return state;
  return change(state, round, (entry) => {
    const kept = cancelled === null ? entry.acknowledgedBets : cancelled.length === 0 ? [] : entry.acknowledgedBets.filter((bet) => !cancelled.includes(bet.betId));
    const known = new Set(kept.map((bet) => bet.betId));
    return { ...entry, acknowledgedBets: [...kept, ...placed.filter((bet) => !known.has(bet.betId))] };
  });
}

/**
 * The signed pf2.bets an ack of my bet or take-back carried (PF2.md §7): checked against what I asked, kept
 * whatever it says (a bad one is the evidence), and missed loudly: a pf2 table that takes my bets or takes
 * them back without signing for them leaves me nothing to hold it to.
 */
export function applyBetsAcknowledgement(state: PlayerState, request: BetPlaceRequest | BetCancelRequest, acknowledgement: BetAcknowledgement | undefined): PlayerState {
  if (state.table?.fairness !== 'pf2') return state;
  const entry = pf2RoundOf(state.pf2, request.round);
  const asked: AcknowledgedRequest | null =
    request.kind === 'bet.place'
      ? request.commitment === undefined ? null : { kind: 'place', commitment: request.commitment, bets: request.bets }
      : { kind: 'cancel', betIds: request.betIds };
  if (asked === null) return state;
  if (acknowledgement === undefined) {
    // Taking back nothing (all of my bets, when none is left) signs no line.
    const expected = request.kind === 'bet.place' || request.betIds.length > 0 || (entry?.acknowledgedBets.length ?? 0) > 0;
    const what = request.kind === 'bet.place' ? 'took my bets' : 'took my bets back';
    return expected ? raise(state, request.round, `the table ${what} without a signed acknowledgement (pf2.bets)`) : state;
  }
  const identity = roundIdentity(state, request.round);
  const reference = state.pf2.reference;
  const kept = change(state, request.round, (current) => ({ ...current, betAcknowledgements: [...current.betAcknowledgements, acknowledgement] }));
  if (identity === null || reference === null) return raise(kept, request.round, `round ${request.round} is unknown to this page, so its pf2.bets acknowledgement cannot be checked`);
  const problems = betAcknowledgementProblems({ identity, statementKey: state.pf2.statementKey, reference, request: asked, acknowledgement });
  return problems.reduce((next, problem) => raise(next, request.round, problem), kept);
}

export function markRevealSent(state: PlayerState, request: Pf2RevealRequest): PlayerState {
  return change(state, request.round, (entry) => (entry.revealSent ? entry : { ...entry, revealSent: true }));
}

export function recordAudit(state: PlayerState, round: number, audit: Pf2Audit): PlayerState {
  const audited = change(state, round, (entry) => ({ ...entry, audit }));
  return audit.alarms.reduce((next, alarm) => raise(next, round, alarm), audited);
}
