// Re-checks a published round from its proof alone, the way a player's
// browser or an auditor would: nothing here trusts the server. Pure and
// never throws, because the proof arrives over the network.
import type { RoundProof } from '../api.ts';
import { jsonEqual } from '../audit/json-diff.ts';
import { games } from '../games/index.ts';
import { merkleRoot } from './merkle.ts';
import { clientStringOf, hexToBytes, seedMatchesCommitment } from './pf1.ts';
import type { BeaconChain } from './beacon-chain.ts';
import { roundClientString, secretsString } from './pf2.ts';
import { beaconChainsWith, proofBeacon } from './verify-beacon.ts';

export type VerifyCheck = { name: string; ok: boolean; detail: string };
export type VerifyResult = { ok: boolean; checks: VerifyCheck[] };
export type RoundProofInput = Pick<
  RoundProof,
  'game' | 'round' | 'commitment' | 'chainIndex' | 'serverSeed' | 'clientSeeds' | 'clientString' | 'outcome' | 'pf2'
>;

/** What the checks know beyond the proof: beacon chains other than quicknet, by chain hash. */
type Known = { beaconChains: ReadonlyMap<string, BeaconChain> };

/**
 * The client string the proof's own inputs give: pf1's sorted client seeds,
 * or under pf2 the freeze (checked against its lines), the revealed secrets
 * and the checked beacon value if the freeze fixed one (PF2.md §5). An error
 * names what is missing or wrong.
 */
function expectedClientString(proof: RoundProofInput, known: Known): { value: string; inputs: string } | { error: string } {
  const pf2 = proof.pf2;
  if (pf2 === undefined) return { value: clientStringOf(proof.clientSeeds), inputs: `the ${proof.clientSeeds.length} recorded client seeds` };
  if (pf2.freeze === null || pf2.secrets === null) return { error: 'the reveal window has not closed yet' };
  if (merkleRoot(pf2.frozenLines) !== pf2.freeze) return { error: `the ${pf2.frozenLines.length} frozen lines do not hash to the freeze ${pf2.freeze}` };
  const beacon = proofBeacon(pf2, known.beaconChains);
  if (beacon?.problem) return { error: beacon.problem };
  const inputs = `the freeze${beacon === null ? ' and' : ','} the ${pf2.secrets.length} revealed secrets${beacon === null ? '' : ' and the beacon value'}`;
  return { value: roundClientString(pf2.freeze, secretsString(pf2.secrets), beacon?.randomness ?? ''), inputs };
}

export const CheckName = {
  SeedChain: 'seed-chain',
  ClientString: 'client-string',
  Outcome: 'outcome',
  Beacon: 'beacon',
} as const;

function checkSeedChain(proof: RoundProofInput, _known: Known): VerifyCheck {
  const name = CheckName.SeedChain;
  if (proof.serverSeed === null) return { name, ok: false, detail: 'server seed not revealed yet' };
  const ok = seedMatchesCommitment(proof.serverSeed, proof.chainIndex, proof.commitment);
  const detail = ok
    ? `SHA-256 applied ${proof.chainIndex} times to the server seed gives the commitment`
    : `SHA-256 applied ${proof.chainIndex} times to the server seed does not give the commitment ${proof.commitment}`;
  return { name, ok, detail };
}

function checkClientString(proof: RoundProofInput, known: Known): VerifyCheck {
  const name = CheckName.ClientString;
  if (proof.clientString === null) return { name, ok: false, detail: 'client string not published yet' };
  const expected = expectedClientString(proof, known);
  if ('error' in expected) return { name, ok: false, detail: expected.error };
  const ok = proof.clientString === expected.value;
  const detail = ok
    ? `${expected.inputs} give the published client string`
    : `published ${JSON.stringify(proof.clientString)}, but ${expected.inputs} give ${JSON.stringify(expected.value)}`;
  return { name, ok, detail };
}

/**
 * Recomputes the outcome from the recorded seeds or pf2's freeze and secrets
 * (not the published client string), so a mismatch in the string cannot make
 * a forged outcome pass.
 */
function checkOutcome(proof: RoundProofInput, known: Known): VerifyCheck {
  const name = CheckName.Outcome;
  if (proof.serverSeed === null || proof.outcome === null) return { name, ok: false, detail: 'outcome not published yet' };
  if (!Object.hasOwn(games, proof.game)) return { name, ok: false, detail: `unknown game ${JSON.stringify(proof.game)}` };
  const clientString = expectedClientString(proof, known);
  if ('error' in clientString) return { name, ok: false, detail: clientString.error };
  const fairness = proof.pf2 === undefined ? 'pf1' : 'pf2';
  const inputs = { serverSeed: hexToBytes(proof.serverSeed), clientString: clientString.value, round: proof.round, fairness } as const;
  // A game of chance is drawn again; blackjack's published decisions are replayed on the round's shoe.
  const recomputed = games[proof.game].recompute(inputs, proof.outcome);
  const ok = jsonEqual(recomputed, proof.outcome);
  const detail = ok
    ? `${fairness} gives ${JSON.stringify(recomputed)}, as published`
    : `${fairness} gives ${JSON.stringify(recomputed)}, but ${JSON.stringify(proof.outcome)} was published`;
  return { name, ok, detail };
}

/** Turns a throw on malformed input (e.g. clientSeeds not an array) into a failed check. */
function guarded(name: string, check: (proof: RoundProofInput, known: Known) => VerifyCheck, proof: RoundProofInput, known: Known): VerifyCheck {
  try {
    return check(proof, known);
  } catch (error) {
    return { name, ok: false, detail: `malformed proof: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The beacon's own check, present only for a round whose statements or proof name a beacon. */
function beaconChecks(proof: RoundProofInput, known: Known): VerifyCheck[] {
  const name = CheckName.Beacon;
  try {
    const beacon = proof.pf2 === undefined ? null : proofBeacon(proof.pf2, known.beaconChains);
    return beacon === null ? [] : [{ name, ok: beacon.problem === null, detail: beacon.detail }];
  } catch (error) {
    return [{ name, ok: false, detail: `malformed proof: ${error instanceof Error ? error.message : String(error)}` }];
  }
}

/**
 * Every check of the round. A beacon round's value is checked with BLS against
 * its chain's public key (one pairing, tens of milliseconds): quicknet is
 * known, other chains must be given (learned from the checker's own relays).
 */
export function verifyRound(proof: RoundProofInput, options: { beaconChains?: readonly BeaconChain[] } = {}): VerifyResult {
  const known: Known = { beaconChains: beaconChainsWith(options.beaconChains) };
  const checks = [
    guarded(CheckName.SeedChain, checkSeedChain, proof, known),
    guarded(CheckName.ClientString, checkClientString, proof, known),
    guarded(CheckName.Outcome, checkOutcome, proof, known),
    ...beaconChecks(proof, known),
  ];
  return { ok: checks.every((check) => check.ok), checks };
}
