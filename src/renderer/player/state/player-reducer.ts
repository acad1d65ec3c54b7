// The one way the player page state changes: a pure function of the previous
// state and an action (a server message, a request made on this page, a
// connection change). No DOM, no clock, no randomness: callers pass the time.
import {
  Limits,
  type BlackjackPlay,
  type HistoryEntry,
  type Phase,
  type PlacedBet,
  type PlayerSettlement,
  type ServerMessage,
  type TableEvent,
} from '../../../shared/protocol.ts';
import { findRequest, reconcileOutbox, withoutRequest } from './outbox.ts';
import {
  TOAST_LIMIT,
  type ConnectionStatus,
  type PendingRequest,
  type PlayerState,
  type RoundRecord,
  type Toast,
  type WantedBet,
} from './player-state.ts';
import { mergeSnapshotRound, recordFromView, updateRound, upsertRound } from './round-log.ts';

export type PlayerAction =
  | { type: 'server'; message: ServerMessage; receivedAt: number }
  /** A request made on this page: it waits in the outbox until acked or rejected. */
  | { type: 'request'; request: PendingRequest }
  | { type: 'connection'; status: ConnectionStatus }
  | { type: 'toast'; tone: Toast['tone']; message: string }
  | { type: 'toast-dismissed'; id: number };

export function playerReducer(state: PlayerState, action: PlayerAction): PlayerState {
  switch (action.type) {
    case 'server':
      return applyServerMessage(state, action.message, action.receivedAt);
    case 'request':
      return { ...state, outbox: [...state.outbox, action.request] };
    case 'connection':
      // Events only make sense on top of the snapshot of the same connection.
      return {
        ...state,
        connection: action.status,
        synced: action.status.state === 'connected' ? state.synced : false,
      };
    case 'toast':
      return withToast(state, action.tone, action.message);
    case 'toast-dismissed':
      return { ...state, toasts: state.toasts.filter((toast) => toast.id !== action.id) };
  }
}

function withToast(state: PlayerState, tone: Toast['tone'], message: string): PlayerState {
  const toast: Toast = { id: state.nextToastId, tone, message };
  return { ...state, toasts: [...state.toasts, toast].slice(-TOAST_LIMIT), nextToastId: state.nextToastId + 1 };
}

function applyServerMessage(state: PlayerState, message: ServerMessage, receivedAt: number): PlayerState {
  switch (message.kind) {
    case 'welcome':
      return {
        ...state,
        identity: { playerId: message.playerId, name: message.name, tableId: message.tableId },
        balanceMinor: message.balanceMinor,
        clientSeed: message.clientSeed,
        // A one-way sample: good enough until the first pong gives a better one.
        clockOffsetMs: state.clockSampleRttMs === null ? message.serverTime - receivedAt : state.clockOffsetMs,
        synced: false,
        resyncNeeded: false,
      };
    case 'snapshot':
      return applySnapshot(state, message.snapshot, receivedAt);
    case 'event':
      if (!state.synced || message.seq <= state.seq) return state;
      if (message.seq !== state.seq + 1) return { ...state, resyncNeeded: true };
      return { ...applyEvent(state, message.event, message.at), seq: message.seq };
    case 'ack':
      return applyAck(state, message.requestId, message.balanceMinor);
    case 'error': {
      const withoutFailed =
        message.requestId === null ? state : { ...state, outbox: withoutRequest(state.outbox, message.requestId) };
      return withToast(withoutFailed, 'error', message.message);
    }
    case 'balance':
      return { ...state, balanceMinor: message.balanceMinor };
    case 'settlement':
      return applySettlement(
        { ...state, balanceMinor: message.balanceMinor },
        { round: message.round, stakeMinor: message.stakeMinor, payoutMinor: message.payoutMinor },
      );
    case 'pong': {
      const rttMs = Math.max(0, receivedAt - message.clientTime);
      // The fastest round trip bounds the clock error best (±rtt/2).
      const better = state.clockSampleRttMs === null || rttMs <= state.clockSampleRttMs;
      return {
        ...state,
        rttMs,
        clockOffsetMs: better ? message.serverTime + rttMs / 2 - receivedAt : state.clockOffsetMs,
        clockSampleRttMs: better ? rttMs : state.clockSampleRttMs,
      };
    }
    default:
      // A kind this page does not know yet (a newer server): ignore it rather than break.
      return state;
  }
}

