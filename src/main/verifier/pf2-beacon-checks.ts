// What a pf2 round's public beacon must satisfy (docs/PF2.md §6, §8), checked
// offline: the record's beacon is the one its signed freeze named, at the
// round the formula gives from frozenAt (or each resume's from its
// resumedAt), the reveal set closed at least 3 s before that round's
// emission, the recorded signature verifies against the chain's public key
// and the randomness is its hash. A chain the verifier does not know (only
// quicknet is built in) cannot be checked: that is said, never passed.
import { Check, type Finding } from '../../shared/audit-api.ts';
import type { Pf2Record } from '../../shared/audit-record.ts';
import type { BeaconChain } from '../../shared/fairness/beacon-chain.ts';
import { BEACON_MARGIN_MS, beaconEmittedAt, beaconRoundFor } from '../../shared/fairness/pf2-beacon.ts';
import { beaconRandomness, beaconSignatureProblem } from '../../shared/fairness/pf2-beacon-signature.ts';

const beaconFinding = (field: string, message: string): Finding => ({ check: Check.Seeds, field: `pf2.${field}`, message });

/** The randomness a settled round's client string takes: '' without a beacon. */
export function beaconRandomnessOf(pf2: Pf2Record): string {
  return pf2.beaconRandomness ?? '';
}

export function checkBeacon(pf2: Pf2Record, chains: ReadonlyMap<string, BeaconChain>): Finding[] {
  const freeze = pf2.statements.freeze;
  if (freeze === null) return [];
  const chainHash = pf2.beaconChain ?? null;
  if (freeze.beaconChain !== chainHash) return [beaconFinding('beaconChain', `the freeze names beacon chain ${JSON.stringify(freeze.beaconChain)}, the record ${JSON.stringify(chainHash)}`)];
  if (chainHash === null) {
    const stray = [
      ['beaconRound', pf2.beaconRound],
      ['beaconSignature', pf2.beaconSignature ?? null],
      ['beaconRandomness', pf2.beaconRandomness ?? null],
      ['statements.freeze.beaconRound', freeze.beaconRound],
      ...pf2.statements.resumes.map((resume, index) => [`statements.resumes[${index}].beaconRound`, resume.beaconRound] as const),
    ].find(([, value]) => value !== null);
    return stray === undefined ? [] : [beaconFinding(stray[0] as string, 'a round without a beacon chain has no beacon round or value')];
  }
  const chain = chains.get(chainHash);
  if (chain === undefined) {
    return [beaconFinding('beaconChain', `beacon chain ${chainHash} is not one this verifier knows (quicknet is built in): give its info JSON with --beacon-chain`)];
  }
  return [...checkRounds(pf2, chain), ...checkValue(pf2, chain)];
}

/** R from frozenAt in the freeze, R′ from resumedAt in each resume, the record's round the last of them, and the window closed in time. */
function checkRounds(pf2: Pf2Record, chain: BeaconChain): Finding[] {
  const { frozenAt, revealWindowMs, revealClosedAt } = pf2;
  const freeze = pf2.statements.freeze;
  if (freeze === null || frozenAt === null || revealWindowMs === null) return [beaconFinding('frozenAt', 'a frozen round records when it froze and its reveal window')];
  const fixings: [string, unknown, number][] = [['statements.freeze.beaconRound', freeze.beaconRound, beaconRoundFor(frozenAt, revealWindowMs, chain)]];
  for (const [index, resume] of pf2.statements.resumes.entries()) {
    if (typeof resume.resumedAt !== 'number' || !Number.isSafeInteger(resume.resumedAt)) return [beaconFinding(`statements.resumes[${index}].resumedAt`, 'a resume records when it reopened the window')];
    fixings.push([`statements.resumes[${index}].beaconRound`, resume.beaconRound, beaconRoundFor(resume.resumedAt, revealWindowMs, chain)]);
  }
  for (const [field, stated, expected] of fixings) {
    if (stated !== expected) return [beaconFinding(field, `is ${JSON.stringify(stated)}: the schedule (PF2.md §6) fixes beacon round ${expected}`)];
  }
  const fixed = fixings.at(-1)?.[2];
  if (pf2.beaconRound !== fixed) return [beaconFinding('beaconRound', `is ${JSON.stringify(pf2.beaconRound)}, the statements fix beacon round ${String(fixed)}`)];
  const latestCloseAt = beaconEmittedAt(fixed, chain) * 1000 - BEACON_MARGIN_MS;
  if (revealClosedAt !== null && revealClosedAt > latestCloseAt) {
    return [beaconFinding('revealClosedAt', `the reveal set closed at ${revealClosedAt}, less than ${BEACON_MARGIN_MS} ms before beacon round ${fixed} (emitted at ${latestCloseAt + BEACON_MARGIN_MS}): the round is unfair`)];
  }
  return [];
}

/** The recorded value is the chain's signature of the fixed round, and the randomness its hash. */
function checkValue(pf2: Pf2Record, chain: BeaconChain): Finding[] {
  const signature = pf2.beaconSignature ?? null;
  if (signature === null || pf2.beaconRound === null) return [beaconFinding('beaconSignature', 'a settled round under a beacon records the beacon value it drew from')];
  const problem = beaconSignatureProblem(pf2.beaconRound, signature, chain);
  if (problem !== null) return [beaconFinding('beaconSignature', problem)];
  if (pf2.beaconRandomness !== beaconRandomness(signature)) return [beaconFinding('beaconRandomness', 'is not hex(SHA-256(beaconSignature))')];
  return [];
}
