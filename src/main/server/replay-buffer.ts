// The last events of one table, already serialized, so a client that
// reconnects can be sent exactly what it missed instead of a full snapshot.
// Bounded in events and in bytes; older events fall off the front.

export class ReplayBuffer {
  readonly #maxEvents: number;
  readonly #maxBytes: number;
  readonly #entries: { seq: number; frame: Buffer }[] = [];
  #bytes = 0;

  constructor(maxEvents: number, maxBytes: number) {
    this.#maxEvents = maxEvents;
    this.#maxBytes = maxBytes;
  }

  push(seq: number, frame: Buffer): void {
    const last = this.#entries.at(-1);
    if (last && seq !== last.seq + 1) {
      // A gap would make a replay silently incomplete: start over instead.
      this.#entries.length = 0;
      this.#bytes = 0;
    }
    this.#entries.push({ seq, frame });
    this.#bytes += frame.length;
    while (this.#entries.length > this.#maxEvents || (this.#bytes > this.#maxBytes && this.#entries.length > 1)) {
      const dropped = this.#entries.shift();
      if (dropped) this.#bytes -= dropped.frame.length;
    }
  }

  /**
   * The frames after `seq`, or null when the buffer cannot prove it holds all
   * of them (the client is too far behind, or ahead of us after a restart).
   */
  since(seq: number): Buffer[] | null {
    const first = this.#entries[0];
    const last = this.#entries.at(-1);
    if (!first || !last) return null;
    if (seq === last.seq) return [];
    if (seq < first.seq - 1 || seq > last.seq) return null;
    return this.#entries.slice(seq - first.seq + 1).map((entry) => entry.frame);
  }
}
