// A pf2 round's part of the table (docs/PF2.md §2–§5, §8): the commitments
// bettors send with their bets, the freeze at close (durable, then announced
// as a signed statement, each bettor privately getting its own lines and
// proofs), the reveal window with durable, acknowledged reveals, and the
// signed reveal set at its close, which fixes the round's client string.
// Nothing here can depend on the outcome: it is unknowable until the window
// has closed, and from the freeze on the round always resolves.
import type { TableConfig } from '../../shared/api.ts';
import { MerkleTree } from '../../shared/fairness/merkle.ts';
import {
  betAcknowledgementLine,
  bettorProofsAt,
  cancelAcknowledgementLine,
  lineIndicesByPlayer,
  opensCommitment,
  roundClientString,
  secretsDigest,
  secretsString,
  sortByBytes,
  withheldBettors,
  withheldDigest,
} from '../../shared/fairness/pf2.ts';
import type { GameRules } from '../../shared/games/index.ts';
import { ErrorCode, EventKind, ServerKind, type BetRequest, type ServerMessage, type WireProof, type WireStatement } from '../../shared/protocol.ts';
import type { CommitmentRow, FreezeRow, Pf2Store, RevealRow } from '../storage/pf2-store.ts';
import type { BetRow } from '../storage/table-rows.ts';
import type { Applied } from './bet-queue.ts';
import type { Bettors, BuiltFreeze } from './pf2-freeze.ts';
import type { Timers } from './clock.ts';
import type { LiveRound } from './live-round.ts';
import type { TableDependencies } from './table-dependencies.ts';
import type { TableEvents } from './table-events.ts';
import { signRoundStatement } from './round-statements.ts';
import { BeaconWait, beaconView, closesInTime, fixBeacon, withValue, type BeaconSource, type FrozenBeacon } from './pf2-beacon.ts';

/** A frozen round's reveal window and what it has gathered. */
export type FrozenRound = {
  tree: MerkleTree;
  freeze: string;
  frozenAt: number;
  revealWindowMs: number;
  /** When the window closes on its own (from the freeze, or from the last resume). */
  closesAt: number;
  statement: WireStatement;
  /** Each bettor by reference (as the lines name them): the player and their frozen commitment. */
  bettors: Bettors;
  /** The secret each bettor revealed and when it arrived, once durable, by reference. */
  reveals: Map<string, { secret: string; receivedAt: number }>;
  /** The signed reveal set once the window closed. */
  revealed: WireStatement | null;
  /** Where each bettor's lines are in the tree (by reference), found once: proofs are sent and resent from it. */
  lineIndices: Map<string, number[]>;
  /** The public beacon the freeze (or the last resume) fixed, and its value once obtained; null without one (PF2.md §6). */
  beacon: FrozenBeacon | null;
  /** The last signed pf2.resume (PF2.md §8): a page that joins after a restart learns R′ from it. */
  resume: WireStatement | null;
};

/** Bettors whose frozen lines are sent per turn of the event loop: a freeze of thousands stays within short turns. */
export const linesSentPerTurn = 200;

/** What a pf2 round holds beyond a pf1 one. */
export type Pf2Live = {
  /** Each player's commitment and reference, by player id, recorded with their first accepted bet of the round. */
  commitments: Map<string, { reference: string; commitment: string }>;
  frozen: FrozenRound | null;
};

export type Pf2Host = {
  table: { id: string; game: string; rules: GameRules };
  deps: TableDependencies;
  store: Pf2Store;
  events: TableEvents;
  timers: Timers;
  config(): TableConfig;
  round(): LiveRound | null;
  /** Commits the requests queued so far: reveals that arrived before the window closed count. */
  flush(): void;
  /** The window closed and fixed the client string: draw the outcome and settle. */
  resolve(round: LiveRound, clientString: string): void;
  /** Where beacon values come from; null when this server fetches none. */
  beacon: BeaconSource | null;
  /** Said once per failure that leaves a round waiting (never the network: that is retried). */
  log(line: string): void;
};

