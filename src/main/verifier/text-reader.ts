// Reads an export file as UTF-8 text in chunks while hashing its exact bytes,
// so the verifier checks the SHA-256 the manifest signed and parses the same
// bytes in one streaming pass, never holding the file in memory.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

const chunkBytes = 64 * 1024;

export class HashingTextReader {
  readonly file: string;
  bytes = 0;
  readonly #hash: Hash = createHash('sha256');
  #digest: string | null = null;

  constructor(file: string) {
    this.file = file;
  }

  /** Text chunks of the file; throws on bytes that are not UTF-8. */
  async *chunks(): AsyncGenerator<string> {
    // fatal: invalid UTF-8 is an error, not U+FFFD; ignoreBOM: a BOM stays visible (and fails to parse).
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    for await (const chunk of createReadStream(this.file, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
      this.#hash.update(chunk);
      this.bytes += chunk.length;
      yield decoder.decode(chunk, { stream: true });
    }
    const rest = decoder.decode();
    this.#digest = this.#hash.digest('hex');
    if (rest) yield rest;
  }

  /** SHA-256 of every byte read, once the file was read to its end. */
  get sha256(): string | null {
    return this.#digest;
  }
}

/** Splits text chunks into '\n'-terminated lines, refusing lines over a limit. */
export class LineSplitter {
  readonly #maxLineChars: number;
  #partial = '';

  constructor(maxLineChars: number) {
    this.#maxLineChars = maxLineChars;
  }

  push(text: string): string[] {
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline === -1) break;
      const line = this.#partial + text.slice(start, newline);
      this.#partial = '';
      this.#check(line.length);
      lines.push(line);
      start = newline + 1;
    }
    this.#partial += text.slice(start);
    this.#check(this.#partial.length);
    return lines;
  }

  /** Whatever followed the last newline: a well-formed file leaves nothing. */
  end(): string {
    const rest = this.#partial;
    this.#partial = '';
    return rest;
  }

  #check(length: number): void {
    if (length > this.#maxLineChars) throw new Error(`a line is longer than ${this.#maxLineChars} characters`);
  }
}
