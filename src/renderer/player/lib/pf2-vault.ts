// Where my pf2 round secrets wait (docs/PF2.md §2: "the client keeps the
// secret until the round resolves"): in localStorage, per table, so a reload
// or a dropped tab during betting or the reveal window still sends the same
// commitment and can still reveal. Bounded: a secret leaves once its round
// resolves, and only the last RECEIPT_LIMIT signed receipts stay. Secrets are
// drawn with crypto.getRandomValues, never Math.random.
import { z } from 'zod';
import { roundCommitment } from '../../../shared/fairness/pf2.ts';
import type { WireStatement } from '../../../shared/protocol.ts';
import type { BetLine } from '../state/pf2-state.ts';

export const RECEIPT_LIMIT = 50;
/** A backstop against rounds that never resolve on this page (the table was closed, the page never came back). */
export const SECRET_LIMIT = 20;

/** A round's secret, its commitment, and my bets the server acknowledged in it (so a reload still checks the freeze against them). */
export type StoredSecret = { round: number; reference: string; secret: string; commitment: string; bets: BetLine[] };
export type StoredReceipt = { round: number; statement: WireStatement };

const statementSchema = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
const vaultSchema = z.object({
  secrets: z.array(
    z.object({
      round: z.number().int().positive(),
      reference: z.string().min(1),
      secret: z.string().regex(/^[0-9a-f]{32}$/),
      commitment: z.string().regex(/^[0-9a-f]{64}$/),
      bets: z.array(z.object({ betId: z.string(), spot: z.string(), amountMinor: z.number().int().nonnegative() })).default([]),
    }),
  ),
  receipts: z.array(z.object({ round: z.number().int().positive(), statement: statementSchema })),
});
type VaultContents = { secrets: StoredSecret[]; receipts: StoredReceipt[] };

/** The part of window.localStorage the vault uses, so tests can hand it a map. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** 16 bytes from the platform's cryptographic RNG, as 32 lowercase hex digits. */
export function drawRoundSecret(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export class Pf2Vault {
  readonly #key: string;
  readonly #storage: KeyValueStorage | null;
  /** The truth while the page lives; storage only carries it across reloads (and may be unavailable). */
  #contents: VaultContents;

  constructor(tableId: string, storage: KeyValueStorage | null) {
    this.#key = `pitboss.pf2.${tableId}`;
    this.#storage = storage;
    this.#contents = this.#load();
  }

  /** My secret for the round, drawn now if this browser has none for it yet. */
  secretFor(tableId: string, round: number, reference: string): StoredSecret {
    const known = this.find(round, reference);
    if (known !== null) return known;
    const secret = drawRoundSecret();
    const stored = { round, reference, secret, commitment: roundCommitment(tableId, round, reference, secret), bets: [] };
    const secrets = [...this.#contents.secrets, stored].sort((a, b) => b.round - a.round).slice(0, SECRET_LIMIT);
    this.#save({ ...this.#contents, secrets });
    return stored;
  }

  find(round: number, reference: string): StoredSecret | null {
    return this.#contents.secrets.find((entry) => entry.round === round && entry.reference === reference) ?? null;
  }

  secrets(): readonly StoredSecret[] {
    return this.#contents.secrets;
  }

  /** Replaces the acknowledged bets kept with a round's secret. */
  recordBets(round: number, reference: string, bets: readonly BetLine[]): void {
    const secrets = this.#contents.secrets.map((entry) => (entry.round === round && entry.reference === reference ? { ...entry, bets: [...bets] } : entry));
    this.#save({ ...this.#contents, secrets });
  }

  /** The round resolved: its secret is published (or moot) and need not outlive it. */
  forget(round: number): void {
    if (!this.#contents.secrets.some((entry) => entry.round === round)) return;
    this.#save({ ...this.#contents, secrets: this.#contents.secrets.filter((entry) => entry.round !== round) });
  }

  addReceipt(round: number, statement: WireStatement): void {
    if (this.#contents.receipts.some((entry) => entry.round === round && entry.statement.sig === statement.sig)) return;
    const receipts = [...this.#contents.receipts, { round, statement }].slice(-RECEIPT_LIMIT);
    this.#save({ ...this.#contents, receipts });
  }

  receipts(): readonly StoredReceipt[] {
    return this.#contents.receipts;
  }

  #load(): VaultContents {
    try {
      const raw = this.#storage?.getItem(this.#key) ?? null;
      if (raw === null) return { secrets: [], receipts: [] };
      const parsed = vaultSchema.safeParse(JSON.parse(raw));
      return parsed.success ? (parsed.data as VaultContents) : { secrets: [], receipts: [] };
    } catch {
      // Corrupt JSON or storage refused: start empty rather than break the page.
      return { secrets: [], receipts: [] };
    }
  }

  #save(contents: VaultContents): void {
    this.#contents = contents;
    try {
      this.#storage?.setItem(this.#key, JSON.stringify(contents));
    } catch {
      // Storage full or disabled: the secrets still hold in memory until the tab closes.
    }
  }
}
