// Re-checks a published round from its proof alone, the way a player's
// browser or an auditor would: nothing here trusts the server. Pure and
// never throws, because the proof arrives over the network.
import type { RoundProof } from '../api.ts';
import { jsonEqual } from '../audit/json-diff.ts';
import { games } from '../games/index.ts';
import { merkleRoot } from './merkle.ts';
import { clientStringOf, hexToBytes, seedMatchesCommitment } from './pf1.ts';
import { roundClientString, secretsString } from './pf2.ts';

export type VerifyCheck = { name: string; ok: boolean; detail: string };
export type VerifyResult = { ok: boolean; checks: VerifyCheck[] };
export type RoundProofInput = Pick<
  RoundProof,
  'game' | 'round' | 'commitment' | 'chainIndex' | 'serverSeed' | 'clientSeeds' | 'clientString' | 'outcome' | 'pf2'
>;

/**
 * The client string the proof's own inputs give: pf1's sorted client seeds,
 * or under pf2 the freeze (checked against its lines) and the revealed
 * secrets (PF2.md §5, no beacon). An error names what is missing or wrong.
 */
function expectedClientString(proof: RoundProofInput): { value: string; inputs: string } | { error: string } {
  const pf2 = proof.pf2;
  if (pf2 === undefined) return { value: clientStringOf(proof.clientSeeds), inputs: `the ${proof.clientSeeds.length} recorded client seeds` };
  if (pf2.freeze === null || pf2.secrets === null) return { error: 'the reveal window has not closed yet' };
  if (merkleRoot(pf2.frozenLines) !== pf2.freeze) return { error: `the ${pf2.frozenLines.length} frozen lines do not hash to the freeze ${pf2.freeze}` };
  return { value: roundClientString(pf2.freeze, secretsString(pf2.secrets), ''), inputs: `the freeze and the ${pf2.secrets.length} revealed secrets` };
}

export const CheckName = {
  SeedChain: 'seed-chain',
  ClientString: 'client-string',
  Outcome: 'outcome',
} as const;

function checkSeedChain(proof: RoundProofInput): VerifyCheck {
  const name = CheckName.SeedChain;
  if (proof.serverSeed === null) return { name, ok: false, detail: 'server seed not revealed yet' };
  const ok = seedMatchesCommitment(proof.serverSeed, proof.chainIndex, proof.commitment);
  const detail = ok
    ? `SHA-256 applied ${proof.chainIndex} times to the server seed gives the commitment`
    : `SHA-256 applied ${proof.chainIndex} times to the server seed does not give the commitment ${proof.commitment}`;
  return { name, ok, detail };
}

function checkClientString(proof: RoundProofInput): VerifyCheck {
  const name = CheckName.ClientString;
  if (proof.clientString === null) return { name, ok: false, detail: 'client string not published yet' };
  const expected = expectedClientString(proof);
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
function checkOutcome(proof: RoundProofInput): VerifyCheck {
  const name = CheckName.Outcome;
  if (proof.serverSeed === null || proof.outcome === null) return { name, ok: false, detail: 'outcome not published yet' };
  if (!Object.hasOwn(games, proof.game)) return { name, ok: false, detail: `unknown game ${JSON.stringify(proof.game)}` };
  const clientString = expectedClientString(proof);
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
function guarded(name: string, check: (proof: RoundProofInput) => VerifyCheck, proof: RoundProofInput): VerifyCheck {
  try {
    return check(proof);
  } catch (error) {
    return { name, ok: false, detail: `malformed proof: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export function verifyRound(proof: RoundProofInput): VerifyResult {
  const checks = [
    guarded(CheckName.SeedChain, checkSeedChain, proof),
    guarded(CheckName.ClientString, checkClientString, proof),
    guarded(CheckName.Outcome, checkOutcome, proof),
  ];
  return { ok: checks.every((check) => check.ok), checks };
}
