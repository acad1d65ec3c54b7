// The side of pf2 that the pure reducer cannot do: draw and keep my round
// secrets (the vault), hand bet requests their commitment, send my secret
// once the reducer's freeze checks passed, keep signed receipts, and after a
// round resolves fetch its public proof and compare it with what I hold. It
// watches the store and acts on what it sees, so a reload or a reconnect in
// the middle of a round picks up where the page left off.
import type { RoundProof } from '../../../shared/api.ts';
import { verifyRound } from '../../../shared/fairness/verify-round.ts';
import { randomId } from '../lib/random-id.ts';
import type { Pf2Vault } from '../lib/pf2-vault.ts';
import { auditPf2Proof } from '../state/pf2-audit.ts';
import { pf2RoundOf } from '../state/pf2-state.ts';
import type { PendingRequest, PlayerState } from '../state/player-state.ts';
import type { PlayerStore } from '../state/store.ts';

export type Pf2KeeperOptions = {
  store: PlayerStore;
  vault: Pf2Vault;
  /** My reference as the join reported it; the welcome's, once it came, wins. */
  joinReference: string;
  request: (request: PendingRequest) => void;
  fetchProof: (round: number) => Promise<RoundProof>;
};

const RESOLVED = new Set(['settled', 'voided']);

export function isPf2Table(state: PlayerState): boolean {
  return state.table?.fairness === 'pf2';
}

export class Pf2Keeper {
  readonly #options: Pf2KeeperOptions;
  /** Rounds whose proof was asked for already, so a re-render never fetches twice. */
  readonly #audited = new Set<number>();
  #unsubscribe: (() => void) | null = null;

  constructor(options: Pf2KeeperOptions) {
    this.#options = options;
  }

  start(): void {
    this.#unsubscribe = this.#options.store.subscribe(() => this.#onChange());
    this.#onChange();
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  #reference(state: PlayerState): string | null {
    const reference = state.pf2.reference ?? this.#options.joinReference;
    return reference === '' ? null : reference;
  }

  /** The commitment every bet request of this round carries (PF2.md §2); null when this page cannot make one yet. */
  commitmentFor(round: number): string | null {
    const { store, vault } = this.#options;
    const state = store.getState();
    const reference = this.#reference(state);
    const tableId = state.table?.id;
    if (reference === null || tableId === undefined) return null;
    const stored = vault.secretFor(tableId, round, reference);
    store.dispatch({ type: 'pf2-secret', round, secret: stored.secret, commitment: stored.commitment });
    return stored.commitment;
  }

  #onChange(): void {
    const state = this.#options.store.getState();
    if (!isPf2Table(state) || !state.synced) return;
    // Each step reads the state afresh: the one before may have dispatched (a restored secret, a reveal queued).
    const current = (): PlayerState => this.#options.store.getState();
    this.#restoreSecret(state);
    this.#keepAcknowledgedBets(current());
    this.#reveal(current());
    this.#keepReceipts(current());
    this.#audit(current());
    this.#forgetResolved(current());
  }

  /** After a reload the secret comes back from storage, so the page can still check and reveal. */
  #restoreSecret(state: PlayerState): void {
    const round = state.round?.round;
    const reference = this.#reference(state);
    if (round === undefined || reference === null) return;
    const stored = this.#options.vault.find(round, reference);
    if (stored === null) return;
    const entry = pf2RoundOf(state.pf2, round);
    const known = new Set(entry?.acknowledgedBets.map((bet) => bet.betId) ?? []);
    if (entry?.secret !== stored.secret || stored.bets.some((bet) => !known.has(bet.betId))) {
      this.#options.store.dispatch({ type: 'pf2-secret', round, secret: stored.secret, commitment: stored.commitment, bets: stored.bets });
    }
  }

  /** What the server acknowledged goes to storage with the secret, so a reload checks the freeze against it too. */
  #keepAcknowledgedBets(state: PlayerState): void {
    const round = state.round?.round;
    const reference = this.#reference(state);
    if (round === undefined || reference === null) return;
    const stored = this.#options.vault.find(round, reference);
    const entry = pf2RoundOf(state.pf2, round);
    if (stored === null || entry === null) return;
    const same = stored.bets.length === entry.acknowledgedBets.length && entry.acknowledgedBets.every((bet) => stored.bets.some((kept) => kept.betId === bet.betId));
    if (!same) this.#options.vault.recordBets(round, reference, entry.acknowledgedBets);
  }

  /** PF2.md §4: the secret goes only in answer to a freeze whose checks passed, while its window is open. */
  #reveal(state: PlayerState): void {
    const view = state.round;
    if (view === null || view.phase !== 'closed' || state.connection.state !== 'connected') return;
    const entry = pf2RoundOf(state.pf2, view.round);
    if (entry === null || entry.secret === null || entry.check?.ok !== true || entry.revealSent || entry.revealed !== null) return;
    this.#options.request({ kind: 'pf2.reveal', requestId: randomId(), round: view.round, secret: entry.secret });
  }

  #keepReceipts(state: PlayerState): void {
    for (const entry of state.pf2.rounds) if (entry.receipt !== null) this.#options.vault.addReceipt(entry.round, entry.receipt);
  }

  /** Once a round I bet in resolved, its public proof is checked against what I hold. */
  #audit(state: PlayerState): void {
    const reference = this.#reference(state);
    if (reference === null) return;
    for (const record of state.rounds) {
      const entry = pf2RoundOf(state.pf2, record.round);
      if (entry === null || entry.commitment === null || entry.audit !== null || this.#audited.has(record.round)) continue;
      if (!RESOLVED.has(record.phase)) continue;
      // A commitment whose bets were all taken back before the close is not frozen, and nothing is owed.
      const wasBettor = entry.lines !== null || (record.myStakeMinor ?? 0) > 0 || record.phase === 'voided';
      if (!wasBettor) continue;
      this.#audited.add(record.round);
      void this.#fetchAudit(record.round, reference);
    }
  }

  async #fetchAudit(round: number, reference: string): Promise<void> {
    const { store, fetchProof } = this.#options;
    try {
      const proof = await fetchProof(round);
      const entry = pf2RoundOf(store.getState().pf2, round);
      if (entry === null) return;
      const audit = auditPf2Proof({ proof, verification: verifyRound(proof), reference, entry });
      store.dispatch({ type: 'pf2-audit', round, audit });
    } catch {
      // No proof now (offline, server busy): try again on a later change.
      this.#audited.delete(round);
    }
  }

  /** A secret outlives its round only until the round resolved (or this page lost track of it). */
  #forgetResolved(state: PlayerState): void {
    const current = state.round?.round ?? null;
    for (const stored of this.#options.vault.secrets()) {
      const record = state.rounds.find((candidate) => candidate.round === stored.round);
      const resolved = record !== undefined && RESOLVED.has(record.phase);
      const stale = record === undefined && current !== null && stored.round < current;
      if (resolved || stale) this.#options.vault.forget(stored.round);
    }
  }
}
