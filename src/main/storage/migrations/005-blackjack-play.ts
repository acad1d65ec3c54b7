import type { Migration } from '../migration.ts';

// A blackjack hand in play is durable: the deal (rounds.dealt_at) and every
// decision applied to it, in order, the decision timer's and an absent
// owner's stands included. A restart replays them on the same pf1 shoe and
// plays the hand out, so a crash can never take a dealt hand back.
export const blackjackPlayMigration: Migration = {
  version: 5,
  name: 'blackjack-play',
  up: /* sql */ `
    ALTER TABLE rounds ADD COLUMN dealt_at INTEGER;

    CREATE TABLE blackjack_decisions (
      round_id INTEGER NOT NULL REFERENCES rounds(id),
      -- 0, 1, 2, ...: the decision's place in the hand, as the rules engine applied it.
      seq INTEGER NOT NULL CHECK (seq >= 0),
      seat INTEGER NOT NULL CHECK (seat BETWEEN 1 AND 7),
      hand INTEGER NOT NULL CHECK (hand IN (0, 1)),
      action TEXT NOT NULL,
      -- The player's request (null for a timeout or an absent owner's stand): a retry is answered, not applied again.
      player_id TEXT,
      request_id TEXT,
      decided_at INTEGER NOT NULL,
      PRIMARY KEY (round_id, seq)
    ) STRICT;

    CREATE TRIGGER blackjack_decisions_append_only_update BEFORE UPDATE ON blackjack_decisions
    BEGIN SELECT RAISE(ABORT, 'blackjack decisions are append-only'); END;
    CREATE TRIGGER blackjack_decisions_append_only_delete BEFORE DELETE ON blackjack_decisions
    BEGIN SELECT RAISE(ABORT, 'blackjack decisions are append-only'); END;
  `,
};
