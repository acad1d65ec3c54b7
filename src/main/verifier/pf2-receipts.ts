// What pf2 adds to a whole export's verification (docs/PF2.md §1, §7, §10):
// the receipts players hold, each checked against the record it names, so a
// record rewritten, dropped or cut off after the fact fails even when the
// export was re-signed with the installation's own key; the other signed
// statements they hold, compared with their rounds' records
// (pf2-held-statements.ts); the seed chains, so
// no round uses a chain no record published and a retired chain hides no
// round; and per-player withholding counts, the one lever a table without a
// beacon keeps, shown in every report. Memory follows the receipts given,
// the chains and the bettors seen, not the export's size.
import { Check, type Finding, type Pf2Summary } from '../../shared/audit-api.ts';
import { RoundStatus, type Pf2Record, type RoundRecord } from '../../shared/audit-record.ts';
import { verifyStatement } from '../../shared/fairness/pf2-statements.ts';
import { heldStatementFindings, type HeldStatement } from './pf2-held-statements.ts';

/** A finding about a statement a player holds: where it came from instead of a record line. */
export type ReceiptFinding = Finding & { receipt: string };

/** A statement a player holds (a receipt, a reveal's or a decision's acknowledgement, …) and where it was read from. */
export type Receipt = HeldStatement;

export class Pf2Tally {
  /** Receipts by round, for the table of the export; checked as their record streams by. */
  readonly #pending = new Map<number, Receipt[]>();
  readonly #findings: ReceiptFinding[] = [];
  readonly #bettors = new Map<string, { frozen: number; withheld: number }>();
  #rounds = 0;
  #receiptsChecked = 0;
  #statementsChecked = 0;
  /** Chains the records published, with the highest index a record of the export used and whether they retired. */
  readonly #chains = new Map<string, { lastIndex: number | null; retiredAt: number | null; usedUpTo: number; publishedHere: boolean }>();
  #firstCommitment: string | null = null;
  /** When the export's previous record finished; null before its first (whose chains may predate the export). */
  #previousFinishedAt: number | null = null;

  constructor(tableId: string | null, receipts: readonly Receipt[], publicKey: Uint8Array | null) {
    for (const receipt of receipts) {
      const { statement, source } = receipt;
      const what = statement.kind === 'pf2.receipt' ? 'a receipt' : `a ${String(statement.kind)} statement`;
      if (publicKey === null || !verifyStatement(statement, publicKey)) {
        this.#findings.push({ check: Check.Signature, field: 'receipt', message: `${what} not signed by the export's key`, receipt: source });
        continue;
      }
      if (statement.table !== tableId || typeof statement.round !== 'number') {
        this.#findings.push({ check: Check.Chain, field: 'receipt.table', message: `${what} of table ${JSON.stringify(statement.table)}, not this export's`, receipt: source });
        continue;
      }
      const list = this.#pending.get(statement.round) ?? [];
      list.push(receipt);
      this.#pending.set(statement.round, list);
    }
  }

