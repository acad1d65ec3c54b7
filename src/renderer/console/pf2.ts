// What a pf2 round (docs/PF2.md) shows the dealer, read out of its signed
// statements: the freeze digest and what it froze, when the reveal window
// closes, and once it closed who revealed and how many withheld. Pure, so
// the panel only draws; a statement is a flat record of strings and
// numbers, so each field is read with its type checked rather than trusted.
import type { RoundView, WireStatement } from '../../shared/protocol.ts';

/** Hex digits of the freeze digest shown in the panel; the whole digest is in its tooltip. */
const DIGEST_SHOWN = 12;

export type Pf2Reveal = {
  round: number;
  /** Frozen bettors: each revealed or withheld its secret, so this is their sum. */
  bettors: number;
  revealed: number;
  withheld: number;
};

export type Pf2RoundFacts = {
  /** The freeze digest (Merkle root of the frozen lines), null until betting closes. */
  freeze: string | null;
  bettors: number | null;
  bets: number | null;
  /** Epoch ms (server clock) when the reveal window closes, while it is open. */
  revealClosesAt: number | null;
  /** While the window is open: frozen bettors who revealed so far. */
  revealedSoFar: number;
  reveal: Pf2Reveal | null;
  beacon: Pf2BeaconFacts | null;
};

/** The drand round a frozen round waits for (PF2.md §6): fixed at the freeze, R′ after a resume. */
export type Pf2BeaconFacts = {
  round: number;
  /** Epoch ms of its emission. */
  emitsAt: number;
  /** The value is in (and was checked against the chain's key). */
  arrived: boolean;
  /** Epoch ms since when the round waits for a late value; null when not late. */
  waitingSince: number | null;
};

function beaconFactsOf(beacon: NonNullable<RoundView['pf2']>['beacon']): Pf2BeaconFacts | null {
  if (beacon === null || typeof beacon !== 'object') return null;
  if (!Number.isSafeInteger(beacon.round) || !Number.isSafeInteger(beacon.emitsAt)) return null;
  const waitingSince = Number.isSafeInteger(beacon.waitingSince) ? beacon.waitingSince : null;
  return { round: beacon.round, emitsAt: beacon.emitsAt, arrived: typeof beacon.signature === 'string', waitingSince };
}

/** "drand round 123 · value checked", or what the round waits for and since when (`clock` formats epoch ms). */
export function beaconSummary(beacon: Pf2BeaconFacts, clock: (epochMs: number) => string): string {
  if (beacon.arrived) return `drand round ${beacon.round} · value checked`;
  if (beacon.waitingSince !== null) return `waiting for drand round ${beacon.round} since ${clock(beacon.waitingSince)}: the beacon is late, stakes stay in escrow`;
  return `drand round ${beacon.round} · emitted at ${clock(beacon.emitsAt)}`;
}

function count(statement: WireStatement | null, field: string): number | null {
  const value = statement?.[field];
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}

/** The start of a digest, enough to compare by eye with a player's page. */
export function shortDigest(digest: string): string {
  return digest.length > DIGEST_SHOWN ? `${digest.slice(0, DIGEST_SHOWN)}…` : digest;
}

/** The reveal a pf2.revealed statement announces, or null when it lacks its counts. */
export function revealOf(round: number, statement: WireStatement | null): Pf2Reveal | null {
  if (statement?.kind !== 'pf2.revealed') return null;
  const revealed = count(statement, 'revealed');
  const withheld = count(statement, 'withheld');
  if (revealed === null || withheld === null) return null;
  return { round, bettors: revealed + withheld, revealed, withheld };
}

/** The pf2 facts of a round, or null for a pf1 round. */
export function pf2RoundFacts(round: RoundView): Pf2RoundFacts | null {
  const pf2 = round.pf2;
  if (!pf2) return null;
  const freezeStatement = pf2.freeze?.kind === 'pf2.freeze' ? pf2.freeze : null;
  const digest = freezeStatement?.['freeze'];
  const reveal = revealOf(round.round, pf2.revealed);
  return {
    freeze: typeof digest === 'string' ? digest : null,
    bettors: count(freezeStatement, 'bettors'),
    bets: count(freezeStatement, 'bets'),
    // Once the reveal set is announced the window is shut, whatever the snapshot's time says.
    revealClosesAt: reveal === null ? pf2.revealClosesAt : null,
    revealedSoFar: typeof pf2.revealedSoFar === 'number' ? pf2.revealedSoFar : 0,
    reveal,
    beacon: beaconFactsOf(pf2.beacon ?? null),
  };
}

/**
 * The recent reveals, newest first, with this one in: a round already listed
 * is replaced (a snapshot and the live event report the same round), and only
 * the newest `limit` are kept, so the list never grows with the table's age.
 */
export function withReveal(recent: readonly Pf2Reveal[], reveal: Pf2Reveal, limit: number): Pf2Reveal[] {
  const others = recent.filter((entry) => entry.round !== reveal.round);
  return [reveal, ...others].sort((a, b) => b.round - a.round).slice(0, limit);
}

/** "3 / 4 revealed · 1 withheld": revealed over frozen bettors, then the withheld count. */
export function revealSummary(reveal: Pf2Reveal): string {
  return `${reveal.revealed} / ${reveal.bettors} revealed · ${reveal.withheld} withheld`;
}
