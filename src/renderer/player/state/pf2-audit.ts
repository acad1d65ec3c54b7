// After a pf2 round resolves, the page compares what it holds with the
// round's public proof (docs/PF2.md §7, §10): my commitment must be among
// the frozen lines, and a reveal the server acknowledged with a signed
// pf2.reveal must not be listed as withheld (the pair is proof that the
// server ignored it). A reveal sent and never acknowledged is said plainly;
// it proves nothing to a third party, but the player should know. Pure.
import type { RoundProof } from '../../../shared/api.ts';
import type { VerifyResult } from '../../../shared/fairness/verify-round.ts';
import { commitmentLine, playerOfLine } from './pf2-freeze-check.ts';
import type { Pf2Audit, Pf2Round } from './pf2-state.ts';

export type AuditInput = { proof: RoundProof; verification: VerifyResult; reference: string; entry: Pf2Round };

export function auditPf2Proof({ proof, verification, reference, entry }: AuditInput): Pf2Audit {
  const alarms: string[] = [];
  const notes: string[] = [];
  if (proof.phase === 'voided') {
    // PF2.md §8: a round is voided only while betting is open; a signed freeze for it says otherwise.
    if (entry.freeze !== null) alarms.push('the round was voided after its signed freeze, which pf2 forbids');
    else notes.push('the round was voided before betting closed: every stake was refunded');
    return { verified: verification.ok, status: 'voided', alarms, notes };
  }
  const pf2 = proof.pf2;
  if (pf2 === undefined) {
    alarms.push('the published proof of this pf2 round carries no pf2 freeze or reveal set');
    return { verified: false, status: 'incomplete', alarms, notes };
  }
  if (pf2.withheld === null || pf2.secrets === null) {
    notes.push('the reveal window has not closed in the published proof yet');
    return { verified: verification.ok, status: 'incomplete', alarms, notes };
  }
  if (entry.freeze !== null && pf2.freeze !== entry.freeze.freeze) {
    alarms.push('the published freeze differs from the one signed to me at the close (equivocation)');
  }
  const mine = pf2.frozenLines.filter((line) => playerOfLine(line) === reference);
  if (entry.commitment !== null && !pf2.frozenLines.includes(commitmentLine(reference, entry.commitment))) {
    alarms.push('my commitment is not among the published frozen lines');
  }
  if (entry.lines !== null) {
    const given = new Set(entry.lines.lines.map((proofLine) => proofLine.line));
    if (mine.length !== given.size || mine.some((line) => !given.has(line))) {
      alarms.push(`the published frozen lines name me ${mine.length} times, unlike the ${given.size} lines I was given at the close`);
    }
  }
  const withheld = pf2.withheld.includes(reference);
  if (withheld && entry.revealAck !== null) {
    alarms.push('I hold a signed acknowledgement of my reveal, yet the proof lists me as withheld: this is proof of misbehaviour');
  } else if (withheld && entry.revealSent) {
    notes.push('I sent my secret, got no acknowledgement, and the proof lists me as withheld');
  } else if (withheld) {
    notes.push('my secret was not revealed in the window (this page was not connected), so I am listed as withheld; my bets stood');
  }
  if (!withheld && entry.secret !== null && entry.revealAck !== null && !pf2.secrets.includes(entry.secret)) {
    alarms.push('my acknowledged secret is missing from the published reveal set');
  }
  if (!verification.ok) alarms.push('the round does not verify: see the checks');
  return { verified: verification.ok, status: withheld ? 'withheld' : 'revealed', alarms, notes };
}
