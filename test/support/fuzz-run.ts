// Drives fuzz frames at a running server from several real connections and
// checks the rules: every frame is answered (error, ack or pong) unless it
// closes the connection by design, and the server keeps serving.
import { PlayerClient } from './harness.ts';
import { Random, fuzzFrame } from './fuzz-messages.ts';

export type FuzzTally = { sent: number; answered: number; errors: number; acks: number; closes: number; byKind: Record<string, number> };

const chunkSize = 200;
const closingEvery = 1_000;

export async function runFuzz(options: {
  origin: string;
  tokens: string[];
  round: number;
  messages: number;
  seed: number;
  deadlineMs: number;
}): Promise<FuzzTally> {
  const tally: FuzzTally = { sent: 0, answered: 0, errors: 0, acks: 0, closes: 0, byKind: {} };
  const deadline = performance.now() + options.deadlineMs;
  const perConnection = Math.ceil(options.messages / options.tokens.length);
  await Promise.all(
    options.tokens.map(async (token, index) => {
      const random = new Random(options.seed + index * 7_919);
      let client = await PlayerClient.connect(options.origin, token);
      let sentHere = 0;
      while (sentHere < perConnection && tally.sent < options.messages) {
        if (performance.now() > deadline) throw new Error(`fuzz ran past its ${options.deadlineMs} ms deadline`);
        // Every closingEvery frames, one that closes the socket by design (invalid UTF-8 or
        // oversized), sent alone so the replies it would cut off are not counted against it.
        if (sentHere > 0 && sentHere % closingEvery === 0) {
          const frame = fuzzFrame(random, options.round, { closing: true });
          tally.byKind[frame.kind] = (tally.byKind[frame.kind] ?? 0) + 1;
          client.sendRaw(frame.data, { binary: frame.binary });
          tally.sent += 1;
          sentHere += 1;
          const code = await client.waitForClose();
          if (code !== 1007 && code !== 1009) throw new Error(`a ${frame.kind} frame ended with ${code}, not 1007/1009`);
          tally.closes += 1;
          client = await PlayerClient.connect(options.origin, token);
          continue;
        }
        const count = Math.min(chunkSize, perConnection - sentHere, closingEvery - (sentHere % closingEvery));
        const fromIndex = client.received.length;
        for (let item = 0; item < count; item += 1) {
          const frame = fuzzFrame(random, options.round, { closing: false });
          tally.byKind[frame.kind] = (tally.byKind[frame.kind] ?? 0) + 1;
          client.sendRaw(frame.data, { binary: frame.binary });
        }
        tally.sent += count;
        sentHere += count;
        const replies = () =>
          client.received.slice(fromIndex).filter((message) => message.kind === 'error' || message.kind === 'ack' || message.kind === 'pong');
        await client.waitFor(() => replies().length >= count, `${count} replies`, { fromIndex, timeoutMs: 10_000 });
        const answered = replies();
        if (answered.length !== count) throw new Error(`sent ${count} frames, got ${answered.length} replies`);
        tally.answered += answered.length;
        for (const reply of answered) {
          if (reply.kind === 'error') tally.errors += 1;
          else tally.acks += 1;
        }
      }
      await client.close();
    }),
  );
  return tally;
}
