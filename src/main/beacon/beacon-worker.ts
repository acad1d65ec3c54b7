// The worker thread behind beacon-verifier.ts: it checks beacon signatures
// (a BLS12-381 pairing, tens of milliseconds of CPU each) so that the
// server's event loop never does. It says "ready" once its imports have
// loaded, so the verifier can tell a worker that cannot start from one that
// is merely slow, then answers each request with the shared check's verdict.
import { parentPort } from 'node:worker_threads';
import { beaconSignatureProblem } from '../../shared/fairness/pf2-beacon-signature.ts';
import type { VerificationReply, VerificationRequest, WorkerReady } from './beacon-verifier.ts';

const port = parentPort;
if (port === null) throw new Error('beacon-worker.ts runs only as a worker thread (beacon-verifier.ts starts it)');

port.on('message', (request: VerificationRequest) => {
  const problem = beaconSignatureProblem(request.round, request.signature, { publicKey: request.publicKey, dst: request.dst });
  const reply: VerificationReply = { id: request.id, problem };
  port.postMessage(reply);
});
const ready: WorkerReady = { ready: true };
port.postMessage(ready);
