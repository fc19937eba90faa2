/**
 * Hash and encoding functions: hash/hash_xxhash64 (XXH64 of the UTF-8 text, seed 0), hash_md5,
 * hash_sha1, hash_sha256 (node:crypto, lower-case hex), and the base64 family. Kusto's exact
 * hash() bytes for non-string types are not documented; those hash their tostring() text.
 */
import { createHash } from 'node:crypto';
import type { KqlDynamic, KqlValue, ScalarType } from '../types.js';
import { formatDatetime } from '../values.js';
import { isArray, numberConv, stringConv } from './coerce.js';
import { type Compile, defineAll } from './define.js';

const M64 = (1n << 64n) - 1n;
const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;

const rotl = (x: bigint, r: bigint) => ((x << r) | (x >> (64n - r))) & M64;
const mul = (a: bigint, b: bigint) => (a * b) & M64;

function round(acc: bigint, lane: bigint): bigint {
  return mul(rotl((acc + mul(lane, P2)) & M64, 31n), P1);
}

function mergeRound(acc: bigint, val: bigint): bigint {
  return ((acc ^ round(0n, val)) * P1 + P4) & M64;
}

/** XXH64 with seed 0, returned as an unsigned 64-bit bigint. */
export function xxhash64(data: Uint8Array): bigint {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const len = data.length;
  let i = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = (P1 + P2) & M64;
    let v2 = P2;
    let v3 = 0n;
    let v4 = (0n - P1) & M64;
    for (; i + 32 <= len; i += 32) {
      v1 = round(v1, view.getBigUint64(i, true));
      v2 = round(v2, view.getBigUint64(i + 8, true));
      v3 = round(v3, view.getBigUint64(i + 16, true));
      v4 = round(v4, view.getBigUint64(i + 24, true));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & M64;
    h = mergeRound(h, v1);
    h = mergeRound(h, v2);
    h = mergeRound(h, v3);
    h = mergeRound(h, v4);
  } else {
    h = P5;
  }
  h = (h + BigInt(len)) & M64;
  for (; i + 8 <= len; i += 8) {
    h ^= round(0n, view.getBigUint64(i, true));
    h = (mul(rotl(h, 27n), P1) + P4) & M64;
  }
  if (i + 4 <= len) {
    h ^= mul(BigInt(view.getUint32(i, true)), P1);
    h = (mul(rotl(h, 23n), P2) + P3) & M64;
    i += 4;
  }
  for (; i < len; i++) {
    h ^= mul(BigInt(data[i] as number), P5);
    h = mul(rotl(h, 11n), P1);
  }
  h ^= h >> 33n;
  h = mul(h, P2);
  h ^= h >> 29n;
  h = mul(h, P3);
  h ^= h >> 32n;
  return h;
}

const utf8 = new TextEncoder();

/** The text that is hashed: datetimes hash their full 7-digit-fraction form, as the engine does. */
function hashText(t: ScalarType | undefined): (v: KqlValue) => string {
  if (t === 'datetime') return (v) => (typeof v === 'bigint' ? formatDatetime(v) : '');
  return stringConv(t);
}

/** .NET ticks of 1970-01-01: the engine's hash() of a datetime hashes its .NET tick count. */
const DOTNET_EPOCH_TICKS = 621355968000000000n;

/** The bytes hash() digests: UTF-8 text, except a datetime's 8-byte little-endian .NET ticks. */
export function hashBytes(t: ScalarType | undefined): (v: KqlValue) => Uint8Array {
  if (t === 'datetime') {
    return (v) => {
      const b = new Uint8Array(8);
      if (typeof v === 'bigint') new DataView(b.buffer).setBigInt64(0, v + DOTNET_EPOCH_TICKS, true);
      return b;
    };
  }
  const s = stringConv(t);
  return (v) => utf8.encode(s(v));
}

const hashCompile: Compile = (types) => {
  const bytes = hashBytes(types[0]);
  const mod = numberConv(types[1] ?? 'long');
  return (v, m) => {
    const h = xxhash64(bytes(v));
    if (m === undefined) return Number(BigInt.asIntN(64, h));
    const k = mod(m);
    return k === null || k <= 0 ? null : Number(h % BigInt(Math.trunc(k)));
  };
};

const digest =
  (algorithm: string): Compile =>
  (types) => {
    const s = hashText(types[0]);
    return (v) => createHash(algorithm).update(s(v), 'utf8').digest('hex');
  };

