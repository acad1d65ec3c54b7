// What consecutive records must satisfy: the hash chain (seq, round and
// prevHash continue the previous record; each hash covers its record) and
// the seed chains (a chain's indices are used one after another, and a
// retired chain never comes back). Memory: one entry per seed chain seen.
import { Check, type Finding } from '../../shared/audit-api.ts';
import { GENESIS_HASH, type RoundRecord } from '../../shared/audit-record.ts';
import { recordHash, type Sha256Hex } from '../../shared/audit/record-format.ts';

/** Where the export says its piece of chain starts (from the signed manifest). */
export type ChainStart = { tableId: string; firstSeq: number | null; firstRound: number | null; startPrevHash: string | null };

type Link = { seq: number; round: number; hash: string; commitment: string; chainIndex: number };

export class ChainFollower {
  readonly #start: ChainStart | null;
  readonly #sha256Hex: Sha256Hex;
  #previous: Link | null = null;
  readonly #retired = new Set<string>();

  /** sha256Hex: the platform's SHA-256 (node-sha256.ts on Node), since it hashes every byte of records.jsonl once more. */
  constructor(start: ChainStart | null, sha256Hex: Sha256Hex) {
    this.#start = start;
    this.#sha256Hex = sha256Hex;
  }

  /** The round this line should hold, to name a record even when its own round field is wrong. */
  expectedRound(): number | null {
    return this.#previous ? this.#previous.round + 1 : (this.#start?.firstRound ?? null);
  }

  /** seq, round and prevHash continue the chain; the record belongs to the exported table. */
  links(record: RoundRecord): Finding[] {
    const findings: Finding[] = [];
    const previous = this.#previous;
    const start = this.#start;
    if (start && record.tableId !== start.tableId) {
      findings.push({ check: Check.Chain, field: 'tableId', message: `the export is of table ${start.tableId}` });
    }
    const expectSeq = previous ? previous.seq + 1 : start?.firstSeq;
    if (expectSeq != null && record.seq !== expectSeq) {
      const hint = record.seq > expectSeq ? 'a record is missing before this line, or records are out of order' : 'records are out of order or repeated';
      findings.push({ check: Check.Chain, field: 'seq', message: `expected seq ${expectSeq}, found ${record.seq}: ${hint}` });
    }
    const expectRound = this.expectedRound();
    if (expectRound !== null && record.round !== expectRound) {
      findings.push({ check: Check.Chain, field: 'round', message: `expected round ${expectRound}, found ${record.round}` });
    }
    const expectPrev = previous ? previous.hash : (start?.startPrevHash ?? null);
    if (expectPrev !== null && record.prevHash !== expectPrev) {
      findings.push({ check: Check.Chain, field: 'prevHash', message: `expected ${expectPrev}, the hash of the record before it` });
    } else if (record.seq === 1 && record.prevHash !== GENESIS_HASH) {
      findings.push({ check: Check.Chain, field: 'prevHash', message: 'the first record of a table has the genesis hash (64 zeros)' });
    }
    return findings;
  }

  /**
   * The stored hash is SHA-256 of the record's canonical JSON without it.
   * When the line is already canonical, that text is the line minus its
   * top-level `,"hash":"…"` member: the first such text in it, since no
   * member sorted before "hash" may hold a "hash" key (the shape is exact).
   * Saves serializing every record twice.
   */
  hash(record: RoundRecord, canonicalLine: string | null): Finding[] {
    const member = `,"hash":${JSON.stringify(record.hash)}`;
    const at = canonicalLine?.indexOf(member) ?? -1;
    const computed =
      canonicalLine !== null && at > 0 ? this.#sha256Hex(canonicalLine.slice(0, at) + canonicalLine.slice(at + member.length)) : recordHash(record, this.#sha256Hex);
    return computed === record.hash ? [] : [{ check: Check.Chain, field: 'hash', message: `the record's content hashes to ${computed}` }];
  }

  /** Each round takes the next index of its chain; a new chain starts at 1 and an old one never returns. */
  seedIndex(record: RoundRecord): Finding[] {
    const previous = this.#previous;
    if (!previous) return [];
    if (record.commitment === previous.commitment) {
      if (record.chainIndex === previous.chainIndex + 1) return [];
      return [{ check: Check.Seeds, field: 'chainIndex', message: `expected chain index ${previous.chainIndex + 1} of the same chain` }];
    }
    if (this.#retired.has(record.commitment)) {
      return [{ check: Check.Seeds, field: 'commitment', message: 'this chain was already left for another one' }];
    }
    if (record.chainIndex !== 1) return [{ check: Check.Seeds, field: 'chainIndex', message: 'a new chain starts at index 1' }];
    return [];
  }

  /** Continue from this record (even a failing one, so one bad record is reported once, not again at every later line). */
  advance(record: RoundRecord): void {
    const previous = this.#previous;
    if (previous && previous.commitment !== record.commitment) this.#retired.add(previous.commitment);
    this.#previous = { seq: record.seq, round: record.round, hash: record.hash, commitment: record.commitment, chainIndex: record.chainIndex };
  }
}

/**
 * Transfer ids are the ledger's ids: they increase in commit order and are
 * never reused, and a table's rounds run one after another (the next round
 * opens only once the previous one's record is written with its
 * settlement). So every transfer of a record has a larger id than every
 * transfer of the records before it. Checking that needs one number however
 * long the export, and with C10 (no id twice within a record) it proves no
 * id appears twice in the whole export: a reused id is never larger than the
 * one it copies.
 */
export class TransferOrder {
  #highest: { id: number; round: number } | null = null;

  /** Each of this record's transfer ids is above the highest of the records before it. Remembers this record's highest. */
  check(record: RoundRecord): Finding[] {
    const floor = this.#highest;
    let highest = floor;
    const findings: Finding[] = [];
    for (const [index, bet] of record.bets.entries()) {
      for (const [position, transfer] of bet.transfers.entries()) {
        if (floor && transfer.id <= floor.id && findings.length === 0) {
          findings.push({
            check: Check.Ledger,
            field: `bets[${index}].transfers[${position}].id`,
            message: `transfer ${transfer.id} is not above ${floor.id}, the last transfer of round ${floor.round}: an id used again, or a round's transfers out of ledger order`,
          });
        }
        if (!highest || transfer.id > highest.id) highest = { id: transfer.id, round: record.round };
      }
    }
    this.#highest = highest;
    return findings;
  }
}
