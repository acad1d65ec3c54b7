// The signed acknowledgement of my bets and take-backs (docs/PF2.md §7): the
// group commit that took the request signs one pf2.bets over its lines, and
// my ack carries my own lines with their inclusion proofs. The page checks
// that the statement is the table's, about this round, that each proof holds
// against its root, and that the lines say exactly what I asked — my
// reference, my commitment, each bet's id, spot and stake, each take-back's
// id — then keeps the batch: it proves what the freeze must hold. Pure, and
// never throws: everything here came from the network.
import { verifyProof } from '../../../shared/fairness/merkle.ts';
import type { WireProof, WireStatement } from '../../../shared/protocol.ts';
import type { BetLine } from './pf2-state.ts';
import { statementProblem, type RoundIdentity } from './pf2-statement-checks.ts';

/** A pf2.bets statement and my lines in its tree, as the ack carried them. */
export type BetAcknowledgement = { statement: WireStatement; lines: WireProof[] };

/** What I asked for: bets placed under my commitment, or bets taken back (an empty list takes back all of mine). */
export type AcknowledgedRequest = { kind: 'place'; commitment: string; bets: readonly BetLine[] } | { kind: 'cancel'; betIds: readonly string[] };

export type BetAcknowledgementInput = {
  identity: RoundIdentity;
  statementKey: string | null;
  reference: string;
  request: AcknowledgedRequest;
  acknowledgement: BetAcknowledgement;
};

const acceptedSeqPattern = /^[1-9][0-9]{0,15}$/;

/** The problems with one acknowledgement, each a sentence for the alarm; empty when it proves what I asked. */
export function betAcknowledgementProblems(input: BetAcknowledgementInput): string[] {
  const { identity, statementKey, reference, request, acknowledgement } = input;
  const problem = statementProblem(acknowledgement.statement, 'pf2.bets', identity, statementKey);
  if (problem !== null) return [problem];
  // statementProblem checked its shape: root is a hash and size an integer.
  const { root, size } = acknowledgement.statement as unknown as { root: string; size: number };
  const problems: string[] = [];
  const lines: string[] = [];
  const proofs: unknown = acknowledgement.lines;
  if (!Array.isArray(proofs)) return ['the acknowledgement of my request carries no lines'];
  for (const proof of proofs as WireProof[]) {
    const line = typeof proof === 'object' && proof !== null ? proof.line : null;
    if (typeof line !== 'string' || !verifyProof({ index: proof.index, line, path: proof.path ?? [] }, size, root)) {
      problems.push(`the acknowledgement's line ${String(line)} does not prove into its signed pf2.bets`);
      continue;
    }
    lines.push(line);
  }
  if (problems.length > 0) return problems;
  return request.kind === 'place' ? placementProblems(reference, request, lines) : cancelProblems(reference, request.betIds, lines);
}

function placementProblems(reference: string, request: Extract<AcknowledgedRequest, { kind: 'place' }>, lines: readonly string[]): string[] {
  const problems: string[] = [];
  const matched = new Set<string>();
  for (const bet of request.bets) {
    const prefix = `a|${reference}|${request.commitment}|${bet.betId}|${bet.spot}|${bet.amountMinor}|`;
    const line = lines.find((each) => each.startsWith(prefix) && acceptedSeqPattern.test(each.slice(prefix.length)));
    if (line === undefined) problems.push(`my bet ${bet.betId} (${bet.spot}, ${bet.amountMinor}) is not acknowledged as I placed it`);
    else matched.add(line);
  }
  for (const line of lines) if (!matched.has(line)) problems.push(`the acknowledgement of my bets holds a line I did not ask for: ${line}`);
  return problems;
}

function cancelProblems(reference: string, betIds: readonly string[], lines: readonly string[]): string[] {
  const problems: string[] = [];
  for (const line of lines) {
    const [kind, player, betId, ...rest] = line.split('|');
    const mine = kind === 'x' && player === reference && betId !== undefined && rest.length === 0;
    if (!mine || (betIds.length > 0 && !betIds.includes(betId))) problems.push(`the acknowledgement of my take-back holds a line I did not ask for: ${line}`);
  }
  for (const betId of betIds) {
    if (!lines.includes(`x|${reference}|${betId}`)) problems.push(`my take-back of bet ${betId} is not in its signed acknowledgement`);
  }
  return problems;
}
