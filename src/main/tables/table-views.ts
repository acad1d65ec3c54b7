// What a table shows: its summary, the round in play, and the snapshot a
// player (or console) gets on connecting. Pure functions of the table's
// state; a snapshot's size is bounded (bets, players, history), never
// growing with everyone ever seen.
import type { TableConfig } from '../../shared/api.ts';
import type { GameRules } from '../../shared/games/index.ts';
import {
  Limits,
  Phase,
  type GameId,
  type HistoryEntry,
  type PlayerSettlement,
  type RoundView,
  type SeatedPlayer,
  type TableSnapshot,
  type TableSummary,
} from '../../shared/protocol.ts';
import type { Pf2Live } from './pf2-round.ts';
import { beaconView } from './pf2-beacon.ts';
import type { LiveRound } from './live-round.ts';

/** `beaconChain`: the drand chain the table's next freeze takes its beacon from, null when it takes none. */
export function tableSummary(table: { id: string; name: string; game: GameId; rules: GameRules }, config: TableConfig, open: boolean, beaconChain: string | null): TableSummary {
  const { currency, minBetMinor, maxSpotMinor, maxRoundMinor, bettingWindowMs, autoCycle, fairness, revealWindowMs } = config;
  return {
    id: table.id,
    name: table.name,
    game: table.game,
    limits: { currency, minBetMinor, maxSpotMinor, maxRoundMinor },
    rtp: fairness === 'pf2' ? (table.rules.pf2RtpByKind ?? table.rules.rtpByKind) : table.rules.rtpByKind,
    bettingWindowMs,
    autoCycle,
    open,
    fairness,
    revealWindowMs,
    beacon: beaconChain,
  };
}

export function roundViewOf(round: LiveRound | null, interactive: boolean): RoundView | null {
  if (!round) return null;
  return {
    round: round.number,
    phase: round.phase,
    commitment: round.commitment,
    chainIndex: round.chainIndex,
    closesAt: round.closesAt,
    lastCall: round.lastCall,
    clientSeeds: [...round.seeds].map(([playerId, clientSeed]) => ({ playerId, clientSeed })),
    outcome: round.outcome,
    serverSeed: round.serverSeed,
    clientString: round.clientString,
    ...(interactive ? { blackjack: round.phase === Phase.Playing && round.blackjack ? round.blackjack.view() : null } : {}),
    ...(round.pf2 ? { pf2: pf2ViewOf(round.pf2) } : {}),
  };
}

function pf2ViewOf({ frozen }: Pf2Live): NonNullable<RoundView['pf2']> {
  if (frozen === null) return { freeze: null, resume: null, revealClosesAt: null, revealed: null, revealedSoFar: 0, beacon: null };
  return {
    freeze: frozen.statement,
    resume: frozen.resume,
    revealClosesAt: frozen.revealed === null ? frozen.closesAt : null,
    revealed: frozen.revealed,
    revealedSoFar: frozen.reveals.size,
    beacon: frozen.beacon === null ? null : beaconView(frozen.beacon),
  };
}

function isOpen(round: LiveRound | null): round is LiveRound {
  return round !== null && round.phase !== Phase.Voided && round.phase !== Phase.Settled;
}

export function stakesByPlayer(round: LiveRound | null): Map<string, number> {
  const stakes = new Map<string, number>();
  if (!isOpen(round)) return stakes;
  for (const bet of round.book.values()) stakes.set(bet.playerId, (stakes.get(bet.playerId) ?? 0) + bet.amountMinor);
  return stakes;
}

export type SnapshotInput = {
  seq: number;
  summary: TableSummary;
  round: LiveRound | null;
  interactive: boolean;
  playerId: string | null;
  names: (playerId: string) => string;
  seated: ReadonlyMap<string, SeatedPlayer>;
  history: readonly HistoryEntry[];
  /** The player's bets of the last settled round, for "rebet". */
  lastRoundBets: readonly { spot: string; amountMinor: number }[];
  lastSettlement: PlayerSettlement | null;
};

export function snapshotOf(input: SnapshotInput): TableSnapshot {
  const { round, playerId } = input;
  const open = isOpen(round);
  const mine = open && playerId !== null ? round.book.of(playerId) : [];
  const othersRoom = Math.max(0, Limits.maxSnapshotBets - mine.length);
  const others = open ? round.book.recent().filter((bet) => bet.playerId !== playerId).slice(-othersRoom) : [];
  return {
    seq: input.seq,
    table: input.summary,
    round: roundViewOf(round, input.interactive),
    bets: [...mine, ...others].map((bet) => ({
      betId: bet.betId,
      playerId: bet.playerId,
      playerName: bet.playerName || input.names(bet.playerId),
      spot: bet.spot,
      amountMinor: bet.amountMinor,
    })),
    betCount: open ? round.book.size : 0,
    spotTotals: open ? round.book.spotTotals() : {},
    players: presentPlayers(input.seated, playerId),
    playerCount: input.seated.size,
    history: [...input.history],
    lastRoundBets: input.lastRoundBets.map((bet) => ({ spot: bet.spot, amountMinor: bet.amountMinor })),
    lastSettlement: input.lastSettlement,
  };
}

/** The players present, this one first, at most Limits.maxSnapshotPlayers. */
export function presentPlayers(seated: ReadonlyMap<string, SeatedPlayer>, playerId: string | null): SeatedPlayer[] {
  const players: SeatedPlayer[] = [];
  const self = playerId === null ? undefined : seated.get(playerId);
  if (self) players.push(self);
  for (const player of seated.values()) {
    if (players.length >= Limits.maxSnapshotPlayers) break;
    if (player !== self) players.push(player);
  }
  return players;
}
