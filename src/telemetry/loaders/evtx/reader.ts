/**
 * Streaming .evtx reader: the 4 KiB file header, then one 64 KiB chunk at a time (never the whole
 * file in memory). Each chunk's header and event-record checksums (CRC32) are verified; a damaged
 * chunk is reported (chunk index, file offset, reason) and skipped, and the other chunks load. Each
 * record's binary XML becomes the JSON evtx_dump-style tools write (`{"Event": {...}}`), which the
 * Windows-event mapping reads like any other Windows event JSON.
 */
import { crc32 } from 'node:zlib';
import type { RawItem } from '../raw-item.js';
import { ChunkParser, EvtxFormatError } from './binxml.js';
import {
  CHUNK_HEADER,
  CHUNK_MAGIC,
  CHUNK_SIZE,
  FILE_HEADER,
  FILE_MAGIC,
  RECORD_HEADER_SIZE,
  RECORD_MAGIC,
} from './format.js';
import { recordJson } from './to-json.js';

export function isEvtx(head: Buffer): boolean {
  return head.length >= 8 && head.subarray(0, 8).equals(FILE_MAGIC);
}

/** Why a chunk cannot be trusted, or undefined when its signature and checksums hold. */
export function chunkProblem(chunk: Buffer): string | undefined {
  if (!chunk.subarray(0, 8).equals(CHUNK_MAGIC)) return 'no chunk signature "ElfChnk"';
  const headerCrc = crc32(chunk.subarray(128, CHUNK_HEADER.size), crc32(chunk.subarray(0, 120)));
  const storedHeader = chunk.readUInt32LE(CHUNK_HEADER.headerChecksum);
  if (headerCrc !== storedHeader)
    return `chunk header checksum mismatch (stored 0x${hex(storedHeader)}, computed 0x${hex(headerCrc)})`;
  const free = chunk.readUInt32LE(CHUNK_HEADER.freeSpaceOffset);
  if (free < CHUNK_HEADER.size || free > CHUNK_SIZE) return `free space offset ${free} outside the chunk`;
  const recordsCrc = crc32(chunk.subarray(CHUNK_HEADER.size, free));
  const storedRecords = chunk.readUInt32LE(CHUNK_HEADER.recordsChecksum);
  if (recordsCrc !== storedRecords)
    return `event records checksum mismatch (stored 0x${hex(storedRecords)}, computed 0x${hex(recordsCrc)})`;
  return undefined;
}

const hex = (n: number) => n.toString(16).padStart(8, '0');

function allZero(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/** Records of one verified chunk; a record that cannot be parsed is a reject, the rest still load. */
function* chunkRecords(chunk: Buffer, index: number): Generator<RawItem> {
  const free = chunk.readUInt32LE(CHUNK_HEADER.freeSpaceOffset);
  const parser = new ChunkParser(chunk);
  let pos = CHUNK_HEADER.size;
  while (pos + RECORD_HEADER_SIZE + 4 <= free) {
    const size = chunk.readUInt32LE(pos + 4);
    const id = Number(chunk.readBigUInt64LE(pos + 8));
    if (chunk.readUInt32LE(pos) !== RECORD_MAGIC || size < RECORD_HEADER_SIZE + 4 || pos + size > free) {
      yield {
        line: id,
        reject: 'unparsable',
        reason: `chunk ${index}: no valid event record at chunk offset ${pos}; rest of the chunk skipped`,
      };
      return;
    }
    if (chunk.readUInt32LE(pos + size - 4) !== size) {
      yield { line: id, reject: 'unparsable', reason: `chunk ${index}: record ${id}: size copy does not match` };
    } else {
      try {
        const nodes = parser.parseRecord(pos + RECORD_HEADER_SIZE, pos + size - 4);
        const record = recordJson(nodes);
        if (Object.keys(record).length === 0) throw new EvtxFormatError('no root element');
        yield { line: id, record, textual: false };
      } catch (e) {
        const why = e instanceof EvtxFormatError || e instanceof RangeError ? e.message : String(e);
        yield { line: id, reject: 'unparsable', reason: `chunk ${index}: record ${id}: ${why}` };
      }
    }
    pos += size;
  }
}

/**
 * Reads an .evtx byte stream. `line` of each item is the event record identifier; a damaged chunk is
 * one `damaged-chunk` reject whose reason names the chunk index and file offset.
 */
export async function* readEvtx(chunks: AsyncIterable<Buffer>): AsyncIterable<RawItem> {
  const header = Buffer.alloc(FILE_HEADER.size);
  let headerFill = 0;
  const chunk = Buffer.alloc(CHUNK_SIZE);
  let fill = 0;
  let index = 0;
  for await (const data of chunks) {
    let at = 0;
    while (at < data.length) {
      if (headerFill < FILE_HEADER.size) {
        const n = Math.min(FILE_HEADER.size - headerFill, data.length - at);
        data.copy(header, headerFill, at, at + n);
        headerFill += n;
        at += n;
        if (headerFill < FILE_HEADER.size) continue;
        const problem = fileHeaderProblem(header);
        if (problem)
          yield { line: 0, reject: 'damaged-chunk', reason: `file header: ${problem}; reading its chunks anyway` };
        continue;
      }
      const n = Math.min(CHUNK_SIZE - fill, data.length - at);
      data.copy(chunk, fill, at, at + n);
      fill += n;
      at += n;
      if (fill < CHUNK_SIZE) continue;
      yield* processChunk(chunk, index);
      index++;
      fill = 0;
    }
  }
  if (headerFill < FILE_HEADER.size) {
    yield {
      line: 0,
      reject: 'damaged-chunk',
      reason: `file header truncated (${headerFill} of ${FILE_HEADER.size} bytes)`,
    };
  } else if (fill > 0) {
    yield {
      line: 0,
      reject: 'damaged-chunk',
      reason: `chunk ${index} (file offset 0x${chunkOffset(index).toString(16)}): truncated (${fill} of ${CHUNK_SIZE} bytes); skipped`,
    };
  }
}

const chunkOffset = (index: number) => FILE_HEADER.size + index * CHUNK_SIZE;

function* processChunk(chunk: Buffer, index: number): Generator<RawItem> {
  if (allZero(chunk)) return; // pre-allocated, never written
  const problem = chunkProblem(chunk);
  if (problem) {
    const offset = chunkOffset(index);
    yield {
      line: 0,
      reject: 'damaged-chunk',
      reason: `chunk ${index} (file offset 0x${offset.toString(16)}): ${problem}; skipped`,
    };
    return;
  }
  yield* chunkRecords(chunk, index);
}

export function fileHeaderProblem(header: Buffer): string | undefined {
  if (!header.subarray(0, 8).equals(FILE_MAGIC)) return 'no "ElfFile" signature';
  const stored = header.readUInt32LE(FILE_HEADER.checksum);
  const computed = crc32(header.subarray(0, 120));
  if (stored !== computed) return `header checksum mismatch (stored 0x${hex(stored)}, computed 0x${hex(computed)})`;
  return undefined;
}
