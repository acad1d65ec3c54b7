import type { Migration } from '../migration.ts';

// pf2 (docs/PF2.md): a round's players commit to secrets with their bets,
// the bets and commitments are frozen at close, and the secrets revealed in
// a short window make the round's client string. Everything that fixes an
// input is durable before it is announced, and append-only once written: a
// freeze is never rewritten (its reveal set is added once, when the window
// closes), a reveal never changes, and a frozen round is never voided.
export const pf2Migration: Migration = {
  version: 7,
  name: 'pf2',
  up: /* sql */ `
    ALTER TABLE rounds ADD COLUMN fairness TEXT NOT NULL DEFAULT 'pf1' CHECK (fairness IN ('pf1', 'pf2'));
    -- The close auto-cycle announced when betting opened (null: the dealer closes).
    ALTER TABLE rounds ADD COLUMN announced_close_at INTEGER;

    CREATE TABLE round_commitments (
      round_id INTEGER NOT NULL REFERENCES rounds(id),
      player_id TEXT NOT NULL,
      -- The player as pf2's lines name them (PF2.md: "the player's reference"): a
      -- keyed pseudonym, so proofs sent to other bettors never carry a player id.
      player_ref TEXT NOT NULL,
      commitment TEXT NOT NULL CHECK (length(commitment) = 64),
      recorded_at INTEGER NOT NULL,
      PRIMARY KEY (round_id, player_id),
      UNIQUE (round_id, player_ref)
    ) STRICT;

    CREATE TABLE round_freezes (
      round_id INTEGER PRIMARY KEY REFERENCES rounds(id),
      freeze TEXT NOT NULL CHECK (length(freeze) = 64),
      -- The frozen lines D[0..m-1], in order, joined with a newline.
      lines TEXT NOT NULL,
      line_count INTEGER NOT NULL CHECK (line_count >= 0),
      frozen_at INTEGER NOT NULL,
      reveal_window_ms INTEGER NOT NULL CHECK (reveal_window_ms BETWEEN 500 AND 5000),
      -- The signed pf2.freeze statement, as sent.
      statement TEXT NOT NULL,
      -- Set once, when the reveal window closes: the signed pf2.revealed statement.
      revealed_statement TEXT,
      reveal_closed_at INTEGER
    ) STRICT;

    CREATE TABLE round_reveals (
      round_id INTEGER NOT NULL REFERENCES round_freezes(round_id),
      player_id TEXT NOT NULL,
      secret TEXT NOT NULL CHECK (length(secret) = 32),
      received_at INTEGER NOT NULL,
      PRIMARY KEY (round_id, player_id)
    ) STRICT;

    -- A restart that found a frozen round with its window still open reopens it (PF2.md §8).
    CREATE TABLE round_resumes (
      round_id INTEGER NOT NULL REFERENCES round_freezes(round_id),
      resumed_at INTEGER NOT NULL,
      statement TEXT NOT NULL
    ) STRICT;
    CREATE INDEX round_resumes_by_round ON round_resumes (round_id);

    -- The signed pf2.void of a round voided while betting was open (PF2.md §8).
    CREATE TABLE round_void_statements (
      round_id INTEGER PRIMARY KEY REFERENCES rounds(id),
      statement TEXT NOT NULL
    ) STRICT;
    CREATE TRIGGER round_void_statements_no_update BEFORE UPDATE ON round_void_statements
    BEGIN SELECT RAISE(ABORT, 'round_void_statements: UPDATE refused'); END;
    CREATE TRIGGER round_void_statements_no_delete BEFORE DELETE ON round_void_statements
    BEGIN SELECT RAISE(ABORT, 'round_void_statements: DELETE refused'); END;

    CREATE TRIGGER round_commitments_no_update BEFORE UPDATE ON round_commitments
    BEGIN SELECT RAISE(ABORT, 'round_commitments: UPDATE refused'); END;
    CREATE TRIGGER round_commitments_no_delete BEFORE DELETE ON round_commitments
    BEGIN SELECT RAISE(ABORT, 'round_commitments: DELETE refused'); END;
    CREATE TRIGGER round_reveals_no_update BEFORE UPDATE ON round_reveals
    BEGIN SELECT RAISE(ABORT, 'round_reveals: UPDATE refused'); END;
    CREATE TRIGGER round_reveals_no_delete BEFORE DELETE ON round_reveals
    BEGIN SELECT RAISE(ABORT, 'round_reveals: DELETE refused'); END;
    CREATE TRIGGER round_reveals_window_open BEFORE INSERT ON round_reveals
    WHEN (SELECT revealed_statement FROM round_freezes WHERE round_id = NEW.round_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'round_reveals: the reveal window of this round has closed'); END;
    CREATE TRIGGER round_resumes_no_update BEFORE UPDATE ON round_resumes
    BEGIN SELECT RAISE(ABORT, 'round_resumes: UPDATE refused'); END;
    CREATE TRIGGER round_resumes_no_delete BEFORE DELETE ON round_resumes
    BEGIN SELECT RAISE(ABORT, 'round_resumes: DELETE refused'); END;
    CREATE TRIGGER round_freezes_no_delete BEFORE DELETE ON round_freezes
    BEGIN SELECT RAISE(ABORT, 'round_freezes: DELETE refused'); END;
    -- The one change a freeze ever sees: its reveal set, once.
    CREATE TRIGGER round_freezes_close_once BEFORE UPDATE ON round_freezes
    WHEN OLD.revealed_statement IS NOT NULL OR NEW.revealed_statement IS NULL
      OR NEW.freeze IS NOT OLD.freeze OR NEW.lines IS NOT OLD.lines OR NEW.line_count IS NOT OLD.line_count
      OR NEW.frozen_at IS NOT OLD.frozen_at OR NEW.reveal_window_ms IS NOT OLD.reveal_window_ms OR NEW.statement IS NOT OLD.statement
    BEGIN SELECT RAISE(ABORT, 'round_freezes: a freeze is never rewritten; its reveal set is added once'); END;
    CREATE TRIGGER rounds_no_void_after_freeze BEFORE UPDATE OF phase ON rounds
    WHEN NEW.phase = 'voided' AND EXISTS (SELECT 1 FROM round_freezes WHERE round_id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'rounds: a frozen round is never voided'); END;
  `,
};
