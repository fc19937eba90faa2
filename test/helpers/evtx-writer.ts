/**
 * An .evtx WRITER for tests: produces files the way Windows writes them — 4 KiB file header, 64 KiB
 * chunks with their string and template tables, CRC32 checksums, and records that are binary-XML
 * template instances (the template resident in the first record of a chunk that uses it, referenced
 * by offset afterwards; names inline on first use in a chunk) with typed substitution values. The
 * layout follows libyal's "Windows XML Event Log (EVTX) format"; the reader in src/ is tested against
 * it and against bytes assembled by hand (test/telemetry/loaders/evtx.test.ts).
 */
import { crc32 } from 'node:zlib';

/** A Windows event as the writer takes it: System fields plus named EventData values. */
export interface WinEvent {
  readonly provider: { readonly name: string; readonly guid: string };
  readonly eventId: number;
  readonly version?: number;
  readonly level?: number;
  readonly task?: number;
  readonly opcode?: number;
  readonly keywords?: bigint;
  /** ISO 8601, up to 7 fractional digits. */
  readonly timeCreated: string;
  readonly processId?: number;
  readonly threadId?: number;
  readonly channel: string;
  readonly computer: string;
  /** SID of the Security element; omitted (optional substitution left empty) when absent. */
  readonly userId?: string;
  /** EventData `<Data Name=…>` values; the JS type picks the binary type (see `typed`). */
  readonly data: Readonly<Record<string, DataValue>>;
}

/** string → String; number → UInt32; boolean → Bool; {guid} → Guid; {hex64} → HexInt64; {uint16} → UInt16. */
export type DataValue =
  | string
  | number
  | boolean
  | { readonly guid: string }
  | { readonly hex64: bigint }
  | { readonly uint16: number };

const CHUNK = 65536;
const T = {
  STRING: 0x01,
  UINT8: 0x04,
  UINT16: 0x06,
  UINT32: 0x08,
  UINT64: 0x0a,
  BOOL: 0x0d,
  GUID: 0x0f,
  FILETIME: 0x11,
  SID: 0x13,
  HEX64: 0x15,
};

class Overflow extends Error {}

function utf16(s: string): Buffer {
  return Buffer.from(s, 'utf16le');
}

/** The 16-bit name hash of the string table: hash = hash * 65599 + code unit. */
export function nameHash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 65599) + name.charCodeAt(i)) >>> 0;
  return h & 0xffff;
}

export function guidBytes(guid: string): Buffer {
  const hex = guid.replace(/[{}-]/g, '');
  const b = Buffer.from(hex, 'hex');
  b.subarray(0, 4).reverse();
  b.subarray(4, 6).reverse();
  b.subarray(6, 8).reverse();
  return b;
}

function sidBytes(sid: string): Buffer {
  const parts = sid.split('-').slice(1).map(Number);
  const [revision, authority, ...subs] = parts as [number, number, ...number[]];
  const b = Buffer.alloc(8 + 4 * subs.length);
  b[0] = revision;
  b[1] = subs.length;
  b.writeUIntBE(authority, 2, 6);
  subs.forEach((s, i) => {
    b.writeUInt32LE(s, 8 + 4 * i);
  });
  return b;
}

export function filetime(iso: string): bigint {
  const m = /^(.*?)(?:\.(\d{1,7}))?Z$/.exec(iso);
  if (!m) throw new Error(`not an ISO UTC time: ${iso}`);
  const seconds = BigInt(Date.parse(`${m[1]}Z`)) / 1000n;
  const frac = BigInt((m[2] ?? '').padEnd(7, '0'));
  return (seconds + 11644473600n) * 10000000n + frac;
}

interface Subst {
  readonly type: number;
  readonly bytes: Buffer | null;
}