type Body = Record<string, string | number | null>;

/**
 * The window's timer fires this long before the announced close: a timer
 * runs late (a busy event loop, a commit in flight), and a reveal set closed
 * after frozenAt + revealWindowMs breaks the schedule verifiers check. Close
 * early rather than late.
 */
export const revealCloseMarginMs = 100;

/** The reveal set of a frozen round: the secrets string of who revealed (PF2.md §5), and who withheld. */
export function revealSet(frozen: Pick<FrozenRound, 'tree' | 'reveals'>): { secrets: string; withheld: string[] } {
  const withheld = withheldBettors(frozen.tree.lines, new Set(frozen.reveals.keys()));
  const secrets = secretsString([...frozen.reveals.values()].map((reveal) => reveal.secret));
  return { secrets, withheld };
}

/**
 * The client string a frozen round draws from (PF2.md §5): its freeze, its
 * reveal set and its beacon's randomness, which a round under a beacon must
 * hold by then: it is never drawn without it.
 */
export function frozenClientString(frozen: Pick<FrozenRound, 'freeze' | 'tree' | 'reveals' | 'beacon'>): string {
  if (frozen.beacon !== null && frozen.beacon.randomness === null) throw new Error(`the round frozen as ${frozen.freeze} waits for its beacon value`);
  return roundClientString(frozen.freeze, revealSet(frozen).secrets, frozen.beacon?.randomness ?? '');
}

export class Pf2Rounds {
  readonly #host: Pf2Host;
  #beaconWait: BeaconWait | null = null;

  constructor(host: Pf2Host) {
    this.#host = host;
  }

  /** Checks a bet request's commitment against the one recorded for the player; returns the commitment to record, if new. */
  commitmentProblem(round: LiveRound, playerId: string, commitment: string | undefined): Applied | null {
    const pf2 = round.pf2;
    if (pf2 === null) {
      if (commitment === undefined) return null;
      return refuse(ErrorCode.BadMessage, 'this table runs pf1: bets carry no commitment');
    }
    if (commitment === undefined) return refuse(ErrorCode.CommitmentMismatch, 'this table runs pf2: every bet request carries your commitment to this round');
    const recorded = pf2.commitments.get(playerId)?.commitment;
    if (recorded !== undefined && recorded !== commitment) {
      return refuse(ErrorCode.CommitmentMismatch, 'your bets in this round carry another commitment: send the one your first bet carried');
    }
    return null;
  }

  /**
   * Records the player's commitment with their first accepted bet, inside
   * the batch's transaction (memory learns it in `afterCommit`), and gives
   * the acknowledgement lines of the bets placed (PF2.md §7); `firstSeq` is
   * the first bet's acceptance order in the round.
   */
  placed(round: LiveRound, playerId: string, commitment: string | undefined, bets: readonly BetRequest[], firstSeq: number, now: number): Pick<Applied, 'afterCommit' | 'acknowledged'> {
    const pf2 = round.pf2;
    if (pf2 === null || commitment === undefined) return {};
    const known = pf2.commitments.get(playerId);
    const reference = known?.reference ?? this.#host.deps.playerReference(this.#host.table.id, playerId);
    if (!known) this.#host.store.insertCommitment(round.id, { playerId, reference, commitment }, now);
    const acknowledged = bets.map((bet, index) =>
      betAcknowledgementLine({ player: reference, commitment, betId: bet.betId, spot: bet.spot, amountMinor: bet.amountMinor, acceptedSeq: firstSeq + index }),
    );
    return { acknowledged, ...(known ? {} : { afterCommit: () => pf2.commitments.set(playerId, { reference, commitment }) }) };
  }

