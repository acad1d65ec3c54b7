// The progress line the export and verify commands keep on stderr: redrawn
// in place on a terminal, a plain line every few seconds in a log file.

const redrawEveryMs = 100;
const logEveryMs = 2_000;

export class ProgressLine {
  readonly #stream: NodeJS.WriteStream;
  readonly #label: string;
  readonly #started = performance.now();
  #lastDraw = 0;
  #drawn = false;

  constructor(stream: NodeJS.WriteStream, label: string) {
    this.#stream = stream;
    this.#label = label;
  }

  update(done: number, total: number | null, extra = ''): void {
    const now = performance.now();
    if (now - this.#lastDraw < (this.#stream.isTTY ? redrawEveryMs : logEveryMs)) return;
    this.#lastDraw = now;
    this.#draw(done, total, extra);
  }

  /** The final state, then a newline so whatever follows starts on its own line. */
  finish(done: number, total: number | null, extra = ''): void {
    this.#draw(done, total, extra);
    if (this.#stream.isTTY) this.#stream.write('\n');
  }

  #draw(done: number, total: number | null, extra: string): void {
    const seconds = (performance.now() - this.#started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    const share = total ? ` / ${total.toLocaleString('en-US')} (${Math.floor((100 * done) / Math.max(total, 1))}%)` : '';
    const text = `${this.#label}: ${done.toLocaleString('en-US')}${share} rounds, ${rate.toLocaleString('en-US')}/s${extra ? `, ${extra}` : ''}`;
    if (this.#stream.isTTY) this.#stream.write(`\r\x1b[K${text}`);
    else this.#stream.write(`${text}\n`);
    this.#drawn = true;
  }

  get drawn(): boolean {
    return this.#drawn;
  }
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}
