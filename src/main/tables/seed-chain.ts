// A table's pf1 seed chain held in memory: h[0] (the commitment) … h[L].
// The terminal secret lives in the database; the chain is rebuilt from it at
// start, which costs L hashes once instead of up to L hashes per round.
import { randomBytes } from 'node:crypto';
import { buildChain, bytesToHex, hexToBytes, SEED_BYTES } from '../../shared/fairness/pf1.ts';
import type { ChainRow, TableStore } from '../storage/table-store.ts';

export const defaultChainLength = 10_000;

export type SeedChain = {
  id: number;
  commitment: string;
  length: number;
  /** The next unused chain index (1-based); > length when used up. */
  nextIndex: number;
  seeds: readonly Uint8Array[];
};

export function loadChain(row: ChainRow): SeedChain {
  const seeds = buildChain(hexToBytes(row.terminal), row.length);
  const commitment = bytesToHex(seeds[0] as Uint8Array);
  if (commitment !== row.commitment) throw new Error(`chain ${row.id}: terminal does not hash to its commitment`);
  return { id: row.id, commitment, length: row.length, nextIndex: row.nextIndex, seeds };
}

/** Draws a fresh terminal from the OS CSPRNG and stores the new chain. Call inside a transaction. */
export function createChain(store: TableStore, tableId: string, length: number, at: number): SeedChain {
  const terminal = randomBytes(SEED_BYTES);
  const seeds = buildChain(terminal, length);
  const commitment = bytesToHex(seeds[0] as Uint8Array);
  const id = store.insertChain(tableId, commitment, bytesToHex(terminal), length, at);
  return { id, commitment, length, nextIndex: 1, seeds };
}

/** Retires `previous` (its unused seeds are never revealed) and starts a fresh chain. Call inside a transaction. */
export function replaceChain(store: TableStore, tableId: string, previous: SeedChain, length: number, at: number): SeedChain {
  store.retireChain(previous.id, at);
  return createChain(store, tableId, length, at);
}

export function seedAt(chain: SeedChain, chainIndex: number): Uint8Array {
  const seed = chain.seeds[chainIndex];
  if (!seed || chainIndex < 1) throw new Error(`chain ${chain.id} has no index ${chainIndex}`);
  return seed;
}
