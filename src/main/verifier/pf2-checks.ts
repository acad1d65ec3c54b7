// What a pf2 round's record must satisfy (docs/PF2.md §3–§5, §7, §8, §10):
// its frozen lines well formed and hashing to its freeze, the frozen bets
// exactly the bets it settled, every reveal opening its bettor's frozen
// commitment, the withheld list exactly the rest, the client string made
// from the freeze and the revealed secrets, voids only before the freeze,
// and the signed statements valid under the export's key and agreeing with
// the record; the beacon's checks are pf2-beacon-checks.ts. Pure: shared code only.
import { Check, type Finding } from '../../shared/audit-api.ts';
import { BetStatus, RoundStatus, type Pf2Record, type RoundRecord } from '../../shared/audit-record.ts';
import { merkleRoot } from '../../shared/fairness/merkle.ts';
import { frozenLinesProblem, opensCommitment, roundClientString, secretsDigest, secretsString, sortByBytes, withheldBettors, withheldDigest } from '../../shared/fairness/pf2.ts';
import { verifyStatement } from '../../shared/fairness/pf2-statements.ts';
import type { BeaconChain } from '../../shared/fairness/beacon-chain.ts';
import { beaconRandomnessOf, checkBeacon } from './pf2-beacon-checks.ts';

const seeds = (field: string, message: string): Finding => ({ check: Check.Seeds, field: `pf2.${field}`, message });
const signature = (field: string, message: string): Finding => ({ check: Check.Signature, field: `pf2.statements.${field}`, message });

/** The round's client string under pf2: from its freeze, its revealed secrets and its beacon's randomness (PF2.md §5). */
export function pf2ClientString(pf2: Pf2Record): string | null {
  if (pf2.freeze === null) return null;
  return roundClientString(pf2.freeze, secretsString(pf2.reveals.map((reveal) => reveal.secret)), beaconRandomnessOf(pf2));
}

/** `chains`: the beacon chains the verifier knows (beaconChainsWith: quicknet and any given by --beacon-chain). */
export function checkPf2(record: RoundRecord, pf2: Pf2Record, publicKey: Uint8Array | null, chains: ReadonlyMap<string, BeaconChain>): Finding[] {
  if (record.clientSeeds.length > 0) return [{ check: Check.Seeds, field: 'clientSeeds', message: 'a pf2 round has no pf1 client seeds' }];
  if (record.status === RoundStatus.Voided) return checkVoided(record, pf2, publicKey);
  if (pf2.freeze === null) return [seeds('freeze', 'a settled pf2 round must have been frozen')];
  if (pf2.statements.void !== null) return [signature('void', 'a settled round was never voided')];
  const findings = [...checkLines(record, pf2), ...checkBeacon(pf2, chains)];
  if (findings.length > 0) return findings;
  const reveals = checkReveals(record, pf2);
  if (reveals.length > 0) return reveals;
  return checkStatements(record, pf2, publicKey);
}

/**
 * A pf2 round is voided only while betting is open: before any freeze, so
 * with nothing frozen or revealed, under a signed pf2.void that gives the
 * record's reason no later than the record's void (PF2.md §7, §8).
 */
function checkVoided(record: RoundRecord, pf2: Pf2Record, publicKey: Uint8Array | null): Finding[] {
  if (pf2.freeze !== null || pf2.statements.freeze !== null) return [seeds('freeze', 'a pf2 round frozen before its void: a frozen round is never voided')];
  if (pf2.frozenLines.length > 0 || pf2.reveals.length > 0) return [seeds('frozenLines', 'a voided pf2 round has no frozen lines and no reveals')];
  const statement = pf2.statements.void;
  if (statement === null) return [signature('void', 'a voided pf2 round carries its signed pf2.void')];
  if (publicKey !== null && !verifyStatement(statement, publicKey)) return [signature('void', "not signed by the export's key")];
  const expected = { kind: 'pf2.void', table: record.tableId, round: record.round, chainIndex: record.chainIndex, chain: record.commitment, reason: record.voidReason };
  const findings = Object.entries(expected)
    .filter(([member, value]) => statement[member] !== value)
    .map(([member, value]) => signature(`void.${member}`, `says ${JSON.stringify(statement[member])}, the record ${JSON.stringify(value)}`));
  const voidedAt = statement.voidedAt;
  if (typeof voidedAt !== 'number' || record.voidedAt === null || voidedAt > record.voidedAt || voidedAt < record.openedAt) {
    findings.push(signature('void.voidedAt', `${JSON.stringify(voidedAt)} is not within the round (${record.openedAt}…${record.voidedAt})`));
  }
  return findings;
}

function checkLines(record: RoundRecord, pf2: Pf2Record): Finding[] {
  const problem = frozenLinesProblem(pf2.frozenLines);
  if (problem !== null) return [seeds('frozenLines', problem)];
  if (merkleRoot(pf2.frozenLines) !== pf2.freeze) return [seeds('freeze', 'the frozen lines do not hash to the freeze (RFC 6962)')];
  const referenceOf = new Map(pf2.commitments.map((row) => [row.playerId, row.reference]));
  const settled = record.bets.filter((bet) => bet.status === BetStatus.Settled);
  const betLines = sortByBytes(settled.map((bet) => `b|${referenceOf.get(bet.playerId) ?? bet.playerId}|${bet.betId}|${bet.spot}|${bet.amountMinor}`));
  const frozenBets = pf2.frozenLines.filter((line) => line.startsWith('b|'));
  if (betLines.join('\n') !== frozenBets.join('\n')) {
    const missing = betLines.find((line) => !frozenBets.includes(line)) ?? frozenBets.find((line) => !betLines.includes(line));
    return [seeds('frozenLines', `the frozen bets are not the bets the round settled (first difference: ${missing ?? '?'})`)];
  }
  const recorded = new Map(pf2.commitments.map((row) => [row.reference, row.commitment]));
  for (const line of pf2.frozenLines.filter((each) => each.startsWith('c|'))) {
    const [, player, commitment] = line.split('|');
    if (recorded.get(player as string) !== commitment) return [seeds('frozenLines', `${line} is not the commitment recorded with ${player}'s bets`)];
  }
  return [];
}