function typed(v: DataValue): Subst {
  if (typeof v === 'string') return { type: T.STRING, bytes: v === '' ? null : utf16(v) };
  if (typeof v === 'number') {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    return { type: T.UINT32, bytes: b };
  }
  if (typeof v === 'boolean') {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v ? 1 : 0);
    return { type: T.BOOL, bytes: b };
  }
  if ('guid' in v) return { type: T.GUID, bytes: guidBytes(v.guid) };
  if ('uint16' in v) {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(v.uint16);
    return { type: T.UINT16, bytes: b };
  }
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(v.hex64);
  return { type: T.HEX64, bytes: b };
}

const int = (type: number, n: number | bigint): Subst => {
  const size = type === T.UINT8 ? 1 : type === T.UINT16 ? 2 : type === T.UINT32 ? 4 : 8;
  const b = Buffer.alloc(size);
  if (size === 8) b.writeBigUInt64LE(BigInt(n));
  else b.writeUIntLE(Number(n), 0, size);
  return { type, bytes: b };
};

/** Substitution values in the order Windows uses for the System element, then EventData. */
function substitutions(e: WinEvent, recordId: number): Subst[] {
  return [
    int(T.UINT8, e.level ?? 4),
    int(T.UINT16, e.task ?? 0),
    int(T.UINT8, e.opcode ?? 0),
    int(T.HEX64, e.keywords ?? 0x8000000000000000n),
    { type: T.FILETIME, bytes: int(T.UINT64, filetime(e.timeCreated)).bytes },
    int(T.UINT64, recordId),
    int(T.UINT32, e.processId ?? 4),
    int(T.UINT32, e.threadId ?? 8),
    { type: 0x00, bytes: null }, // ActivityID: absent
    int(T.UINT16, e.eventId),
    int(T.UINT8, e.version ?? 0),
    { type: 0x00, bytes: null }, // Qualifiers: absent
    { type: 0x00, bytes: null }, // RelatedActivityID: absent
    e.userId ? { type: T.SID, bytes: sidBytes(e.userId) } : { type: 0x00, bytes: null },
    ...Object.values(e.data).map(typed),
  ];
}

/** Writes one chunk; throws Overflow when a record does not fit (the caller starts a new chunk). */
class ChunkWriter {
  readonly buf = Buffer.alloc(CHUNK);
  pos = 512;
  firstId = 0;
  lastId = 0;
  lastRecordOffset = 0;
  private names = new Map<string, number>();
  private templates = new Map<string, number>();
  private stringBuckets = new Array<number>(64).fill(0);
  private templateBuckets = new Array<number>(32).fill(0);

