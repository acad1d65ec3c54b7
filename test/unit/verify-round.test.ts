// verifyRound on a real pf1 vector round, and tampered copies of it: each
// tampering must fail the check it concerns.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { CheckName, verifyRound, type RoundProofInput } from '../../src/shared/fairness/verify-round.ts';

type Vectors = {
  chain: { seeds: string[]; commitment: string };
  rounds: (Omit<RoundProofInput, 'game'> & { game: string })[];
};
const vectors = JSON.parse(readFileSync(new URL('../fixtures/pf1-vectors.json', import.meta.url), 'utf8')) as Vectors;

/** A roulette vector round with two client seeds, as the server would publish it. */
function realProof(): RoundProofInput {
  const vector = vectors.rounds.find((round) => round.game === 'roulette-eu' && round.clientSeeds.length === 2);
  if (vector === undefined) throw new Error('no two-seed roulette vector');
  return {
    game: 'roulette-eu',
    round: vector.round,
    commitment: vectors.chain.commitment,
    chainIndex: vector.chainIndex,
    serverSeed: vector.serverSeed,
    clientSeeds: [...vector.clientSeeds].reverse(),
    clientString: vector.clientString,
    outcome: { pocket: (vector.outcome as { pocket: number }).pocket },
  };
}

function failed(proof: RoundProofInput): string[] {
  return verifyRound(proof)
    .checks.filter((check) => !check.ok)
    .map((check) => check.name);
}

describe('verifyRound', () => {
  it('accepts every roulette vector round', () => {
    const roulette = vectors.rounds.filter((round) => round.game === 'roulette-eu');
    expect(roulette.length).toBeGreaterThan(0);
    for (const vector of roulette) {
      const result = verifyRound({ ...vector, game: 'roulette-eu', commitment: vectors.chain.commitment } as RoundProofInput);
      expect(result.ok, `round ${vector.round}`).toBe(true);
      expect(result.checks.map((check) => check.name)).toEqual([CheckName.SeedChain, CheckName.ClientString, CheckName.Outcome]);
    }
  });

  it('accepts the real proof with seeds in recording order', () => {
    expect(verifyRound(realProof())).toMatchObject({ ok: true });
  });

  it('fails the seed chain on a wrong seed, and the outcome with it', () => {
    // Another link of the same chain: a well-formed seed the server really holds, at the wrong place.
    const proof = { ...realProof(), serverSeed: vectors.chain.seeds[1] as string };
    expect(proof.serverSeed).not.toBe(realProof().serverSeed);
    expect(failed(proof)).toEqual([CheckName.SeedChain, CheckName.Outcome]);
  });

  it('fails only the seed chain on a wrong chain index', () => {
    expect(failed({ ...realProof(), chainIndex: realProof().chainIndex + 1 })).toEqual([CheckName.SeedChain]);
    expect(failed({ ...realProof(), chainIndex: 0 })).toEqual([CheckName.SeedChain]);
  });

  it('fails only the seed chain on a wrong commitment', () => {
    expect(failed({ ...realProof(), commitment: vectors.chain.seeds[2] as string })).toEqual([CheckName.SeedChain]);
  });

  it('fails only the outcome on a wrong outcome', () => {
    const proof = realProof();
    const pocket = (proof.outcome as { pocket: number }).pocket;
    const wrong = { ...proof, outcome: { pocket: (pocket + 1) % 37 } };
    const result = verifyRound(wrong);
    expect(failed(wrong)).toEqual([CheckName.Outcome]);
    expect(result.checks.find((check) => check.name === CheckName.Outcome)?.detail).toContain('was published');
  });

  it('fails only the client string on a published string that does not match the seeds', () => {
    expect(failed({ ...realProof(), clientString: 'alice-seed,Bob42' })).toEqual([CheckName.ClientString]);
  });

  it('fails client string and outcome when a recorded seed is dropped', () => {
    const proof = realProof();
    expect(failed({ ...proof, clientSeeds: proof.clientSeeds.slice(1) })).toEqual([CheckName.ClientString, CheckName.Outcome]);
  });

  it('fails the outcome on a wrong round number', () => {
    const proof = realProof();
    expect(failed({ ...proof, round: proof.round + 1 })).toEqual([CheckName.Outcome]);
  });

  it('reports an unrevealed round as not verifiable', () => {
    const proof = { ...realProof(), serverSeed: null, clientString: null, outcome: null };
    expect(failed(proof)).toEqual([CheckName.SeedChain, CheckName.ClientString, CheckName.Outcome]);
  });

  it('never throws on malformed proofs', () => {
    const malformed = [
      { ...realProof(), serverSeed: 'not hex' },
      { ...realProof(), serverSeed: 'ABCD' },
      { ...realProof(), clientSeeds: null as unknown as string[] },
      { ...realProof(), round: -1 },
      { ...realProof(), game: 'baccarat' as never },
      { ...realProof(), game: '__proto__' as never },
      { ...realProof(), outcome: 'x' as never },
    ];
    for (const proof of malformed) {
      const result = verifyRound(proof);
      expect(result.ok).toBe(false);
    }
  });
});

