import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from '../../src/main/server/replay-buffer.ts';

const frame = (seq: number) => Buffer.from(`event-${seq}`);
const texts = (frames: Buffer[] | null) => frames?.map((item) => item.toString()) ?? null;

describe('ReplayBuffer', () => {
  it('replays exactly the events after a seq it still holds', () => {
    const buffer = new ReplayBuffer(3, 1_000);
    for (let seq = 1; seq <= 5; seq += 1) buffer.push(seq, frame(seq));
    expect(texts(buffer.since(5))).toEqual([]);
    expect(texts(buffer.since(4))).toEqual(['event-5']);
    expect(texts(buffer.since(2))).toEqual(['event-3', 'event-4', 'event-5']);
  });

  it('refuses (snapshot needed) when the client is too far behind or ahead', () => {
    const buffer = new ReplayBuffer(3, 1_000);
    for (let seq = 1; seq <= 5; seq += 1) buffer.push(seq, frame(seq));
    expect(buffer.since(1)).toBeNull();
    expect(buffer.since(9)).toBeNull();
    expect(new ReplayBuffer(3, 1_000).since(0)).toBeNull();
  });

  it('is bounded in bytes as well as in events, and starts over on a gap', () => {
    const bytes = new ReplayBuffer(100, 20);
    for (let seq = 1; seq <= 10; seq += 1) bytes.push(seq, frame(seq));
    expect(texts(bytes.since(8))).toEqual(['event-9', 'event-10']);
    expect(bytes.since(7)).toBeNull();
    const gap = new ReplayBuffer(100, 1_000);
    gap.push(1, frame(1));
    gap.push(3, frame(3));
    expect(gap.since(1)).toBeNull();
    expect(texts(gap.since(2))).toEqual(['event-3']);
  });
});
