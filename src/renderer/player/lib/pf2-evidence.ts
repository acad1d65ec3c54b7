// The download a player hands an auditor (docs/PF2.md §7): every signed
// statement the page holds for the table's pf2 rounds, its own lines and
// proofs, the alarms, and the stored receipts, as one JSON file. Statements
// are kept exactly as received, signatures included, so they prove
// themselves; the secret is included only once it was sent (it is public then).
import type { Pf2State } from '../state/pf2-state.ts';
import type { StoredReceipt } from './pf2-vault.ts';

export type Pf2Evidence = {
  format: 'pitboss.pf2-evidence.v1';
  tableId: string;
  reference: string | null;
  statementKey: string | null;
  keyAlarm: string | null;
  savedAt: string;
  rounds: unknown[];
  receipts: StoredReceipt[];
};

export function pf2Evidence(tableId: string, pf2: Pf2State, receipts: readonly StoredReceipt[], now: Date): Pf2Evidence {
  return {
    format: 'pitboss.pf2-evidence.v1',
    tableId,
    reference: pf2.reference,
    statementKey: pf2.statementKey,
    keyAlarm: pf2.keyAlarm,
    savedAt: now.toISOString(),
    rounds: pf2.rounds.map((entry) => ({
      round: entry.round,
      commitment: entry.commitment,
      secret: entry.revealSent ? entry.secret : null,
      statements: { freeze: entry.freeze, reveal: entry.revealAck, revealed: entry.revealed, receipt: entry.receipt },
      conflictingStatements: entry.conflicting,
      betAcknowledgements: entry.betAcknowledgements,
      decisions: entry.decisions,
      lines: entry.lines,
      freezeCheck: entry.check,
      audit: entry.audit,
      alarms: entry.alarms,
    })),
    receipts: [...receipts],
  };
}

/** Offers the value as a JSON file download (the browser's own save dialog or downloads folder). */
export function downloadJson(fileName: string, value: unknown): void {
  const blob = new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