  /**
   * The acknowledgement lines of a retried request's bets, already committed
   * (a page resending after a reconnect): the same lines as the first time,
   * signed again under this batch, so the retry is acknowledged like the first.
   */
  replayed(round: LiveRound, playerId: string, rows: readonly BetRow[]): readonly string[] | undefined {
    const known = round.pf2?.commitments.get(playerId);
    if (known === undefined) return undefined;
    return rows.map((row) =>
      betAcknowledgementLine({
        player: known.reference,
        commitment: known.commitment,
        betId: row.betId,
        spot: row.spot,
        amountMinor: row.amountMinor,
        acceptedSeq: this.#host.deps.store.betOrderInRound(round.id, row.id),
      }),
    );
  }

  /** The acknowledgement lines of bets taken back (PF2.md §7). */
  cancelled(round: LiveRound, playerId: string, betIds: readonly string[]): readonly string[] | undefined {
    const reference = round.pf2?.commitments.get(playerId)?.reference;
    return reference === undefined ? undefined : betIds.map((betId) => cancelAcknowledgementLine({ player: reference, betId }));
  }

  /** One group commit's acknowledgement lines as a tree under one signed pf2.bets (PF2.md §7). */
  signBatch(lines: readonly string[]): { statement: WireStatement; proofOf(line: string): WireProof } {
    const round = this.#host.round();
    if (!round?.pf2) throw new Error('acknowledgement lines outside a pf2 round');
    const tree = new MerkleTree(sortByBytes(lines));
    const indexOf = new Map(tree.lines.map((line, index) => [line, index]));
    const statement = this.#sign(round, { kind: 'pf2.bets', root: tree.root, size: tree.size, signedAt: this.#host.deps.clock.now() });
    return { statement, proofOf: (line) => tree.proof(indexOf.get(line) ?? -1) };
  }

