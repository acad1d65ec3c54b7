// What this page knows of pf2 (docs/PF2.md) per round: its own commitment and
// secret, the signed statements it was handed, the private frozen lines, the
// verdict of its checks before revealing, and what it concluded from the
// published proof afterwards. Kept as plain data so the reducer stays pure
// and the whole story of a round can be downloaded as evidence.
import type { FrozenLinesOfPlayer, WireStatement } from '../../../shared/protocol.ts';
import type { BetAcknowledgement } from './pf2-bet-acks.ts';
import type { SentDecision } from './pf2-decisions.ts';

/** One of my bets as a frozen line spells it. */
export type BetLine = { betId: string; spot: string; amountMinor: number };

/** The verdict of the checks of PF2.md §3 on a freeze, before the secret may go out. */
export type FreezeCheck = { ok: boolean; problems: string[] };

/** What the page concluded from the round's public proof (PF2.md §7: "compare what they hold with the record"). */
export type Pf2Audit = {
  /** verifyRound's verdict on the proof (seed chain, client string, outcome). */
  verified: boolean;
  status: 'revealed' | 'withheld' | 'voided' | 'incomplete';
  /** Proof of misbehaviour or a broken promise: shown as an alarm and kept for download. */
  alarms: string[];
  /** Plain facts for the player (e.g. "you revealed and got no acknowledgement"). */
  notes: string[];
};

export type Pf2Round = {
  round: number;
  /** The commitment every bet request of this round carried; null until I bet. */
  commitment: string | null;
  /** My round secret (never sent before the freeze checks pass). */
  secret: string | null;
  /**
   * My bets whose placement the server acknowledged to this page, less those whose cancel it
   * acknowledged. Kept apart from the table's bets, which a snapshot replaces with the server's
   * view: the freeze is checked against what the server promised, not what it says later.
   */
  acknowledgedBets: BetLine[];
  /** The signed pf2.bets of each of my bet and take-back requests, with my lines and their proofs (PF2.md §7). */
  betAcknowledgements: BetAcknowledgement[];
  /** The signed pf2.freeze, and when the reveal window closes on the server's clock. */
  freeze: WireStatement | null;
  revealClosesAt: number | null;
  /** My own frozen lines and their neighbours, with inclusion proofs. */
  lines: FrozenLinesOfPlayer | null;
  check: FreezeCheck | null;
  /** The reveal request went out on this page (it may still be unacknowledged). */
  revealSent: boolean;
  /** The signed pf2.reveal the server acknowledged my secret with. */
  revealAck: WireStatement | null;
  /** The signed pf2.revealed of the window's close. */
  revealed: WireStatement | null;
  /** The signed pf2.receipt of the settled round. */
  receipt: WireStatement | null;
  audit: Pf2Audit | null;
  /** Validly signed statements that contradict one held (a second freeze or reveal set): together they prove equivocation. */
  conflicting: WireStatement[];
  /** Blackjack: my decisions and their signed pf2.decision acknowledgements (pf2-decisions.ts). */
  decisions: SentDecision[];
  /** Everything that failed a check, in the order found. Never cleared: it is evidence. */
  alarms: string[];
};

export type Pf2State = {
  /** How commitments and lines name me at this table (welcome.reference). */
  reference: string | null;
  /** The installation's Ed25519 public key, hex (welcome.statementKey): the first one this page saw. */
  statementKey: string | null;
  /** PF2.md §7: set when the table later presents another key, or one other than the invite link's (statements under it are not trusted). */
  keyAlarm: string | null;
  /** The fingerprint the invite link carried: the key the dealer shared, which the table's key must match. */
  pinnedFingerprint: string | null;
  /** Newest first, at most PF2_ROUND_LIMIT. */
  rounds: Pf2Round[];
};

export const PF2_ROUND_LIMIT = 20;

export function initialPf2State(pinnedFingerprint: string | null = null): Pf2State {
  return { reference: null, statementKey: null, keyAlarm: null, pinnedFingerprint, rounds: [] };
}

export function emptyPf2Round(round: number): Pf2Round {
  return {
    round,
    commitment: null,
    secret: null,
    acknowledgedBets: [],
    betAcknowledgements: [],
    freeze: null,
    revealClosesAt: null,
    lines: null,
    check: null,
    revealSent: false,
    revealAck: null,
    revealed: null,
    receipt: null,
    audit: null,
    conflicting: [],
    decisions: [],
    alarms: [],
  };
}

export function pf2RoundOf(pf2: Pf2State, round: number): Pf2Round | null {
  return pf2.rounds.find((entry) => entry.round === round) ?? null;
}

/** Applies change to the round's entry, creating it first if this page has none. */
export function changePf2Round(pf2: Pf2State, round: number, change: (entry: Pf2Round) => Pf2Round): Pf2State {
  const current = pf2RoundOf(pf2, round) ?? emptyPf2Round(round);
  const next = change(current);
  if (next === current && pf2.rounds.includes(current)) return pf2;
  const others = pf2.rounds.filter((entry) => entry.round !== round);
  return { ...pf2, rounds: [next, ...others].sort((a, b) => b.round - a.round).slice(0, PF2_ROUND_LIMIT) };
}

/** The entry with one more alarm, unless it already holds that very text. */
export function withAlarm(entry: Pf2Round, alarm: string): Pf2Round {
  return entry.alarms.includes(alarm) ? entry : { ...entry, alarms: [...entry.alarms, alarm] };
}
