// Players and their sessions. A player is seated at one table; the session
// token is stored only as its SHA-256 hash, and so are the browser id and the
// address a player joined from. The join rules (one name per table, daily
// caps on joins and welcome chips, kicked and revoked players kept out) are
// answered here, from what is on disk, so a restart forgets none of them.
import type { Database } from './database.ts';
import { playerNameKey } from '../../shared/player-name.ts';

export type PlayerRow = {
  id: string;
  tableId: string;
  name: string;
  clientSeed: string;
  muted: boolean;
  createdAt: number;
  revokedAt: number | null;
  /** Kept out of the table until then (epoch ms) after a kick; null when never kicked. */
  kickedUntil: number | null;
};

type RawPlayer = {
  id: string;
  table_id: string;
  name: string;
  client_seed: string;
  muted: number;
  created_at: number;
  revoked_at: number | null;
  kicked_until: number | null;
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
    kickedUntil: raw.kicked_until,
  };
}

const dayMs = 24 * 60 * 60 * 1000;

/** The UTC day a moment falls on, as a day number: the join caps reset at UTC midnight. */
export function utcDay(at: number): number {
  return Math.floor(at / dayMs);
}

export type NewPlayer = {
  id: string;
  tableId: string;
  /** Already normalised. */
  name: string;
  clientSeed: string;
  tokenHash: string;
  /** Hash of the page's browser id, or null for a client that sent none. */
  browserHash: string | null;
  addressHash: string;
  /** This join paid welcome chips. */
  credited: boolean;
  createdAt: number;
};

/** Today's joins at one table: all of them, from one address, and how many of each paid welcome chips. */
export type JoinCounts = { tableJoins: number; tableCredits: number; addressJoins: number; addressCredits: number; browserCredits: number };

export class PlayerStore {
  readonly #insert;
  readonly #byTokenHash;
  readonly #byId;
  readonly #byTable;
  readonly #setSeed;
  readonly #setMuted;
  readonly #revoke;
  readonly #kick;
  readonly #nameTaken;
  readonly #tableCounts;
  readonly #addressCounts;
  readonly #browserCredits;
  readonly #barred;
  readonly #kickedBrowserUntil;

  constructor(db: Database) {
    this.#insert = db.prepare(
      `INSERT INTO players (id, table_id, name, client_seed, token_hash, created_at, name_key, browser_hash, address_hash, join_day, credited)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#byTokenHash = db.prepare(`SELECT * FROM players WHERE token_hash = ? AND revoked_at IS NULL`);
    this.#byId = db.prepare(`SELECT * FROM players WHERE id = ?`);
    this.#byTable = db.prepare(`SELECT * FROM players WHERE table_id = ? ORDER BY created_at`);
    this.#setSeed = db.prepare(`UPDATE players SET client_seed = ? WHERE id = ?`);
    this.#setMuted = db.prepare(`UPDATE players SET muted = ? WHERE id = ?`);
    this.#revoke = db.prepare(`UPDATE players SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`);
    this.#kick = db.prepare(`UPDATE players SET kicked_until = ? WHERE id = ?`);
    this.#nameTaken = db.prepare(`SELECT 1 FROM players WHERE table_id = ? AND name_key = ? LIMIT 1`);
    this.#tableCounts = db.prepare(
      `SELECT COUNT(*) AS joins, COALESCE(SUM(credited), 0) AS credits FROM players WHERE table_id = ? AND join_day = ?`,
    );
    this.#addressCounts = db.prepare(
      `SELECT COUNT(*) AS joins, COALESCE(SUM(credited), 0) AS credits FROM players WHERE table_id = ? AND address_hash = ? AND join_day = ?`,
    );
    this.#browserCredits = db.prepare(
      `SELECT COUNT(*) AS credits FROM players WHERE table_id = ? AND browser_hash = ? AND join_day = ? AND credited = 1`,
    );
    // A revoked browser stays out for good; a revoked address (shared by a household, reassigned by providers) for a while.
    this.#barred = db.prepare(
      `SELECT 1 FROM players WHERE table_id = ? AND revoked_at IS NOT NULL
         AND (browser_hash = ? OR (address_hash = ? AND revoked_at > ?)) LIMIT 1`,
    );
    this.#kickedBrowserUntil = db.prepare(
      `SELECT MAX(kicked_until) AS until FROM players WHERE table_id = ? AND browser_hash = ? AND kicked_until > ?`,
    );
    // Players from before names were keyed: give them their key once, so their names stay theirs.
    const unkeyed = db.prepare(`SELECT id, name FROM players WHERE name_key IS NULL`).all() as { id: string; name: string }[];
    const setKey = db.prepare(`UPDATE players SET name_key = ? WHERE id = ?`);
    db.transaction(() => unkeyed.forEach((row) => setKey.run(playerNameKey(row.name), row.id)))();
  }

  insert(row: NewPlayer): PlayerRow {
    this.#insert.run(
      row.id,
      row.tableId,
      row.name,
      row.clientSeed,
      row.tokenHash,
      row.createdAt,
      playerNameKey(row.name),
      row.browserHash,
      row.addressHash,
      utcDay(row.createdAt),
      row.credited ? 1 : 0,
    );
    return {
      id: row.id,
      tableId: row.tableId,
      name: row.name,
      clientSeed: row.clientSeed,
      muted: false,
      createdAt: row.createdAt,
      revokedAt: null,
      kickedUntil: null,
    };
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

  /** Keeps the player's session (and the browser it joined from) out until `until`. */
  kick(playerId: string, until: number): void {
    this.#kick.run(until, playerId);
  }

  /** Some player at the table, present or not, revoked or not, already goes by this name (compared by key). */
  nameTaken(tableId: string, name: string): boolean {
    return this.#nameTaken.get(tableId, playerNameKey(name)) !== undefined;
  }

  joinCounts(tableId: string, addressHash: string, browserHash: string | null, at: number): JoinCounts {
    const day = utcDay(at);
    const table = this.#tableCounts.get(tableId, day) as { joins: number; credits: number };
    const address = this.#addressCounts.get(tableId, addressHash, day) as { joins: number; credits: number };
    const browser = browserHash === null ? { credits: 0 } : (this.#browserCredits.get(tableId, browserHash, day) as { credits: number });
    return {
      tableJoins: table.joins,
      tableCredits: table.credits,
      addressJoins: address.joins,
      addressCredits: address.credits,
      browserCredits: browser.credits,
    };
  }

  /** A player of this browser was revoked at this table, or one of this address within `addressBarMs`. */
  isBarred(tableId: string, browserHash: string | null, addressHash: string, at: number, addressBarMs: number): boolean {
    return this.#barred.get(tableId, browserHash, addressHash, at - addressBarMs) !== undefined;
  }

  /** Until when a kick keeps this browser from joining the table again, or null. */
  browserKickedUntil(tableId: string, browserHash: string | null, at: number): number | null {
    if (browserHash === null) return null;
    const row = this.#kickedBrowserUntil.get(tableId, browserHash, at) as { until: number | null };
    return row.until;
  }
}
