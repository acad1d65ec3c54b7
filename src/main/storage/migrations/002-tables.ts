import type { Migration } from '../migration.ts';

// Tables, their seed chains, players and their sessions, rounds and bets.
// Rounds are written before any stake moves; bets reference the ledger
// transfer that moved their stake, so every chip on the layout is accounted for.
export const tablesMigration: Migration = {
  version: 2,
  name: 'tables-rounds-bets',
  up: `
    CREATE TABLE game_tables (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      game TEXT NOT NULL,
      config TEXT NOT NULL,
      invite_code TEXT NOT NULL UNIQUE,
      next_round INTEGER NOT NULL DEFAULT 1 CHECK (next_round >= 1),
      created_at INTEGER NOT NULL,
      closed_at INTEGER
    ) STRICT;

    CREATE TABLE chains (
      id INTEGER PRIMARY KEY,
      table_id TEXT NOT NULL REFERENCES game_tables(id),
      commitment TEXT NOT NULL UNIQUE,
      terminal TEXT NOT NULL,
      length INTEGER NOT NULL CHECK (length >= 1),
      next_index INTEGER NOT NULL DEFAULT 1 CHECK (next_index >= 1),
      created_at INTEGER NOT NULL,
      retired_at INTEGER
    ) STRICT;
    CREATE INDEX chains_by_table ON chains (table_id, retired_at);

    CREATE TABLE players (
      id TEXT PRIMARY KEY,
      table_id TEXT NOT NULL REFERENCES game_tables(id),
      name TEXT NOT NULL,
      client_seed TEXT NOT NULL,
      token_hash TEXT NOT NULL UNIQUE,
      muted INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      revoked_at INTEGER
    ) STRICT;
    CREATE INDEX players_by_table ON players (table_id);

    CREATE TABLE rounds (
      id INTEGER PRIMARY KEY,
      table_id TEXT NOT NULL REFERENCES game_tables(id),
      number INTEGER NOT NULL,
      game TEXT NOT NULL,
      rules_version TEXT NOT NULL,
      chain_id INTEGER NOT NULL REFERENCES chains(id),
      commitment TEXT NOT NULL,
      chain_index INTEGER NOT NULL,
      phase TEXT NOT NULL CHECK (phase IN ('betting', 'closed', 'result', 'settled', 'voided')),
      opened_by TEXT NOT NULL,
      opened_at INTEGER NOT NULL,
      closed_at INTEGER,
      result_at INTEGER,
      settled_at INTEGER,
      server_seed TEXT,
      client_string TEXT,
      outcome TEXT,
      void_reason TEXT,
      voided_by TEXT,
      UNIQUE (table_id, number),
      UNIQUE (chain_id, chain_index)
    ) STRICT;
    CREATE INDEX rounds_by_phase ON rounds (phase);

    CREATE TABLE round_seeds (
      round_id INTEGER NOT NULL REFERENCES rounds(id),
      player_id TEXT NOT NULL REFERENCES players(id),
      client_seed TEXT NOT NULL,
      recorded_at INTEGER NOT NULL,
      PRIMARY KEY (round_id, player_id)
    ) STRICT;

    CREATE TABLE bets (
      id INTEGER PRIMARY KEY,
      round_id INTEGER NOT NULL REFERENCES rounds(id),
      player_id TEXT NOT NULL REFERENCES players(id),
      bet_id TEXT NOT NULL,
      spot TEXT NOT NULL,
      amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
      placed_at INTEGER NOT NULL,
      stake_transfer_id INTEGER NOT NULL,
      cancelled_at INTEGER,
      payout_minor INTEGER,
      UNIQUE (player_id, bet_id)
    ) STRICT;
    CREATE INDEX bets_by_round ON bets (round_id);
  `,
};
