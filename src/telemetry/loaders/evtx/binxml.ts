/**
 * Binary XML (BinXml) of EVTX event records → a small element tree. Names are kept once per chunk
 * (an element or attribute names them by chunk offset; the first use carries the string inline);
 * most records are template instances: a template definition (resident in the first record that
 * uses it, referenced by offset afterwards) plus an array of typed substitution values. Templates
 * are parsed once per chunk and instantiated per record.
 *
 * Malformed input throws EvtxFormatError; the reader turns it into a reject for that record.
 */
import { FILETIME_UNIX_EPOCH, TOKEN, TOKEN_MORE, VALUE_TYPE } from './format.js';

export class EvtxFormatError extends Error {}

export type EvtxScalar = string | number | boolean;
export type EvtxValue = EvtxScalar | readonly EvtxScalar[];

export interface XmlElement {
  readonly kind: 'element';
  readonly name: string;
  readonly attrs: readonly { readonly name: string; readonly value: EvtxValue }[];
  readonly children: readonly XmlNode[];
}
export interface XmlValue {
  readonly kind: 'value';
  readonly value: EvtxValue;
}
export type XmlNode = XmlElement | XmlValue;

/** Template-side content: literal text or a numbered substitution slot. */
type RawContent =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'subst'; readonly index: number; readonly optional: boolean };
interface RawElement {
  readonly kind: 'element';
  readonly name: string;
  readonly attrs: readonly { readonly name: string; readonly content: readonly RawContent[] }[];
  readonly children: readonly RawNode[];
}
/** Already-instantiated nodes (a nested template instance inside a fragment). */
interface Resolved {
  readonly kind: 'resolved';
  readonly nodes: readonly XmlNode[];
}
type RawNode = RawElement | RawContent | Resolved;

/** A substitution value: a scalar / array, a nested fragment, or null (absent). */
type SubstValue = EvtxValue | readonly XmlNode[] | null;

const MAX_DEPTH = 64;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Parses the binary XML of the records of one chunk (names and templates are cached per chunk). */
export class ChunkParser {
  private readonly names = new Map<number, { name: string; length: number }>();
  private readonly templates = new Map<number, readonly RawNode[]>();

  constructor(private readonly buf: Buffer) {}

  /** The element tree of the binary XML at chunk offsets [start, end). */
  parseRecord(start: number, end: number): XmlNode[] {
    const { nodes } = this.fragment(start, end, 0);
    return instantiate(nodes, []);
  }

  private u16(pos: number, end: number): number {
    if (pos + 2 > end) throw new EvtxFormatError(`truncated binary XML at chunk offset ${pos}`);
    return this.buf.readUInt16LE(pos);
  }

  private u32(pos: number, end: number): number {
    if (pos + 4 > end) throw new EvtxFormatError(`truncated binary XML at chunk offset ${pos}`);
    return this.buf.readUInt32LE(pos);
  }

  /** A fragment: optional header, then elements / template instances up to EOF or `end`. */
  private fragment(start: number, end: number, depth: number): { nodes: RawNode[]; pos: number } {
    if (depth > MAX_DEPTH) throw new EvtxFormatError('binary XML nested too deeply');
    const nodes: RawNode[] = [];
    let pos = start;
    while (pos < end) {
      const token = this.buf[pos] as number;
      const base = token & ~TOKEN_MORE;
      if (token === TOKEN.EOF) return { nodes, pos: pos + 1 };
      if (token === TOKEN.FRAGMENT_HEADER) pos += 4;
      else if (base === TOKEN.OPEN_START_ELEMENT) {
        const r = this.element(pos, end, depth + 1);
        nodes.push(r.node);
        pos = r.pos;
      } else if (token === TOKEN.TEMPLATE_INSTANCE) {
        const r = this.templateInstance(pos, end, depth + 1);
        nodes.push({ kind: 'resolved', nodes: r.nodes });
        pos = r.pos;
      } else throw new EvtxFormatError(`unexpected token 0x${token.toString(16)} at chunk offset ${pos}`);
    }
    return { nodes, pos };
  }

  /** A name by chunk offset; inline (right here) the first time, so `pos` moves past it then. */
  private name(offset: number, pos: number, end: number): { name: string; pos: number } {
    let entry = this.names.get(offset);
    if (!entry) {
      const n = this.u16(offset + 6, this.buf.length);
      const length = 8 + 2 * n + 2;
      if (offset + length > this.buf.length)
        throw new EvtxFormatError(`name at chunk offset ${offset} runs past the chunk`);
      entry = { name: this.buf.toString('utf16le', offset + 8, offset + 8 + 2 * n), length };
      this.names.set(offset, entry);
    }
    if (offset >= pos && offset < end) return { name: entry.name, pos: offset + entry.length };
    return { name: entry.name, pos };
  }