  /**
   * Records the freeze once its lines and tree are built (PF2.md §3,
   * pf2-freeze.ts): the close (at `closedAt`, when betting stopped), the
   * frozen lines and the signed statement, in one transaction; memory learns
   * it after. `frozenAt` is now, so the reveal window runs from the moment
   * the freeze is durable. announce() then sends it.
   */
  freeze(round: LiveRound, pf2: Pf2Live, { tree, bettors, bets, lineIndices }: BuiltFreeze, closedAt: number): FrozenRound {
    const { deps, store, table } = this.#host;
    const now = deps.clock.now();
    const revealWindowMs = this.#host.config().revealWindowMs;
    const source = this.#host.config().beacon === true ? this.#host.beacon : null;
    const beacon = source === null ? null : fixBeacon(source.chain, now, revealWindowMs);
    const statement = this.#sign(round, {
      kind: 'pf2.freeze',
      game: table.game,
      rulesVersion: table.rules.rulesVersion,
      freeze: tree.root,
      lines: tree.size,
      bettors: bettors.size,
      bets,
      revealWindowMs,
      beaconChain: beacon?.chain ?? null,
      beaconRound: beacon?.round ?? null,
      frozenAt: now,
    });
    deps.db.transaction(() => {
      deps.store.closeRound(round.id, closedAt);
      store.insertFreeze({ roundId: round.id, freeze: tree.root, lines: [...tree.lines], frozenAt: now, revealWindowMs, statement: JSON.stringify(statement) });
    })();
    const frozen: FrozenRound = {
      tree,
      freeze: tree.root,
      frozenAt: now,
      revealWindowMs,
      closesAt: now + revealWindowMs,
      statement,
      bettors,
      reveals: new Map(),
      revealed: null,
      lineIndices,
      beacon,
      resume: null,
    };
    pf2.frozen = frozen;
    return frozen;
  }

  /** The statement goes to everyone, each bettor gets its own lines privately, and the reveal window opens. */
  announce(round: LiveRound, frozen: FrozenRound): void {
    this.#host.events.emit({ kind: EventKind.RoundFrozen, round: round.number, statement: frozen.statement, revealClosesAt: frozen.closesAt });
    this.#sendLines(round, frozen);
    this.#openWindow(round, frozen, frozen.frozenAt);
  }

  /** A bettor's secret, inside a group commit: durable before it is acknowledged with a signed pf2.reveal. */
  reveal(playerId: string, roundNumber: number, secret: string, balanceMinor: () => number): Applied {
    const round = this.#host.round();
    if (!round || round.number !== roundNumber) return refuse(ErrorCode.WrongRound, `round ${roundNumber} is not the round in play`);
    const frozen = round.pf2?.frozen ?? null;
    if (frozen === null || frozen.revealed !== null) return refuse(ErrorCode.WrongPhase, `no reveal window is open in round ${roundNumber}`);
    const reference = round.pf2?.commitments.get(playerId)?.reference;
    const commitment = reference === undefined ? undefined : frozen.bettors.get(reference)?.commitment;
    if (reference === undefined || commitment === undefined) return refuse(ErrorCode.NotFound, `you hold no frozen commitment in round ${roundNumber}`);
    if (!opensCommitment(this.#host.table.id, round.number, reference, secret, commitment)) {
      return refuse(ErrorCode.BadSecret, 'this secret does not open your frozen commitment');
    }
    const earlier = frozen.reveals.get(reference);
    const receivedAt = earlier?.receivedAt ?? this.#host.deps.clock.now();
    if (earlier === undefined) this.#host.store.insertReveal(round.id, playerId, secret, receivedAt);
    const statement = this.#sign(round, { kind: 'pf2.reveal', freeze: frozen.freeze, commitment, receivedAt });
    return {
      result: { ok: true, balanceMinor: balanceMinor(), statement },
      afterCommit: () => {
        if (earlier !== undefined) return;
        frozen.reveals.set(reference, { secret, receivedAt });
        // Every frozen commitment opened: the window closes now (on a later turn, after this batch is answered).
        if (frozen.reveals.size === frozen.bettors.size) this.#host.timers.after(0, () => this.closeWindow(round));
      },
    };
  }

  /**
   * Closes the reveal window (PF2.md §4): the reveal set is made durable and
   * announced as a signed pf2.revealed, then the round resolves with the
   * client string it fixes.
   */
  closeWindow(round: LiveRound): void {
    const frozen = round.pf2?.frozen ?? null;
    if (this.#host.round() !== round || frozen === null || frozen.revealed !== null) return;
    this.#host.flush();
    const { deps, store } = this.#host;
    const now = deps.clock.now();
    // A timer that fired too late (a stalled loop) must not close a reveal set the schedule forbids (PF2.md §6):
    // the window is reopened under a signed pf2.resume, with a new beacon round, rather than closed late.
    if (now > frozen.closesAt || !closesInTime(frozen.beacon, now)) {
      this.resume(round, frozen);
      return;
    }
    const { secrets, withheld } = revealSet(frozen);
    const statement = this.#sign(round, {
      kind: 'pf2.revealed',
      freeze: frozen.freeze,
      revealed: frozen.reveals.size,
      withheld: withheld.length,
      withheldDigest: withheldDigest(withheld),
      secretsDigest: secretsDigest(secrets),
      closedAt: now,
    });
    store.closeReveals(round.id, JSON.stringify(statement), now);
    frozen.revealed = statement;
    this.#host.events.emit({ kind: EventKind.RoundRevealed, round: round.number, statement });
    if (frozen.beacon === null) this.#host.resolve(round, frozenClientString(frozen));
    else this.awaitBeacon(round, frozen);
  }

  /**
   * Waits for the beacon value of a round whose reveal set is closed (PF2.md
   * §6), after a restart too: stakes stay in escrow and the next round does
   * not open. The value is durable before the round draws from it.
   */
  awaitBeacon(round: LiveRound, frozen: FrozenRound): void {
    const beacon = frozen.beacon;
    if (beacon === null) throw new Error(`round ${round.number} has no beacon to wait for`);
    this.#beaconWait?.stop();
    this.#beaconWait = new BeaconWait(beacon, {
      source: this.#host.beacon,
      now: () => this.#host.deps.clock.now(),
      late: (late) => this.#host.events.emit({ kind: EventKind.RoundBeacon, round: round.number, beacon: beaconView(late) }),
      arrived: (signature) => {
        if (this.#host.round() !== round || frozen.beacon !== beacon) return;
        const receivedAt = this.#host.deps.clock.now();
        this.#host.store.insertBeacon(round.id, { chain: beacon.chain, beaconRound: beacon.round, signature, receivedAt });
        frozen.beacon = withValue(beacon, signature);
        this.#beaconWait = null;
        this.#host.events.emit({ kind: EventKind.RoundBeacon, round: round.number, beacon: beaconView(frozen.beacon) });
        this.#host.resolve(round, frozenClientString(frozen));
      },
      failed: (error) => this.#host.log(`round ${round.number} waits for its beacon: ${error instanceof Error ? error.message : String(error)}`),
    });
  }

  /** The table stops: a beacon wait ends (the next start waits again). */
  stop(): void {
    this.#beaconWait?.stop();
    this.#beaconWait = null;
  }

  /**
   * After a restart, a frozen round whose window had not closed gets it
   * reopened for revealWindowMs from now, under a signed pf2.resume (PF2.md
   * §8); the reveals made durable before the crash count.
   */
  resume(round: LiveRound, frozen: FrozenRound): void {
    const now = this.#host.deps.clock.now();
    // R is never used after a resume (PF2.md §8): R′ is fixed from resumedAt, on the same chain.
    const source = this.#host.beacon;
    let beacon: FrozenBeacon | null = null;
    if (frozen.beacon !== null) {
      if (source === null || source.chain.chainHash !== frozen.beacon.chain) {
        this.#host.log(`round ${round.number} froze under beacon chain ${frozen.beacon.chain}, which this server does not fetch: it waits until started with that chain`);
        return;
      }
      beacon = fixBeacon(source.chain, now, frozen.revealWindowMs);
    }
    const statement = this.#sign(round, { kind: 'pf2.resume', freeze: frozen.freeze, resumedAt: now, beaconRound: beacon?.round ?? null });
    this.#host.store.insertResume(round.id, now, JSON.stringify(statement));
    frozen.beacon = beacon;
    frozen.resume = statement;
    frozen.closesAt = now + frozen.revealWindowMs;
    this.#host.events.emit({ kind: EventKind.RoundResumed, round: round.number, statement, revealClosesAt: frozen.closesAt });
    this.#sendLines(round, frozen);
    this.#openWindow(round, frozen, now);
  }

  /**
   * A pf2 round voided while betting is open gets a signed pf2.void (PF2.md
   * §7), recorded before the void moves any money and announced with it.
   */
  voidStatement(round: LiveRound, reason: string): WireStatement {
    const statement = this.#sign(round, { kind: 'pf2.void', reason, voidedAt: this.#host.deps.clock.now() });
    this.#host.store.insertVoid(round.id, JSON.stringify(statement));
    return statement;
  }

  /** Every bettor of a settled pf2 round gets a signed receipt naming its audit record (PF2.md §7), privately. */
  sendReceipts(round: LiveRound): void {
    const frozen = round.pf2?.frozen ?? null;
    const link = frozen === null ? null : this.#host.deps.recorder.linkOf(round.id);
    if (frozen === null || link === null) return;
    const statement = this.#sign(round, { kind: 'pf2.receipt', recordHash: link.hash, previousHash: link.prevHash });
    for (const { playerId } of frozen.bettors.values()) {
      this.#host.deps.sendPrivately(playerId, { kind: ServerKind.Receipt, round: round.number, statement });
    }
  }

  /** The bettor's own lines and proofs of a frozen round, to send again to a page that reconnects in the window. */
  linesOf(round: LiveRound, playerId: string): ServerMessage | null {
    const frozen = round.pf2?.frozen ?? null;
    const reference = round.pf2?.commitments.get(playerId)?.reference;
    const indices = reference === undefined ? undefined : frozen?.lineIndices.get(reference);
    if (frozen === null || frozen.revealed !== null || indices === undefined) return null;
    return { kind: ServerKind.FrozenLines, round: round.number, size: frozen.tree.size, freeze: frozen.freeze, ...bettorProofsAt(frozen.tree, indices) };
  }

  #openWindow(round: LiveRound, frozen: FrozenRound, now: number): void {
    if (frozen.reveals.size === frozen.bettors.size) {
      this.#host.timers.after(0, () => this.closeWindow(round));
      return;
    }
    this.#host.timers.after(Math.max(0, frozen.closesAt - revealCloseMarginMs - now), () => this.closeWindow(round));
  }

  /**
   * Each bettor's own lines with proofs, linesSentPerTurn bettors a turn from
   * the next turn on (this one handed the statement to every socket), so no
   * turn holds every table for the whole freeze.
   */
  #sendLines(round: LiveRound, frozen: FrozenRound): void {
    const pending = [...frozen.lineIndices];
    const sendSome = (): void => {
      if (frozen.revealed !== null || round.pf2?.frozen !== frozen) return;
      for (const [reference, indices] of pending.splice(0, linesSentPerTurn)) {
        const playerId = frozen.bettors.get(reference)?.playerId;
        if (playerId === undefined) continue;
        const proofs = bettorProofsAt(frozen.tree, indices);
        this.#host.deps.sendPrivately(playerId, { kind: ServerKind.FrozenLines, round: round.number, size: frozen.tree.size, freeze: frozen.freeze, ...proofs });
      }
      if (pending.length > 0) this.#host.deps.clock.soon(sendSome);
    };
    this.#host.deps.clock.soon(sendSome);
  }

  #sign(round: LiveRound, body: Body & { kind: string }): WireStatement {
    return signRoundStatement(this.#host.table.id, round, body, this.#host.deps.signStatement);
  }
}

