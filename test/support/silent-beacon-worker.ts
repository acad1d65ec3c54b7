// A beacon worker that starts and then never answers: lets a test see the
// verifier give up on a wedged worker (its timeout) without a slow machine.
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', () => undefined);
parentPort?.postMessage({ ready: true });