  private element(start: number, end: number, depth: number): { node: RawElement; pos: number } {
    if (depth > MAX_DEPTH) throw new EvtxFormatError('binary XML nested too deeply');
    const hasAttributes = ((this.buf[start] as number) & TOKEN_MORE) !== 0;
    // token, dependency identifier (u16), data size (u32)
    let pos = start + 7;
    const named = this.name(this.u32(pos, end), pos + 4, end);
    const name = named.name;
    pos = named.pos;
    const attrs: { name: string; content: RawContent[] }[] = [];
    if (hasAttributes) {
      pos += 4; // attribute list size
      for (;;) {
        const token = this.buf[pos] as number;
        if ((token & ~TOKEN_MORE) !== TOKEN.ATTRIBUTE) break;
        const an = this.name(this.u32(pos + 1, end), pos + 5, end);
        const c = this.content(an.pos, end);
        attrs.push({ name: an.name, content: c.items });
        pos = c.pos;
        if ((token & TOKEN_MORE) === 0) break;
      }
    }
    const close = this.buf[pos];
    if (close === TOKEN.CLOSE_EMPTY_ELEMENT)
      return { node: { kind: 'element', name, attrs, children: [] }, pos: pos + 1 };
    if (close !== TOKEN.CLOSE_START_ELEMENT)
      throw new EvtxFormatError(`element ${name}: expected the end of its start tag at chunk offset ${pos}`);
    pos++;
    const children: RawNode[] = [];
    for (;;) {
      if (pos >= end) throw new EvtxFormatError(`element ${name} is not closed`);
      const token = this.buf[pos] as number;
      const base = token & ~TOKEN_MORE;
      if (base === TOKEN.END_ELEMENT) return { node: { kind: 'element', name, attrs, children }, pos: pos + 1 };
      if (base === TOKEN.OPEN_START_ELEMENT) {
        const r = this.element(pos, end, depth + 1);
        children.push(r.node);
        pos = r.pos;
      } else if (token === TOKEN.TEMPLATE_INSTANCE) {
        const r = this.templateInstance(pos, end, depth + 1);
        children.push({ kind: 'resolved', nodes: r.nodes });
        pos = r.pos;
      } else if (base === TOKEN.PI_TARGET) {
        pos = this.name(this.u32(pos + 1, end), pos + 5, end).pos;
      } else if (base === TOKEN.PI_DATA) {
        pos += 3 + 2 * this.u16(pos + 1, end);
      } else {
        const c = this.content(pos, end);
        if (c.items.length === 0) throw new EvtxFormatError(`unexpected token 0x${token.toString(16)} in ${name}`);
        children.push(...c.items);
        pos = c.pos;
      }
    }
  }

  /** Character content: value text, substitutions, character and entity references, CDATA. */
  private content(start: number, end: number): { items: RawContent[]; pos: number } {
    const items: RawContent[] = [];
    let pos = start;
    for (;;) {
      if (pos >= end) return { items, pos };
      const token = this.buf[pos] as number;
      const base = token & ~TOKEN_MORE;
      if (base === TOKEN.VALUE) {
        const type = this.buf[pos + 1];
        if (type !== VALUE_TYPE.STRING) throw new EvtxFormatError(`value text of type 0x${type?.toString(16)}`);
        const n = this.u16(pos + 2, end);
        items.push({ kind: 'text', text: this.buf.toString('utf16le', pos + 4, pos + 4 + 2 * n) });
        pos += 4 + 2 * n;
      } else if (base === TOKEN.NORMAL_SUBSTITUTION || base === TOKEN.OPTIONAL_SUBSTITUTION) {
        items.push({ kind: 'subst', index: this.u16(pos + 1, end), optional: base === TOKEN.OPTIONAL_SUBSTITUTION });
        pos += 4;
      } else if (base === TOKEN.CHAR_REF) {
        items.push({ kind: 'text', text: String.fromCharCode(this.u16(pos + 1, end)) });
        pos += 3;
      } else if (base === TOKEN.ENTITY_REF) {
        const r = this.name(this.u32(pos + 1, end), pos + 5, end);
        items.push({ kind: 'text', text: ENTITIES[r.name] ?? `&${r.name};` });
        pos = r.pos;
      } else if (base === TOKEN.CDATA) {
        const n = this.u16(pos + 1, end);
        items.push({ kind: 'text', text: this.buf.toString('utf16le', pos + 3, pos + 3 + 2 * n) });
        pos += 3 + 2 * n;
      } else return { items, pos };
    }
  }

