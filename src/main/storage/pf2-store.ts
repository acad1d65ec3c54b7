// The SQL of pf2 rounds (migration 007): each bettor's commitment, the
// freeze with its frozen lines and signed statement, the reveals, the reveal
// set once the window closes, and the resumes after a restart. Append-only:
// the triggers refuse every rewrite.
import type { Database } from './database.ts';

export type FreezeRow = {
  roundId: number;
  freeze: string;
  lines: string[];
  frozenAt: number;
  revealWindowMs: number;
  statement: string;
  revealedStatement: string | null;
  revealClosedAt: number | null;
};

export type NewFreeze = Omit<FreezeRow, 'revealedStatement' | 'revealClosedAt'>;
export type RevealRow = { playerId: string; secret: string; receivedAt: number };
/** The checked value of a round's beacon round (PF2.md §6). */
export type BeaconRow = { chain: string; beaconRound: number; signature: string; receivedAt: number };
export type CommitmentRow = { playerId: string; reference: string; commitment: string; recordedAt: number };

type RawFreeze = {
  round_id: number;
  freeze: string;
  lines: string;
  line_count: number;
  frozen_at: number;
  reveal_window_ms: number;
  statement: string;
  revealed_statement: string | null;
  reveal_closed_at: number | null;
};

function freezeFromRaw(raw: RawFreeze): FreezeRow {
  return {
    roundId: raw.round_id,
    freeze: raw.freeze,
    lines: raw.line_count === 0 ? [] : raw.lines.split('\n'),
    frozenAt: raw.frozen_at,
    revealWindowMs: raw.reveal_window_ms,
    statement: raw.statement,
    revealedStatement: raw.revealed_statement,
    revealClosedAt: raw.reveal_closed_at,
  };
}

export class Pf2Store {
  readonly #insertCommitment;
  readonly #commitments;
  readonly #insertFreeze;
  readonly #freeze;
  readonly #closeReveals;
  readonly #insertReveal;
  readonly #reveals;
  readonly #insertResume;
  readonly #resumes;
  readonly #insertVoid;
  readonly #voidOf;
  readonly #insertBeacon;
  readonly #beaconOf;

  constructor(db: Database) {
    this.#insertCommitment = db.prepare<[number, string, string, string, number]>(
      'INSERT INTO round_commitments (round_id, player_id, player_ref, commitment, recorded_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.#commitments = db.prepare<[number], CommitmentRow>(
      'SELECT player_id AS playerId, player_ref AS reference, commitment, recorded_at AS recordedAt FROM round_commitments WHERE round_id = ? ORDER BY player_id',
    );
    this.#insertFreeze = db.prepare(
      `INSERT INTO round_freezes (round_id, freeze, lines, line_count, frozen_at, reveal_window_ms, statement)
       VALUES (@roundId, @freeze, @lines, @lineCount, @frozenAt, @revealWindowMs, @statement)`,
    );
    this.#freeze = db.prepare<[number], RawFreeze>('SELECT * FROM round_freezes WHERE round_id = ?');
    this.#insertBeacon = db.prepare<[number, string, number, string, number]>(
      'INSERT INTO round_beacons (round_id, chain, beacon_round, signature, received_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.#beaconOf = db.prepare<[number], BeaconRow>(
      'SELECT chain, beacon_round AS beaconRound, signature, received_at AS receivedAt FROM round_beacons WHERE round_id = ?',
    );
    this.#closeReveals = db.prepare<[string, number, number]>(
      'UPDATE round_freezes SET revealed_statement = ?, reveal_closed_at = ? WHERE round_id = ? AND revealed_statement IS NULL',
    );
    this.#insertReveal = db.prepare<[number, string, string, number]>(
      'INSERT INTO round_reveals (round_id, player_id, secret, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (round_id, player_id) DO NOTHING',
    );
    this.#reveals = db.prepare<[number], RevealRow>(
      'SELECT player_id AS playerId, secret, received_at AS receivedAt FROM round_reveals WHERE round_id = ? ORDER BY player_id',
    );
    this.#insertVoid = db.prepare<[number, string]>('INSERT INTO round_void_statements (round_id, statement) VALUES (?, ?)');
    this.#voidOf = db.prepare<[number], { statement: string }>('SELECT statement FROM round_void_statements WHERE round_id = ?');
    this.#insertResume = db.prepare<[number, number, string]>('INSERT INTO round_resumes (round_id, resumed_at, statement) VALUES (?, ?, ?)');
    this.#resumes = db.prepare<[number], { resumedAt: number; statement: string }>(
      'SELECT resumed_at AS resumedAt, statement FROM round_resumes WHERE round_id = ? ORDER BY rowid',
    );
  }

  insertCommitment(roundId: number, row: Omit<CommitmentRow, 'recordedAt'>, at: number): void {
    this.#insertCommitment.run(roundId, row.playerId, row.reference, row.commitment, at);
  }

  /** Every commitment recorded in the round, with its player's reference and when it was recorded, by player id. */
  commitments(roundId: number): CommitmentRow[] {
    return this.#commitments.all(roundId);
  }

  insertFreeze(row: NewFreeze): void {
    this.#insertFreeze.run({ ...row, lines: row.lines.join('\n'), lineCount: row.lines.length });
  }

  freezeOf(roundId: number): FreezeRow | null {
    const raw = this.#freeze.get(roundId);
    return raw ? freezeFromRaw(raw) : null;
  }

  /** Closes the round's reveal set; asserts it was open. */
  closeReveals(roundId: number, revealedStatement: string, at: number): void {
    const changes = this.#closeReveals.run(revealedStatement, at, roundId).changes;
    if (changes !== 1) throw new Error(`the reveal window of round ${roundId} is not open`);
  }

  /** Records a reveal; a repeat of the player's (already recorded) reveal changes nothing. */
  insertReveal(roundId: number, playerId: string, secret: string, at: number): void {
    this.#insertReveal.run(roundId, playerId, secret, at);
  }

  reveals(roundId: number): RevealRow[] {
    return this.#reveals.all(roundId);
  }

  insertResume(roundId: number, at: number, statement: string): void {
    this.#insertResume.run(roundId, at, statement);
  }

  resumes(roundId: number): { resumedAt: number; statement: string }[] {
    return this.#resumes.all(roundId);
  }

  insertVoid(roundId: number, statement: string): void {
    this.#insertVoid.run(roundId, statement);
  }

  voidOf(roundId: number): string | null {
    return this.#voidOf.get(roundId)?.statement ?? null;
  }

  /** The checked beacon value a frozen round draws from, written once. */
  insertBeacon(roundId: number, row: BeaconRow): void {
    this.#insertBeacon.run(roundId, row.chain, row.beaconRound, row.signature, row.receivedAt);
  }

  beaconOf(roundId: number): BeaconRow | null {
    return this.#beaconOf.get(roundId) ?? null;
  }
}
