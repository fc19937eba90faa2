/**
 * Opens a telemetry file as a stream of UTF-8 chunks: gzip is detected by its magic bytes (not the
 * extension), a UTF-8 BOM is dropped, UTF-16 (BOM FF FE / FE FF, as some Windows tools write) is
 * transcoded. Progress counts bytes read from disk (compressed bytes for .gz).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';

export interface ByteSource {
  readonly compressed: boolean;
  /** Decompressed, UTF-8 chunks. Throws (from the iterator) on I/O or gzip errors. */
  readonly chunks: AsyncIterable<Buffer>;
  /** Bytes read from disk so far. */
  readonly bytesRead: () => number;
  /**
   * From the next read on, read a plain file into two buffers taken in turn instead of a new
   * buffer per chunk, so a chunk's bytes are valid only until the second chunk after it is asked
   * for. For a reader that is done with each chunk by then (the NDJSON loader, whose line splitter
   * copies a line's partial tail): a new buffer per chunk made most of a load's garbage collection.
   * No effect on gzip input (UTF-16 input is transcoded into new buffers, so reuse is safe there).
   */
  readonly reuseBuffers: () => void;
}

/** Chunk size of plain-file reads. */
const CHUNK_BYTES = 1024 * 1024;

export async function readHead(path: string, n: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** Bytes [start, end) of an uncompressed file (parallel loading reads a large file in ranges). */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * With `range`, only those bytes are read (the caller has checked the file is not gzip); a range
 * that does not start the file is passed through as it is (no byte-order mark handling).
 */
export async function openByteSource(path: string, range?: ByteRange): Promise<ByteSource> {
  const plain = new PlainFileChunks(path, range?.start ?? 0, range?.end);
  if (range && range.start > 0)
    return { compressed: false, chunks: plain, bytesRead: () => plain.bytes, reuseBuffers: () => plain.reuse() };
  const head = await readHead(path, 2);
  const compressed = isGzip(head);
  if (!compressed)
    return {
      compressed,
      chunks: normaliseEncoding(plain),
      bytesRead: () => plain.bytes,
      reuseBuffers: () => plain.reuse(),
    };
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  let bytes = 0;
  file.on('data', (c) => {
    bytes += c.length;
  });
  const stream = file.pipe(createGunzip());
  file.on('error', (e) => stream.destroy(e));
  return { compressed, chunks: normaliseEncoding(stream), bytesRead: () => bytes, reuseBuffers: () => {} };
}

/** A plain file's bytes [start, end) as chunks, read with positioned reads (see ByteSource.reuseBuffers). */
class PlainFileChunks implements AsyncIterable<Buffer> {
  bytes = 0;
  private ring: [Buffer, Buffer] | undefined;
  private turn = 0;
  private wanted = false;
  constructor(
    private readonly path: string,
    private readonly start: number,
    private readonly end: number | undefined,
  ) {}

  reuse(): void {
    this.wanted = true;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    const fh = await open(this.path, 'r');
    try {
      // A small file gets a small buffer; the size only sizes reads (a file still growing is read to its end).
      const size = (await fh.stat()).size;
      let pos = this.start;
      for (;;) {
        const left = this.end === undefined ? CHUNK_BYTES : Math.min(CHUNK_BYTES, this.end - pos);
        if (left <= 0) return;
        let buf: Buffer;
        if (this.wanted) {
          this.ring ??= [Buffer.allocUnsafeSlow(CHUNK_BYTES), Buffer.allocUnsafeSlow(CHUNK_BYTES)];
          buf = this.ring[this.turn] as Buffer;
          this.turn ^= 1;
        } else buf = Buffer.allocUnsafe(Math.min(left, Math.max(64 * 1024, size - pos)));
        const { bytesRead } = await fh.read(buf, 0, Math.min(left, buf.length), pos);
        if (bytesRead === 0) return;
        pos += bytesRead;
        this.bytes += bytesRead;
        yield bytesRead === buf.length ? buf : buf.subarray(0, bytesRead);
      }
    } finally {
      await fh.close();
    }
  }
}

async function* normaliseEncoding(stream: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  let first = true;
  let utf16: StringDecoder | undefined;
  let swap = false;
  for await (const raw of stream) {
    let chunk = raw;
    if (first) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      else if (chunk[0] === 0xff && chunk[1] === 0xfe) {
        utf16 = new StringDecoder('utf16le');
        chunk = chunk.subarray(2);
      } else if (chunk[0] === 0xfe && chunk[1] === 0xff) {
        utf16 = new StringDecoder('utf16le');
        swap = true;
        chunk = chunk.subarray(2);
      }
    }
    if (utf16) {
      yield Buffer.from(utf16.write(swap ? swapPairs(chunk) : chunk), 'utf8');
    } else yield chunk;
  }
  if (utf16) {
    const rest = utf16.end();
    if (rest) yield Buffer.from(rest, 'utf8');
  }
}

/** Big-endian UTF-16 → little-endian. Assumes even chunk lengths, which read streams deliver. */
function swapPairs(b: Buffer): Buffer {
  const out = Buffer.from(b);
  if (out.length % 2 === 0) out.swap16();
  return out;
}

/** True when the sample looks like binary data rather than text (NUL bytes or many control characters). */
export function looksBinary(sample: Buffer): boolean {
  if (sample.length === 0) return false;
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return control / sample.length > 0.05;
}