  /** Template definition at a chunk offset: next offset (u32), GUID (16), data size (u32), fragment. */
  private template(offset: number, depth: number): { nodes: readonly RawNode[]; end: number } {
    const size = this.u32(offset + 20, this.buf.length);
    const end = offset + 24 + size;
    if (end > this.buf.length) throw new EvtxFormatError(`template at chunk offset ${offset} runs past the chunk`);
    let nodes = this.templates.get(offset);
    if (!nodes) {
      nodes = this.fragment(offset + 24, end, depth).nodes;
      this.templates.set(offset, nodes);
    }
    return { nodes, end };
  }

  private templateInstance(start: number, end: number, depth: number): { nodes: XmlNode[]; pos: number } {
    // token, unknown (u8), template id (u32), definition offset (u32)
    const defOffset = this.u32(start + 6, end);
    let pos = start + 10;
    const tpl = this.template(defOffset, depth);
    if (defOffset > start) pos = tpl.end; // resident: the definition follows the instance
    const count = this.u32(pos, end);
    pos += 4;
    if (pos + 4 * count > end) throw new EvtxFormatError(`substitution array of ${count} values runs past the record`);
    const descriptors: { size: number; type: number }[] = [];
    for (let i = 0; i < count; i++) {
      descriptors.push({ size: this.buf.readUInt16LE(pos), type: this.buf[pos + 2] as number });
      pos += 4;
    }
    const values: SubstValue[] = [];
    for (const d of descriptors) {
      if (pos + d.size > end) throw new EvtxFormatError('substitution value runs past the record');
      values.push(this.value(d.type, pos, d.size, depth));
      pos += d.size;
    }
    return { nodes: instantiate(tpl.nodes, values), pos };
  }

  /** One typed substitution value. */
  private value(type: number, pos: number, size: number, depth: number): SubstValue {
    const b = this.buf;
    if (type === VALUE_TYPE.NULL || size === 0) return null;
    if (type === VALUE_TYPE.BINXML) return instantiate(this.fragment(pos, pos + size, depth + 1).nodes, []);
    if (type & VALUE_TYPE.ARRAY) return arrayValue(b, type & ~VALUE_TYPE.ARRAY, pos, size);
    return scalarValue(b, type, pos, size);
  }
}

/** Size of one element of a fixed-size type (0 = variable). */
const FIXED_SIZE: Readonly<Record<number, number>> = {
  [VALUE_TYPE.INT8]: 1,
  [VALUE_TYPE.UINT8]: 1,
  [VALUE_TYPE.INT16]: 2,
  [VALUE_TYPE.UINT16]: 2,
  [VALUE_TYPE.INT32]: 4,
  [VALUE_TYPE.UINT32]: 4,
  [VALUE_TYPE.INT64]: 8,
  [VALUE_TYPE.UINT64]: 8,
  [VALUE_TYPE.REAL32]: 4,
  [VALUE_TYPE.REAL64]: 8,
  [VALUE_TYPE.BOOL]: 4,
  [VALUE_TYPE.GUID]: 16,
  [VALUE_TYPE.FILETIME]: 8,
  [VALUE_TYPE.SYSTEMTIME]: 16,
  [VALUE_TYPE.HEX_INT32]: 4,
  [VALUE_TYPE.HEX_INT64]: 8,
};

function arrayValue(b: Buffer, type: number, pos: number, size: number): EvtxScalar[] {
  if (type === VALUE_TYPE.STRING) {
    const parts = b.toString('utf16le', pos, pos + size).split('\0');
    if (parts[parts.length - 1] === '') parts.pop();
    return parts;
  }
  if (type === VALUE_TYPE.ANSI_STRING)
    return b
      .toString('latin1', pos, pos + size)
      .split('\0')
      .filter((s) => s !== '');
  const each = FIXED_SIZE[type];
  if (!each) throw new EvtxFormatError(`array of value type 0x${type.toString(16)}`);
  const out: EvtxScalar[] = [];
  for (let p = pos; p + each <= pos + size; p += each) out.push(scalarValue(b, type, p, each));
  return out;
}

const safe = (v: bigint): number | string =>
  v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();