type Pf2Vectors = {
  chain: { commitment: string };
  rounds: { game: string; round: number; chainIndex: number; serverSeed: string; frozenLines: string[]; freeze: string; revealedSecrets: string[]; withheld: string[]; beaconRandomness: string; clientString: string; outcome?: Record<string, unknown> }[];
};
const pf2Vectors = JSON.parse(readFileSync(process.env.PF2_VECTORS ?? new URL('../fixtures/pf2-vectors.json', import.meta.url), 'utf8')) as Pf2Vectors;

/** Every pf2 vector round without a beacon and with an outcome of chance, as its proof would publish it. */
function pf2Proofs(): RoundProofInput[] {
  return pf2Vectors.rounds
    .filter((vector) => vector.beaconRandomness === '' && vector.game !== 'blackjack' && vector.outcome !== undefined)
    .map((vector) => ({
      game: vector.game as RoundProofInput['game'],
      round: vector.round,
      commitment: pf2Vectors.chain.commitment,
      chainIndex: vector.chainIndex,
      serverSeed: vector.serverSeed,
      clientSeeds: [],
      clientString: vector.clientString,
      outcome: vector.outcome as RoundProofInput['outcome'],
      pf2: {
        freeze: vector.freeze,
        frozenLines: vector.frozenLines,
        secrets: [...vector.revealedSecrets].reverse(),
        withheld: vector.withheld,
        statements: { freeze: null, revealed: null },
        beacon: null,
      },
    }));
}

describe('verifyRound under pf2', () => {
  it('accepts every pf2 vector round without a beacon', () => {
    const proofs = pf2Proofs();
    expect(proofs.length).toBeGreaterThan(0);
    for (const proof of proofs) expect(failed(proof), `round ${proof.round}`).toEqual([]);
  });

  it('fails the client string and the outcome on a changed secret or a changed frozen line, and waits for the reveal set', () => {
    const [proof] = pf2Proofs();
    if (!proof?.pf2) throw new Error('no pf2 proof');
    const secret = { ...proof, pf2: { ...proof.pf2, secrets: ['0'.repeat(32), ...(proof.pf2.secrets ?? []).slice(1)] } };
    expect(failed(secret)).toEqual([CheckName.ClientString, CheckName.Outcome]);
    const line = { ...proof, pf2: { ...proof.pf2, frozenLines: proof.pf2.frozenLines.map((each, index) => (index === 0 ? `${each}0` : each)) } };
    expect(failed(line)).toEqual([CheckName.ClientString, CheckName.Outcome]);
    const open = { ...proof, pf2: { ...proof.pf2, secrets: null } };
    expect(verifyRound(open).checks.find((check) => check.name === CheckName.ClientString)?.detail).toBe('the reveal window has not closed yet');
  });
});