function checkReveals(record: RoundRecord, pf2: Pf2Record): Finding[] {
  const frozen = new Map(pf2.frozenLines.filter((line) => line.startsWith('c|')).map((line) => line.split('|').slice(1) as [string, string]));
  const revealed = new Set<string>();
  for (const [index, reveal] of pf2.reveals.entries()) {
    const commitment = frozen.get(reveal.reference);
    if (commitment === undefined) return [seeds(`reveals[${index}].reference`, `${reveal.reference} holds no frozen commitment`)];
    if (revealed.has(reveal.reference)) return [seeds(`reveals[${index}].reference`, `a second reveal of ${reveal.reference}`)];
    if (!opensCommitment(record.tableId, record.round, reveal.reference, reveal.secret, commitment)) {
      return [seeds(`reveals[${index}].secret`, `does not open ${reveal.reference}'s frozen commitment`)];
    }
    revealed.add(reveal.reference);
  }
  const withheld = withheldBettors(pf2.frozenLines, revealed);
  if (withheld.join(',') !== pf2.withheld.join(',')) return [seeds('withheld', `the bettors who did not reveal are ${JSON.stringify(withheld)}`)];
  const clientString = pf2ClientString(pf2);
  if (record.clientString !== clientString) return [{ check: Check.Seeds, field: 'clientString', message: `the freeze and the revealed secrets give ${JSON.stringify(clientString)}` }];
  return [];
}

/** The statements' signatures, and that what they signed is what the record holds. */
function checkStatements(record: RoundRecord, pf2: Pf2Record, publicKey: Uint8Array | null): Finding[] {
  const { freeze, revealed, resumes } = pf2.statements;
  if (freeze === null || revealed === null) return [signature(freeze === null ? 'freeze' : 'revealed', 'a settled pf2 round carries its signed statement')];
  const findings: Finding[] = [];
  const named: [string, Record<string, unknown>][] = [['freeze', freeze], ['revealed', revealed], ...resumes.map((each, index): [string, Record<string, unknown>] => [`resumes[${index}]`, each])];
  for (const [field, statement] of named) {
    if (publicKey !== null && !verifyStatement(statement, publicKey)) findings.push(signature(field, 'not signed by the export\'s key'));
    const names = { table: record.tableId, round: record.round, chainIndex: record.chainIndex, chain: record.commitment, freeze: pf2.freeze };
    for (const [member, value] of Object.entries(names)) {
      if (statement[member] !== value) findings.push(signature(`${field}.${member}`, `names ${JSON.stringify(statement[member])}, the record ${JSON.stringify(value)}`));
    }
  }
  const bettors = pf2.frozenLines.filter((line) => line.startsWith('c|')).length;
  const secrets = secretsString(pf2.reveals.map((reveal) => reveal.secret));
  // The freeze's beaconRound is R, the record's the one drawn from (R′ after a resume): checkBeacon checks both.
  const expected: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['freeze', freeze, { kind: 'pf2.freeze', game: record.game, rulesVersion: record.rulesVersion, lines: pf2.frozenLines.length, bettors, bets: pf2.frozenLines.length - bettors, revealWindowMs: pf2.revealWindowMs, frozenAt: pf2.frozenAt }],
    ['revealed', revealed, { kind: 'pf2.revealed', revealed: pf2.reveals.length, withheld: pf2.withheld.length, withheldDigest: withheldDigest(pf2.withheld), secretsDigest: secretsDigest(secrets), closedAt: pf2.revealClosedAt }],
  ];
  for (const [field, statement, members] of expected) {
    for (const [member, value] of Object.entries(members)) {
      if (statement[member] !== value) findings.push(signature(`${field}.${member}`, `says ${JSON.stringify(statement[member])}, the record ${JSON.stringify(value)}`));
    }
  }
  return [...findings, ...checkSchedule(pf2)];
}

/** The window closed within revealWindowMs of the freeze, or of the last resume after a restart (PF2.md §6, §8). */
function checkSchedule(pf2: Pf2Record): Finding[] {
  const { frozenAt, revealWindowMs, revealClosedAt } = pf2;
  if (frozenAt === null || revealWindowMs === null || revealClosedAt === null) return [seeds('revealClosedAt', 'a settled pf2 round records when its reveal window closed')];
  const lastOpened = Math.max(frozenAt, ...pf2.statements.resumes.map((resume) => (typeof resume.resumedAt === 'number' ? resume.resumedAt : frozenAt)));
  if (revealClosedAt < frozenAt || revealClosedAt > lastOpened + revealWindowMs) {
    return [seeds('revealClosedAt', `the window closed at ${revealClosedAt}, outside ${frozenAt}…${lastOpened + revealWindowMs}`)];
  }
  return [];
}