function scalarValue(b: Buffer, type: number, pos: number, size: number): EvtxScalar {
  switch (type) {
    case VALUE_TYPE.STRING:
      return b.toString('utf16le', pos, pos + size).replace(/\0+$/, '');
    case VALUE_TYPE.ANSI_STRING:
      return b.toString('latin1', pos, pos + size).replace(/\0+$/, '');
    case VALUE_TYPE.INT8:
      return b.readInt8(pos);
    case VALUE_TYPE.UINT8:
      return b.readUInt8(pos);
    case VALUE_TYPE.INT16:
      return b.readInt16LE(pos);
    case VALUE_TYPE.UINT16:
      return b.readUInt16LE(pos);
    case VALUE_TYPE.INT32:
      return b.readInt32LE(pos);
    case VALUE_TYPE.UINT32:
      return b.readUInt32LE(pos);
    case VALUE_TYPE.INT64:
      return safe(b.readBigInt64LE(pos));
    case VALUE_TYPE.UINT64:
      return safe(b.readBigUInt64LE(pos));
    case VALUE_TYPE.REAL32:
      return b.readFloatLE(pos);
    case VALUE_TYPE.REAL64:
      return b.readDoubleLE(pos);
    case VALUE_TYPE.BOOL:
      return b.readUInt32LE(pos) !== 0;
    case VALUE_TYPE.BINARY:
      return b.toString('hex', pos, pos + size).toUpperCase();
    case VALUE_TYPE.GUID:
      return formatGuid(b, pos);
    case VALUE_TYPE.SIZE_T:
    case VALUE_TYPE.HEX_INT32:
    case VALUE_TYPE.HEX_INT64:
      return `0x${(size === 8 ? b.readBigUInt64LE(pos) : BigInt(b.readUInt32LE(pos))).toString(16)}`;
    case VALUE_TYPE.FILETIME:
      return formatFiletime(b.readBigUInt64LE(pos));
    case VALUE_TYPE.SYSTEMTIME:
      return formatSystemtime(b, pos);
    case VALUE_TYPE.SID:
      return formatSid(b, pos, size);
    default:
      throw new EvtxFormatError(`unknown value type 0x${type.toString(16)}`);
  }
}

export function formatGuid(b: Buffer, pos: number): string {
  const h = (start: number, end: number) => b.toString('hex', start, end);
  const le = (start: number, n: number) =>
    Buffer.from(b.subarray(start, start + n))
      .reverse()
      .toString('hex');
  return `{${le(pos, 4)}-${le(pos + 4, 2)}-${le(pos + 6, 2)}-${h(pos + 8, pos + 10)}-${h(pos + 10, pos + 16)}}`.toUpperCase();
}

/** FILETIME → ISO 8601 with 100 ns precision (`2024-05-01T10:00:00.1234567Z`). */
export function formatFiletime(ft: bigint): string {
  const ticks = ft - FILETIME_UNIX_EPOCH;
  const ms = ticks / 10000n;
  const frac = ((ticks % 10000000n) + 10000000n) % 10000000n;
  const iso = new Date(Number(ms)).toISOString();
  return `${iso.slice(0, 19)}.${frac.toString().padStart(7, '0')}Z`;
}

function formatSystemtime(b: Buffer, pos: number): string {
  const [y, mo, , d, h, mi, s, ms] = [0, 2, 4, 6, 8, 10, 12, 14].map((o) => b.readUInt16LE(pos + o)) as number[];
  return new Date(Date.UTC(y!, mo! - 1, d, h, mi, s, ms)).toISOString();
}

function formatSid(b: Buffer, pos: number, size: number): string {
  const revision = b[pos] as number;
  const count = b[pos + 1] as number;
  if (size < 8 + 4 * count) throw new EvtxFormatError('SID shorter than its sub-authority count');
  const authority = b.readUIntBE(pos + 2, 6);
  const subs: number[] = [];
  for (let i = 0; i < count; i++) subs.push(b.readUInt32LE(pos + 8 + 4 * i));
  return `S-${revision}-${authority}${subs.map((x) => `-${x}`).join('')}`;
}

/** Fills a template's substitution slots; optional slots with no value disappear. */
function instantiate(nodes: readonly RawNode[], values: readonly SubstValue[]): XmlNode[] {
  const out: XmlNode[] = [];
  for (const n of nodes) {
    if (n.kind === 'resolved') out.push(...n.nodes);
    else if (n.kind === 'text') out.push({ kind: 'value', value: n.text });
    else if (n.kind === 'subst') {
      const v = values[n.index];
      if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
      if (isNodeList(v)) out.push(...v);
      else out.push({ kind: 'value', value: v });
    } else {
      const attrs: { name: string; value: EvtxValue }[] = [];
      for (const a of n.attrs) {
        const value = attributeValue(a.content, values);
        if (value !== undefined) attrs.push({ name: a.name, value });
      }
      out.push({ kind: 'element', name: n.name, attrs, children: instantiate(n.children, values) });
    }
  }
  return out;
}

/** An attribute's value: its one part as typed, several parts joined as text; undefined when empty. */
function attributeValue(content: readonly RawContent[], values: readonly SubstValue[]): EvtxValue | undefined {
  let out: EvtxValue | undefined;
  let joined: string | undefined;
  for (const c of content) {
    const v = c.kind === 'text' ? c.text : values[c.index];
    if (v === null || v === undefined || isNodeList(v)) continue;
    if (out === undefined) out = v as EvtxValue;
    else joined = (joined ?? String(out)) + String(v);
  }
  return joined ?? out;
}

function isNodeList(v: SubstValue): v is readonly XmlNode[] {
  return Array.isArray(v) && v.length > 0 && typeof v[0] === 'object' && v[0] !== null;
}