  private need(n: number): void {
    if (this.pos + n > CHUNK) throw new Overflow();
  }
  private u8(v: number): void {
    this.need(1);
    this.buf[this.pos++] = v;
  }
  private u16(v: number): void {
    this.need(2);
    this.buf.writeUInt16LE(v, this.pos);
    this.pos += 2;
  }
  private u32(v: number): void {
    this.need(4);
    this.buf.writeUInt32LE(v >>> 0, this.pos);
    this.pos += 4;
  }
  private bytes(b: Buffer): void {
    this.need(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }

  /** A name reference: inline (offset = here + 4) on first use in the chunk. */
  private name(name: string): void {
    const known = this.names.get(name);
    if (known !== undefined) {
      this.u32(known);
      return;
    }
    const at = this.pos + 4;
    this.u32(at);
    const hash = nameHash(name);
    const bucket = hash % 64;
    this.u32(this.stringBuckets[bucket] as number); // next string in the bucket
    this.u16(hash);
    this.u16(name.length);
    this.bytes(utf16(name));
    this.u16(0);
    this.stringBuckets[bucket] = at;
    this.names.set(name, at);
  }

  private text(s: string): void {
    this.u8(0x05);
    this.u8(T.STRING);
    this.u16(s.length);
    this.bytes(utf16(s));
  }

  private subst(index: number, type: number, optional = false): void {
    this.u8(optional ? 0x0e : 0x0d);
    this.u16(index);
    this.u8(type);
  }

  /** `<name attrs…>children</name>`; attribute and child writers emit their own tokens. */
  private element(name: string, attrs: readonly [string, () => void][], children?: () => void): void {
    this.u8(attrs.length > 0 ? 0x41 : 0x01);
    this.u16(0xffff); // dependency identifier: none
    const sizeAt = this.pos;
    this.u32(0);
    this.name(name);
    if (attrs.length > 0) {
      const listAt = this.pos;
      this.u32(0);
      attrs.forEach(([an, value], i) => {
        this.u8(i < attrs.length - 1 ? 0x46 : 0x06);
        this.name(an);
        value();
      });
      this.buf.writeUInt32LE(this.pos - listAt - 4, listAt);
    }
    if (children) {
      this.u8(0x02);
      children();
      this.u8(0x04);
    } else this.u8(0x03);
    this.buf.writeUInt32LE(this.pos - sizeAt - 4, sizeAt);
  }

  /** The template of an event kind, as Windows lays it out: System values substituted, names literal. */
  private templateBody(e: WinEvent): void {
    this.u8(0x0f);
    this.u8(1);
    this.u8(1);
    this.u8(0);
    this.element('Event', [['xmlns', () => this.text('http://schemas.microsoft.com/win/2004/08/events/event')]], () => {
      this.element('System', [], () => {
        this.element('Provider', [
          ['Name', () => this.text(e.provider.name)],
          ['Guid', () => this.text(e.provider.guid)],
        ]);
        this.element('EventID', [['Qualifiers', () => this.subst(11, T.UINT16, true)]], () => this.subst(9, T.UINT16));
        this.element('Version', [], () => this.subst(10, T.UINT8));
        this.element('Level', [], () => this.subst(0, T.UINT8));
        this.element('Task', [], () => this.subst(1, T.UINT16));
        this.element('Opcode', [], () => this.subst(2, T.UINT8));
        this.element('Keywords', [], () => this.subst(3, T.HEX64));
        this.element('TimeCreated', [['SystemTime', () => this.subst(4, T.FILETIME)]]);
        this.element('EventRecordID', [], () => this.subst(5, T.UINT64));
        this.element('Correlation', [
          ['ActivityID', () => this.subst(8, T.GUID, true)],
          ['RelatedActivityID', () => this.subst(12, T.GUID, true)],
        ]);
        this.element('Execution', [
          ['ProcessID', () => this.subst(6, T.UINT32)],
          ['ThreadID', () => this.subst(7, T.UINT32)],
        ]);
        this.element('Channel', [], () => this.text(e.channel));
        this.element('Computer', [], () => this.text(e.computer));
        this.element('Security', [['UserID', () => this.subst(13, T.SID, true)]]);
      });
      this.element('EventData', [], () => {
        Object.entries(e.data).forEach(([name, v], i) => {
          this.element('Data', [['Name', () => this.text(name)]], () => this.subst(14 + i, typed(v).type, true));
        });
      });
    });
    this.u8(0x00);
  }

  private templateKey(e: WinEvent): string {
    const fields = Object.entries(e.data).map(([k, v]) => `${k}:${typed(v).type}`);
    return [e.provider.name, e.eventId, e.channel, e.computer, ...fields].join('|');
  }

  /** Appends one event record; restores the chunk and rethrows Overflow when it does not fit. */
  append(e: WinEvent, recordId: number): void {
    const saved = {
      pos: this.pos,
      names: new Map(this.names),
      templates: new Map(this.templates),
      strings: [...this.stringBuckets],
      tpls: [...this.templateBuckets],
    };
    try {
      this.record(e, recordId);
    } catch (err) {
      this.buf.fill(0, saved.pos);
      this.pos = saved.pos;
      this.names = saved.names;
      this.templates = saved.templates;
      this.stringBuckets = saved.strings;
      this.templateBuckets = saved.tpls;
      throw err;
    }
  }

  private record(e: WinEvent, recordId: number): void {
    const start = this.pos;
    this.u32(0x00002a2a);
    this.u32(0); // size, patched
    this.need(16);
    this.buf.writeBigUInt64LE(BigInt(recordId), this.pos);
    this.buf.writeBigUInt64LE(filetime(e.timeCreated), this.pos + 8);
    this.pos += 16;
    this.u8(0x0f);
    this.u8(1);
    this.u8(1);
    this.u8(0);
    const key = this.templateKey(e);
    const id = crc32(key);
    this.u8(0x0c);
    this.u8(0x01);
    this.u32(id);
    const known = this.templates.get(key);
    if (known !== undefined) this.u32(known);
    else {
      const defAt = this.pos + 4;
      this.u32(defAt);
      const bucket = id % 32;
      this.u32(this.templateBuckets[bucket] as number); // next template in the bucket
      const guid = Buffer.alloc(16);
      guid.writeUInt32LE(id, 0);
      guid.writeUInt32LE(crc32(`guid:${key}`), 4);
      this.bytes(guid);
      const sizeAt = this.pos;
      this.u32(0);
      this.templateBody(e);
      this.buf.writeUInt32LE(this.pos - sizeAt - 4, sizeAt);
      this.templateBuckets[bucket] = defAt;
      this.templates.set(key, defAt);
    }
    const values = substitutions(e, recordId);
    this.u32(values.length);
    for (const v of values) {
      this.u16(v.bytes?.length ?? 0);
      this.u8(v.type);
      this.u8(0);
    }
    for (const v of values) if (v.bytes) this.bytes(v.bytes);
    this.u32(0); // size copy, patched
    const size = this.pos - start;
    this.buf.writeUInt32LE(size, start + 4);
    this.buf.writeUInt32LE(size, this.pos - 4);
    if (this.firstId === 0) this.firstId = recordId;
    this.lastId = recordId;
    this.lastRecordOffset = start;
  }

  /** Fills in the chunk header and both checksums. */
  finish(): Buffer {
    const b = this.buf;
    b.write('ElfChnk\0', 0, 'latin1');
    b.writeBigUInt64LE(BigInt(this.firstId), 8);
    b.writeBigUInt64LE(BigInt(this.lastId), 16);
    b.writeBigUInt64LE(BigInt(this.firstId), 24);
    b.writeBigUInt64LE(BigInt(this.lastId), 32);
    b.writeUInt32LE(128, 40);
    b.writeUInt32LE(this.lastRecordOffset, 44);
    b.writeUInt32LE(this.pos, 48);
    b.writeUInt32LE(crc32(b.subarray(512, this.pos)), 52);
    for (let i = 0; i < 64; i++) b.writeUInt32LE(this.stringBuckets[i] as number, 128 + 4 * i);
    for (let i = 0; i < 32; i++) b.writeUInt32LE(this.templateBuckets[i] as number, 384 + 4 * i);
    b.writeUInt32LE(crc32(b.subarray(128, 512), crc32(b.subarray(0, 120))), 124);
    return b;
  }
}

/** A whole .evtx file for the events, records numbered from 1, as many chunks as needed. */
export function writeEvtx(events: readonly WinEvent[]): Buffer {
  const chunks: Buffer[] = [];
  let w = new ChunkWriter();
  let id = 1;
  for (const e of events) {
    try {
      w.append(e, id);
    } catch (err) {
      if (!(err instanceof Overflow) || w.firstId === 0) throw err;
      chunks.push(w.finish());
      w = new ChunkWriter();
      w.append(e, id);
    }
    id++;
  }
  if (w.firstId !== 0) chunks.push(w.finish());
  const header = Buffer.alloc(4096);
  header.write('ElfFile\0', 0, 'latin1');
  header.writeBigUInt64LE(0n, 8);
  header.writeBigUInt64LE(BigInt(Math.max(0, chunks.length - 1)), 16);
  header.writeBigUInt64LE(BigInt(id), 24);
  header.writeUInt32LE(128, 32);
  header.writeUInt16LE(1, 36);
  header.writeUInt16LE(3, 38);
  header.writeUInt16LE(4096, 40);
  header.writeUInt16LE(chunks.length, 42);
  header.writeUInt32LE(0, 120);
  header.writeUInt32LE(crc32(header.subarray(0, 120)), 124);
  return Buffer.concat([header, ...chunks]);
}
