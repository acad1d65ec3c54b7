// Players and their sessions. A player is seated at one table; the session
// token is stored only as its SHA-256 hash.
import type Database from 'better-sqlite3';

export type PlayerRow = {
  id: string;
  tableId: string;
  name: string;
  clientSeed: string;
  muted: boolean;
  createdAt: number;
  revokedAt: number | null;
};

type RawPlayer = {
  id: string;
  table_id: string;
  name: string;
  client_seed: string;
  muted: number;
  created_at: number;
  revoked_at: number | null;
};

function playerFromRaw(raw: RawPlayer): PlayerRow {
  return {
    id: raw.id,
    tableId: raw.table_id,
    name: raw.name,
    clientSeed: raw.client_seed,
    muted: raw.muted === 1,
    createdAt: raw.created_at,
    revokedAt: raw.revoked_at,
  };
}

export class PlayerStore {
  readonly #insert;
  readonly #byTokenHash;
  readonly #byId;
  readonly #byTable;
  readonly #setSeed;
  readonly #setMuted;
  readonly #revoke;

  constructor(db: Database.Database) {
    this.#insert = db.prepare(
      `INSERT INTO players (id, table_id, name, client_seed, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.#byTokenHash = db.prepare(`SELECT * FROM players WHERE token_hash = ? AND revoked_at IS NULL`);
    this.#byId = db.prepare(`SELECT * FROM players WHERE id = ?`);
    this.#byTable = db.prepare(`SELECT * FROM players WHERE table_id = ? ORDER BY created_at`);
    this.#setSeed = db.prepare(`UPDATE players SET client_seed = ? WHERE id = ?`);
    this.#setMuted = db.prepare(`UPDATE players SET muted = ? WHERE id = ?`);
    this.#revoke = db.prepare(`UPDATE players SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`);
  }

  insert(row: { id: string; tableId: string; name: string; clientSeed: string; tokenHash: string; createdAt: number }): PlayerRow {
    this.#insert.run(row.id, row.tableId, row.name, row.clientSeed, row.tokenHash, row.createdAt);
    return { id: row.id, tableId: row.tableId, name: row.name, clientSeed: row.clientSeed, muted: false, createdAt: row.createdAt, revokedAt: null };
  }

  bySessionHash(tokenHash: string): PlayerRow | null {
    const raw = this.#byTokenHash.get(tokenHash) as RawPlayer | undefined;
    return raw ? playerFromRaw(raw) : null;
  }

  byId(playerId: string): PlayerRow | null {
    const raw = this.#byId.get(playerId) as RawPlayer | undefined;
    return raw ? playerFromRaw(raw) : null;
  }

  ofTable(tableId: string): PlayerRow[] {
    return (this.#byTable.all(tableId) as RawPlayer[]).map(playerFromRaw);
  }

  setClientSeed(playerId: string, clientSeed: string): void {
    this.#setSeed.run(clientSeed, playerId);
  }

  setMuted(playerId: string, muted: boolean): void {
    this.#setMuted.run(muted ? 1 : 0, playerId);
  }

  revoke(playerId: string, at: number): void {
    this.#revoke.run(at, playerId);
  }
}