const strict = new TextDecoder('utf-8', { fatal: true });

/** Base64 decoding that rejects malformed input instead of skipping characters (null result). */
function decodeBase64(text: string): Buffer | null {
  const t = text.trim();
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(t)) return null;
  return Buffer.from(t, 'base64');
}

function decodeToString(text: string): string {
  const b = decodeBase64(text);
  if (!b) return '';
  try {
    return strict.decode(b); // invalid UTF-8 → '' (as Kusto does)
  } catch {
    return '';
  }
}

function guidBytes(g: string): Buffer | null {
  const hex = g.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) return null;
  const b = Buffer.from(hex, 'hex');
  // .NET Guid.ToByteArray: the first three groups are little-endian
  b.subarray(0, 4).reverse();
  b.subarray(4, 6).reverse();
  b.subarray(6, 8).reverse();
  return b;
}

function bytesToGuid(b: Buffer): string | null {
  if (b.length !== 16) return null;
  const c = Buffer.from(b);
  c.subarray(0, 4).reverse();
  c.subarray(4, 6).reverse();
  c.subarray(6, 8).reverse();
  const h = c.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const onString =
  (f: (s: string) => KqlValue): Compile =>
  (types) => {
    const s = stringConv(types[0]);
    return (v) => f(s(v));
  };

export const hashFunctions = defineAll('hash', [
  {
    name: 'hash',
    doc: 'XXH64 hash of the value (optionally modulo n).',
    params: ['any', 'long'],
    min: 1,
    returns: 'long',
    compile: hashCompile,
  },
  {
    name: 'hash_xxhash64',
    doc: 'XXH64 hash of the value (optionally modulo n).',
    params: ['any', 'long'],
    min: 1,
    returns: 'long',
    compile: hashCompile,
  },
  {
    name: 'hash_md5',
    doc: 'MD5 of the UTF-8 text, as lower-case hex.',
    params: ['any'],
    returns: 'string',
    compile: digest('md5'),
  },
  {
    name: 'hash_sha1',
    doc: 'SHA-1 of the UTF-8 text, as lower-case hex.',
    params: ['any'],
    returns: 'string',
    compile: digest('sha1'),
  },
  {
    name: 'hash_sha256',
    doc: 'SHA-256 of the UTF-8 text, as lower-case hex.',
    params: ['any'],
    returns: 'string',
    compile: digest('sha256'),
  },
  {
    name: 'base64_encode_tostring',
    aliases: ['base64_encodestring'],
    doc: 'Base64 of the UTF-8 text.',
    params: ['string-ish'],
    returns: 'string',
    compile: onString((s) => Buffer.from(s, 'utf8').toString('base64')),
  },
  {
    name: 'base64_decode_tostring',
    aliases: ['base64_decodestring'],
    doc: 'Decodes base64 into UTF-8 text ("" when invalid).',
    params: ['string-ish'],
    returns: 'string',
    compile: onString(decodeToString),
  },
  {
    name: 'base64_decode_toarray',
    doc: 'Decodes base64 into an array of byte values.',
    params: ['string-ish'],
    returns: 'dynamic',
    compile: onString((s) => {
      const b = decodeBase64(s);
      return b ? [...b] : null;
    }),
  },
  {
    name: 'base64_encode_fromarray',
    doc: 'Base64 of an array of byte values.',
    params: ['dynamic'],
    returns: 'string',
    impl: (a) =>
      isArray(a) && a.every((x: KqlDynamic) => typeof x === 'number' && x >= 0 && x <= 255)
        ? Buffer.from(a as number[]).toString('base64')
        : null,
  },
  {
    name: 'base64_encode_fromguid',
    doc: 'Base64 of the 16 bytes of a guid (.NET byte order).',
    params: ['guid'],
    returns: 'string',
    impl: (g) => {
      const b = typeof g === 'string' ? guidBytes(g) : null;
      return b ? b.toString('base64') : null;
    },
  },
  {
    name: 'base64_decode_toguid',
    doc: 'Guid from base64 of its 16 bytes (.NET byte order).',
    params: ['string-ish'],
    returns: 'guid',
    compile: onString((s) => {
      const b = decodeBase64(s);
      return b ? bytesToGuid(b) : null;
    }),
  },
]);