function applySnapshot(
  state: PlayerState,
  snapshot: Extract<ServerMessage, { kind: 'snapshot' }>['snapshot'],
  receivedAt: number,
): PlayerState {
  const playerId = state.identity?.playerId ?? '';
  const currentRound = snapshot.round?.round ?? null;
  const liveBetIds = new Set(snapshot.bets.map((bet) => bet.betId));
  const lastSettlement = snapshot.lastSettlement ?? state.lastSettlement;
  let rounds = snapshot.round ? mergeSnapshotRound(state.rounds, snapshot.round) : state.rounds;
  if (snapshot.round?.phase === 'settled' && currentRound !== null) {
    // Joined after the settlement went out: lastSettlement is for the last round I bet on, so any other round paid me nothing.
    rounds = updateRound(rounds, currentRound, (record) => {
      if (record.myPayoutMinor !== null) return record;
      const mine = lastSettlement?.round === currentRound ? lastSettlement : null;
      return { ...record, myStakeMinor: mine?.stakeMinor ?? 0, myPayoutMinor: mine?.payoutMinor ?? 0 };
    });
  }
  return {
    ...state,
    synced: true,
    resyncNeeded: false,
    seq: snapshot.seq,
    table: snapshot.table,
    round: snapshot.round,
    commitment: snapshot.round?.commitment ?? state.commitment,
    bets: snapshot.bets,
    betCount: snapshot.betCount,
    spotTotals: snapshot.spotTotals,
    lastSettlement,
    players: snapshot.players,
    playerCount: snapshot.playerCount,
    history: [...snapshot.history].sort((a, b) => b.round - a.round).slice(0, Limits.historyLength),
    lastRoundBets: snapshot.lastRoundBets.length > 0 ? snapshot.lastRoundBets : state.lastRoundBets,
    rounds,
    outbox: reconcileOutbox(state.outbox, snapshot.bets, playerId, currentRound, snapshot.round?.phase === 'playing'),
    // The decision timer's start is not in a snapshot: count the bar from now.
    blackjackTurnAt: snapshot.round?.blackjack?.deadline != null ? receivedAt + state.clockOffsetMs : null,
    placements: state.placements
      .filter((placement) => placement.round === currentRound)
      .map((placement) => ({ ...placement, betIds: placement.betIds.filter((betId) => liveBetIds.has(betId)) }))
      .filter((placement) => placement.betIds.length > 0),
  };
}

/** My own result of a round, sent to me alone (the broadcast only carries the biggest payouts). */
function applySettlement(state: PlayerState, settlement: PlayerSettlement): PlayerState {
  return {
    ...state,
    lastSettlement:
      state.lastSettlement !== null && state.lastSettlement.round > settlement.round ? state.lastSettlement : settlement,
    rounds: updateRound(state.rounds, settlement.round, (record) => ({
      ...record,
      myStakeMinor: settlement.stakeMinor,
      myPayoutMinor: settlement.payoutMinor,
    })),
  };
}

function applyAck(state: PlayerState, requestId: string, balanceMinor: number): PlayerState {
  const request = findRequest(state.outbox, requestId);
  const acked: PlayerState = { ...state, balanceMinor, outbox: withoutRequest(state.outbox, requestId) };
  if (request === null) return acked;
  if (request.kind === 'seed.set') {
    return withToast({ ...acked, clientSeed: request.clientSeed }, 'info', 'Client seed saved for your next bets');
  }
  if (request.kind === 'blackjack.decide') {
    // The table shows a decision through blackjack.turn; the ack brings the balance after its stake (a double, split
    // or insurance). The last decision also ends the round, and its ack can come after the round's settlement: that
    // balance predates the payout, so the settlement's stands.
    const settled = state.lastSettlement !== null && state.lastSettlement.round >= request.round;
    return settled ? { ...acked, balanceMinor: state.balanceMinor } : acked;
  }
  const identity = state.identity;
  if (identity === null || state.round?.round !== request.round) return acked;
  if (request.kind === 'bet.place') {
    // The ack means committed: show the chips as confirmed now, even if the bets.placed event is still on its way.
    const known = new Set(state.bets.map((bet) => bet.betId));
    const mine: PlacedBet[] = request.bets
      .filter((bet) => !known.has(bet.betId))
      .map((bet) => ({ ...bet, playerId: identity.playerId, playerName: identity.name }));
    return {
      ...acked,
      bets: [...state.bets, ...mine],
      placements: [
        ...state.placements,
        { requestId, round: request.round, betIds: request.bets.map((bet) => bet.betId) },
      ],
    };
  }
  return removeBets(acked, identity.playerId, request.betIds);
}

