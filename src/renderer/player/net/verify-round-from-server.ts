// Fetches a round's proof and re-checks it in the page with the shared pf1
// verifier: the server only supplies data, never the verdict.
import type { RoundProof } from '../../../shared/api.ts';
import { verifyRound, type VerifyResult } from '../../../shared/fairness/verify-round.ts';
import { fetchRoundProof } from './api-client.ts';

export type VerifyOutcome =
  | { status: 'done'; proof: RoundProof; result: VerifyResult }
  | { status: 'failed'; message: string };

export async function verifyRoundFromServer(tableId: string, round: number, token: string): Promise<VerifyOutcome> {
  try {
    const proof = await fetchRoundProof(tableId, round, token);
    return { status: 'done', proof, result: verifyRound(proof) };
  } catch (error) {
    return { status: 'failed', message: error instanceof Error ? error.message : 'Could not fetch the proof' };
  }
}