  /** A record streamed by: its receipts are checked against it, and its bettors' withholding counted. */
  add(record: RoundRecord): Finding[] {
    const findings: Finding[] = [];
    for (const { statement, source } of this.#pending.get(record.round) ?? []) {
      if (statement.kind !== 'pf2.receipt') {
        this.#statementsChecked += 1;
        findings.push(...heldStatementFindings(record, statement, source));
        continue;
      }
      this.#receiptsChecked += 1;
      const named = { recordHash: record.hash, previousHash: record.prevHash, chainIndex: record.chainIndex, chain: record.commitment };
      for (const [member, value] of Object.entries(named)) {
        if (statement[member] !== value) {
          findings.push({ check: Check.Chain, field: member === 'recordHash' ? 'hash' : member === 'previousHash' ? 'prevHash' : member, message: `the receipt ${source} says ${JSON.stringify(statement[member])}: the record was rewritten after it settled` });
        }
      }
    }
    this.#pending.delete(record.round);
    const pf2 = record.pf2;
    if (pf2) findings.push(...this.#chainFindings(record, pf2));
    if (pf2 && record.status === RoundStatus.Settled) {
      this.#rounds += 1;
      const withheld = new Set(pf2.withheld);
      for (const line of pf2.frozenLines) {
        if (!line.startsWith('c|')) continue;
        const reference = line.split('|')[1] as string;
        const counts = this.#bettors.get(reference) ?? { frozen: 0, withheld: 0 };
        counts.frozen += 1;
        if (withheld.has(reference)) counts.withheld += 1;
        this.#bettors.set(reference, counts);
      }
    }
    return findings;
  }

  /**
   * PF2.md §1: the chains the record lists are remembered; its own chain was
   * published by a record of the export (or is the chain the export starts
   * on) and not retired before it; a retired chain's last index is the last
   * round of it the export holds.
   */
  #chainFindings(record: RoundRecord, pf2: Pf2Record): Finding[] {
    const findings: Finding[] = [];
    // A chain published within the export: listed after its previous record, or by the table's first record (which lists all).
    const since = record.seq === 1 ? 0 : this.#previousFinishedAt;
    for (const chain of pf2.chains) {
      const publishedHere = since !== null && chain.publishedAt >= since;
      const known = this.#chains.get(chain.commitment) ?? { lastIndex: null, retiredAt: null, usedUpTo: 0, publishedHere };
      known.retiredAt = chain.retiredAt;
      known.lastIndex = chain.retiredAt === null ? null : chain.lastIndex;
      this.#chains.set(chain.commitment, known);
    }
    this.#firstCommitment ??= record.commitment;
    const own = this.#chains.get(record.commitment);
    if (!own && record.commitment !== this.#firstCommitment) {
      findings.push({ check: Check.Seeds, field: 'commitment', message: 'a round on a chain that no record published' });
    } else if (own?.retiredAt != null && own.lastIndex !== null && record.chainIndex > own.lastIndex) {
      findings.push({ check: Check.Seeds, field: 'chainIndex', message: `the chain was retired at index ${own.lastIndex}` });
    }
    const entry = own ?? { lastIndex: null, retiredAt: null, usedUpTo: 0, publishedHere: false };
    entry.usedUpTo = Math.max(entry.usedUpTo, record.chainIndex);
    this.#chains.set(record.commitment, entry);
    for (const chain of pf2.chains) {
      const known = this.#chains.get(chain.commitment);
      if (chain.retiredAt === null || !known?.publishedHere || known.usedUpTo >= chain.lastIndex) continue;
      findings.push({ check: Check.Seeds, field: 'pf2.chains', message: `chain ${chain.commitment.slice(0, 12)}… retired at index ${chain.lastIndex}, but the export's rounds on it end at ${known.usedUpTo}: rounds are missing` });
    }
    this.#previousFinishedAt = record.settledAt ?? record.voidedAt ?? record.openedAt;
    return findings;
  }

  /**
   * Receipts whose record never came: dropped, or the export cut off. A
   * receipt of a round before the export's first is outside it, not missing.
   */
  finish(firstRound: number | null): ReceiptFinding[] {
    for (const [round, receipts] of this.#pending) {
      if (firstRound !== null && round < firstRound) continue;
      for (const { source, statement } of receipts) {
        const what = statement.kind === 'pf2.receipt' ? 'a receipt' : `a signed ${String(statement.kind)}`;
        this.#findings.push({ check: Check.Chain, field: '(record)', message: `round ${round} has ${what} but no record in this export: dropped or cut off`, receipt: source });
      }
    }
    this.#pending.clear();
    return this.#findings;
  }

  summary(): Pf2Summary {
    const withholding = [...this.#bettors]
      .filter(([, counts]) => counts.withheld > 0)
      .map(([reference, counts]) => ({ reference, frozen: counts.frozen, withheld: counts.withheld, rate: counts.withheld / counts.frozen }))
      .sort((left, right) => right.withheld - left.withheld || left.reference.localeCompare(right.reference));
    return { rounds: this.#rounds, receiptsChecked: this.#receiptsChecked, statementsChecked: this.#statementsChecked, bettors: this.#bettors.size, withholding };
  }
}
