// The SQL of a blackjack hand in play (migration 005): when it was dealt and
// every decision applied to it, so a restart can replay the hand on the same
// shoe and play it out instead of taking it back.
import type { Database } from './database.ts';
import type { BlackjackDecision } from '../../shared/games/blackjack-round.ts';

export type StoredDecision = BlackjackDecision & { seq: number; playerId: string | null; requestId: string | null };

export class BlackjackStore {
  readonly #markDealt;
  readonly #dealtAt;
  readonly #insertDecision;
  readonly #decisionsOf;

  constructor(db: Database) {
    this.#markDealt = db.prepare(`UPDATE rounds SET dealt_at = ? WHERE id = ? AND phase = 'closed' AND dealt_at IS NULL`);
    this.#dealtAt = db.prepare<[number], { dealtAt: number | null }>(`SELECT dealt_at AS dealtAt FROM rounds WHERE id = ?`);
    this.#insertDecision = db.prepare(
      `INSERT INTO blackjack_decisions (round_id, seq, seat, hand, action, player_id, request_id, decided_at)
       VALUES (@roundId, @seq, @seat, @hand, @action, @playerId, @requestId, @at)`,
    );
    this.#decisionsOf = db.prepare<[number], StoredDecision>(
      `SELECT seq, seat, hand, action, player_id AS playerId, request_id AS requestId
       FROM blackjack_decisions WHERE round_id = ? ORDER BY seq`,
    );
  }

  markDealt(roundId: number, at: number): void {
    if (this.#markDealt.run(at, roundId).changes !== 1) throw new Error(`round ${roundId} cannot be dealt: it is not a closed, undealt round`);
  }

  isDealt(roundId: number): boolean {
    return (this.#dealtAt.get(roundId)?.dealtAt ?? null) !== null;
  }

  insertDecision(roundId: number, decision: StoredDecision, at: number): void {
    this.#insertDecision.run({ roundId, ...decision, at });
  }

  decisionsOf(roundId: number): StoredDecision[] {
    return this.#decisionsOf.all(roundId);
  }
}