function refuse(code: ErrorCode, message: string): Applied {
  return { result: { ok: false, code, message } };
}

/** A frozen round as the database holds it, for recovery: the bettors are its `c|` lines. */
export function frozenFromRow(
  row: FreezeRow,
  reveals: readonly RevealRow[],
  commitments: readonly CommitmentRow[],
  recovered: { beacon: FrozenBeacon | null; resume: WireStatement | null },
): FrozenRound {
  const tree = new MerkleTree(row.lines);
  if (tree.root !== row.freeze) throw new Error(`round ${row.roundId}: its frozen lines do not hash to its freeze`);
  const playerOf = new Map(commitments.map((each) => [each.reference, each.playerId]));
  const referenceOf = new Map(commitments.map((each) => [each.playerId, each.reference]));
  const bettors: Bettors = new Map();
  for (const line of row.lines) {
    const [kind, reference, commitment] = line.split('|');
    if (kind !== 'c' || reference === undefined || commitment === undefined) continue;
    bettors.set(reference, { playerId: playerOf.get(reference) ?? '', commitment });
  }
  return {
    tree,
    freeze: row.freeze,
    frozenAt: row.frozenAt,
    revealWindowMs: row.revealWindowMs,
    closesAt: row.frozenAt + row.revealWindowMs,
    statement: JSON.parse(row.statement) as WireStatement,
    bettors,
    reveals: new Map(reveals.map((reveal) => [referenceOf.get(reveal.playerId) ?? '', { secret: reveal.secret, receivedAt: reveal.receivedAt }])),
    revealed: row.revealedStatement === null ? null : (JSON.parse(row.revealedStatement) as WireStatement),
    lineIndices: lineIndicesByPlayer(tree.lines),
    ...recovered,
  };
}
