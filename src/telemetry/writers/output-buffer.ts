/**
 * UTF-8 bytes on their way to a writable stream, in chunks of about 1 MiB.
 *
 * Each encoded line is copied into a byte chunk as soon as it is appended. Keeping the text
 * instead (`buffer += line`, flushed every megabyte) left thousands of concatenated-string pieces
 * alive across young-generation collections, and the garbage collector, copying and promoting
 * them, became the writer's main cost.
 */
import type { Writable } from 'node:stream';

/** Bytes per chunk handed to the stream: few, large writes. */
export const CHUNK_BYTES = 1 << 20;

/** Written chunks kept for reuse (more are only allocated while the stream is behind). */
const SPARE_CHUNKS = 8;

export class OutputBuffer {
  private chunk: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  /**
   * Chunks the stream has finished with. Allocating a fresh megabyte per flush made V8 count ever
   * more external memory and start a full collection every few megabytes written.
   */
  private readonly spare: Buffer[] = [];

  constructor(private readonly sink: Writable) {}

  /** Appends text; returns a promise when the stream asks for back-pressure (await it). */
  append(text: string): Promise<void> | undefined {
    // A UTF-16 code unit takes at most 3 UTF-8 bytes.
    if (this.used + text.length * 3 > this.chunk.length) {
      const pressure = this.flush();
      if (text.length * 3 > this.chunk.length) return this.writeLarge(text, pressure);
      this.used += this.chunk.write(text, this.used, 'utf8');
      return pressure;
    }
    this.used += this.chunk.write(text, this.used, 'utf8');
    return undefined;
  }

  /** Appends bytes `src[start, end)` (already UTF-8); returns a promise under back-pressure. */
  appendBytes(src: Uint8Array, start: number, end: number): Promise<void> | undefined {
    const n = end - start;
    let pressure: Promise<void> | undefined;
    if (this.used + n > this.chunk.length) {
      pressure = this.flush();
      if (n > this.chunk.length) {
        // The stream keeps what it is given until written: hand it a copy, not a view of `src`.
        const ok = this.sink.write(Buffer.from(src.subarray(start, end)));
        if (ok) return pressure;
        const drained = new Promise<void>((res) => this.sink.once('drain', () => res()));
        return pressure ? pressure.then(() => drained) : drained;
      }
    }
    this.chunk.set(src.subarray(start, end), this.used);
    this.used += n;
    return pressure;
  }

  /** Hands the buffered bytes to the stream; resolves on 'drain' when the stream is full. */
  flush(): Promise<void> | undefined {
    if (this.used === 0) return undefined;
    const written = this.chunk;
    // The stream keeps the written bytes until they reach the file (its callback says when).
    const ok = this.sink.write(written.subarray(0, this.used), () => {
      if (this.spare.length < SPARE_CHUNKS) this.spare.push(written);
    });
    this.chunk = this.spare.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    return ok ? undefined : new Promise((res) => this.sink.once('drain', () => res()));
  }

  /** Text larger than a chunk goes to the stream on its own. */
  private writeLarge(text: string, pending: Promise<void> | undefined): Promise<void> | undefined {
    const ok = this.sink.write(text, 'utf8');
    if (ok) return pending;
    const drained = new Promise<void>((res) => this.sink.once('drain', () => res()));
    return pending ? pending.then(() => drained) : drained;
  }
}