/** Takes bets of one player off the table; no bet ids means all of theirs. */
function removeBets(state: PlayerState, playerId: string, betIds: readonly string[]): PlayerState {
  const targets = new Set(betIds);
  const removed = (bet: PlacedBet): boolean =>
    bet.playerId === playerId && (targets.size === 0 || targets.has(bet.betId));
  const gone = new Set(state.bets.filter(removed).map((bet) => bet.betId));
  return {
    ...state,
    bets: state.bets.filter((bet) => !gone.has(bet.betId)),
    placements: state.placements
      .map((placement) => ({ ...placement, betIds: placement.betIds.filter((betId) => !gone.has(betId)) }))
      .filter((placement) => placement.betIds.length > 0),
  };
}

function myBetsOf(state: PlayerState): WantedBet[] {
  const playerId = state.identity?.playerId;
  return state.bets
    .filter((bet) => bet.playerId === playerId)
    .map((bet) => ({ spot: bet.spot, amountMinor: bet.amountMinor }));
}

function sumOf(bets: readonly WantedBet[]): number {
  return bets.reduce((total, bet) => total + bet.amountMinor, 0);
}

/** Applies change to the live round view and its record, when the event is about the live round. */
function changeRound(
  state: PlayerState,
  round: number,
  view: (current: NonNullable<PlayerState['round']>) => NonNullable<PlayerState['round']>,
  record: (current: RoundRecord) => RoundRecord,
): PlayerState {
  const live = state.round !== null && state.round.round === round ? view(state.round) : state.round;
  return { ...state, round: live, rounds: updateRound(state.rounds, round, record) };
}

function applyEvent(state: PlayerState, event: TableEvent, at: number): PlayerState {
  switch (event.kind) {
    case 'round.opened': {
      const view = {
        round: event.round,
        phase: 'betting' as const,
        commitment: event.commitment,
        chainIndex: event.chainIndex,
        closesAt: event.closesAt,
        lastCall: false,
        clientSeeds: [],
        outcome: null,
        serverSeed: null,
        clientString: null,
        blackjack: null,
      };
      return {
        ...state,
        round: view,
        blackjackTurnAt: null,
        commitment: event.commitment,
        bets: [],
        betCount: 0,
        spotTotals: {},
        placements: [],
        rounds: upsertRound(state.rounds, recordFromView(view)),
      };
    }
    case 'round.last_call':
      return changeRound(
        state,
        event.round,
        (view) => ({ ...view, lastCall: true, closesAt: event.closesAt }),
        (record) => record,
      );
    case 'round.closed':
      return changeRound(
        state,
        event.round,
        (view) => ({ ...view, phase: 'closed' }),
        (record) => ({ ...record, phase: 'closed' }),
      );
    case 'round.result': {
      const revealed = {
        phase: 'result' as const,
        outcome: event.outcome,
        serverSeed: event.serverSeed,
        clientString: event.clientString,
      };
      const known = state.rounds.some((record) => record.round === event.round);
      const rounds = known
        ? updateRound(state.rounds, event.round, (record) => ({ ...record, ...revealed }))
        : upsertRound(state.rounds, {
            round: event.round,
            commitment: event.commitment,
            chainIndex: event.chainIndex,
            clientSeeds: [],
            myStakeMinor: null,
            myPayoutMinor: null,
            voidReason: null,
            ...revealed,
          });
      const entry: HistoryEntry = { round: event.round, outcome: event.outcome, settledAt: at };
      return {
        ...state,
        round: state.round?.round === event.round ? { ...state.round, ...revealed } : state.round,
        rounds,
        history: [entry, ...state.history.filter((old) => old.round !== event.round)].slice(0, Limits.historyLength),
      };
    }
    case 'round.settled': {
      const isLive = state.round?.round === event.round;
      const mine = isLive ? myBetsOf(state) : [];
      // With bets of mine, my payout comes in a private settlement message; without, it is nothing.
      const nothingOfMine = isLive && mine.length === 0;
      const settled = changeRound(
        state,
        event.round,
        (view) => ({ ...view, phase: 'settled' }),
        (record) =>
          nothingOfMine && record.myPayoutMinor === null
            ? { ...record, phase: 'settled', myStakeMinor: 0, myPayoutMinor: 0 }
            : { ...record, phase: 'settled' },
      );
      return {
        ...settled,
        spotTotals: {},
        lastRoundBets: mine.length > 0 ? mine : state.lastRoundBets,
      };
    }
    case 'round.voided': {
      const isLive = state.round?.round === event.round;
      const stake = isLive ? sumOf(myBetsOf(state)) : 0;
      const voided = changeRound(
        state,
        event.round,
        (view) => ({ ...view, phase: 'voided' }),
        (record) => ({
          ...record,
          phase: 'voided',
          myStakeMinor: stake,
          // Every stake comes back on a void.
          myPayoutMinor: stake,
          voidReason: event.reason,
        }),
      );
      // A voided round has no valid outcome, so it must not count towards hot and cold numbers.
      return { ...voided, spotTotals: {}, history: state.history.filter((entry) => entry.round !== event.round) };
    }
    case 'bets.placed': {
      if (state.round?.round !== event.round) return state;
      const known = new Set(state.bets.map((bet) => bet.betId));
      const fresh = event.bets.filter((bet) => !known.has(bet.betId));
      return {
        ...state,
        bets: fresh.length === 0 ? state.bets : [...state.bets, ...fresh],
        betCount: state.betCount + event.betCount,
        spotTotals: event.spotTotals,
      };
    }
    case 'bets.cancelled': {
      if (state.round?.round !== event.round) return state;
      const removed = removeBets(state, event.playerId, event.betIds);
      return {
        ...removed,
        betCount: Math.max(0, state.betCount - event.betIds.length),
        spotTotals: event.spotTotals,
      };
    }
    case 'seed.recorded': {
      const fresh = new Set(event.seeds.map((seed) => seed.playerId));
      const withSeeds = <T extends { clientSeeds: { playerId: string; clientSeed: string }[] }>(holder: T): T => ({
        ...holder,
        clientSeeds: [...holder.clientSeeds.filter((old) => !fresh.has(old.playerId)), ...event.seeds],
      });
      return changeRound(state, event.round, withSeeds, withSeeds);
    }
    case 'player.joined': {
      const arrived = new Set(event.players.map((player) => player.playerId));
      return {
        ...state,
        players: [...state.players.filter((player) => !arrived.has(player.playerId)), ...event.players],
        playerCount: event.playerCount,
      };
    }
    case 'player.left': {
      const gone = new Set(event.playerIds);
      return {
        ...state,
        // Names of bettors who left stay on their bets; the list holds only who is here.
        players: state.players.filter((player) => !gone.has(player.playerId)),
        playerCount: event.playerCount,
      };
    }
    case 'blackjack.turn': {
      const { round } = event;
      const play: BlackjackPlay = { dealer: event.dealer, seats: event.seats, turn: event.turn, deadline: event.deadline };
      // The cards are out: the round is being played until its result arrives.
      const playing = <T extends { phase: Phase }>(holder: T): T =>
        holder.phase === 'closed' || holder.phase === 'betting' ? { ...holder, phase: 'playing' } : holder;
      const changed = changeRound(state, round, (view) => ({ ...playing(view), blackjack: play }), playing);
      return { ...changed, blackjackTurnAt: state.round?.round === round ? at : state.blackjackTurnAt };
    }
    case 'chain.rotated':
      return { ...state, commitment: event.commitment };
    case 'table.closed':
      return { ...state, tableClosed: true };
    default:
      return state;
  }
}
