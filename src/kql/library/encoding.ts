/**
 * Encoding functions: Punycode (RFC 3492) for labels and IDN domains, zlib/gzip compression to
 * and from base64 (node:zlib), and ipv4_range_to_cidr_list. Invalid input gives '' (strings)
 * or null (dynamic), never an error.
 *
 * Kusto's naming: punycode_from_string ENCODES text to Punycode and punycode_to_string decodes;
 * punycode_domain_from_string DECODES an `xn--` domain and punycode_domain_to_string encodes.
 */
import { deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { stringConv } from './coerce.js';
import { type Compile, defineAll } from './define.js';
import { formatIPv4, parseIPv4Text } from './ip.js';

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

const digitChar = (d: number) => String.fromCharCode(d < 26 ? 97 + d : 22 + d);

function charDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 22;
  if (c >= 65 && c <= 90) return c - 65;
  if (c >= 97 && c <= 122) return c - 97;
  return BASE;
}

const threshold = (k: number, bias: number) => (k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias);

export function punycodeEncode(input: string): string {
  const cps = Array.from(input, (c) => c.codePointAt(0) as number);
  let out = cps
    .filter((c) => c < 0x80)
    .map((c) => String.fromCharCode(c))
    .join('');
  const basic = out.length;
  let handled = basic;
  if (basic > 0) out += '-';
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (handled < cps.length) {
    const m = Math.min(...cps.filter((c) => c >= n));
    delta += (m - n) * (handled + 1);
    n = m;
    for (const c of cps) {
      if (c < n) delta++;
      if (c !== n) continue;
      let q = delta;
      for (let k = BASE; ; k += BASE) {
        const t = threshold(k, bias);
        if (q < t) break;
        out += digitChar(t + ((q - t) % (BASE - t)));
        q = Math.floor((q - t) / (BASE - t));
      }
      out += digitChar(q);
      bias = adapt(delta, handled + 1, handled === basic);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return out;
}

/** Decodes a Punycode label; undefined when it is malformed. */
export function punycodeDecode(input: string): string | undefined {
  const dash = input.lastIndexOf('-');
  const out: number[] = [];
  for (let i = 0; i < Math.max(0, dash); i++) {
    const c = input.charCodeAt(i);
    if (c >= 0x80) return undefined;
    out.push(c);
  }
  let n = INITIAL_N;
  let bias = INITIAL_BIAS;
  let i = 0;
  for (let pos = dash > 0 ? dash + 1 : 0; pos < input.length; ) {
    const oldI = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (pos >= input.length) return undefined;
      const digit = charDigit(input.charCodeAt(pos++));
      if (digit >= BASE) return undefined;
      i += digit * w;
      const t = threshold(k, bias);
      if (digit < t) break;
      w *= BASE - t;
    }
    bias = adapt(i - oldI, out.length + 1, oldI === 0);
    n += Math.floor(i / (out.length + 1));
    i %= out.length + 1;
    if (n > 0x10ffff) return undefined;
    out.splice(i, 0, n);
    i++;
  }
  return String.fromCodePoint(...out);
}

const PREFIX = 'xn--';

function decodeDomain(domain: string): string | undefined {
  const labels = domain.split('.').map((l) => (l.toLowerCase().startsWith(PREFIX) ? punycodeDecode(l.slice(4)) : l));
  return labels.some((l) => l === undefined) ? undefined : labels.join('.');
}

function encodeDomain(domain: string): string {
  return domain
    .split('.')
    .map((l) => (/^[\x00-\x7f]*$/.test(l) ? l : PREFIX + punycodeEncode(l)))
    .join('.');
}

const text =
  (f: (s: string) => string | undefined): Compile =>
  (types) => {
    const s = stringConv(types[0]);
    return (v) => {
      try {
        return f(s(v)) ?? '';
      } catch {
        return '';
      }
    };
  };

const fromBase64 = (s: string): Buffer | undefined => {
  const t = s.trim();
  return /^[A-Za-z0-9+/]*={0,2}$/.test(t) && t.length > 0 ? Buffer.from(t, 'base64') : undefined;
};

/** CIDR blocks that exactly cover [start, end], largest aligned blocks first. */
export function rangeToCidrs(start: number, end: number): string[] {
  const out: string[] = [];
  let cur = start;
  while (cur <= end) {
    let size = 32;
    while (size > 0) {
      const block = 2 ** (33 - size);
      if (cur % block !== 0 || cur + block - 1 > end) break;
      size--;
    }
    out.push(`${formatIPv4(cur)}/${size}`);
    cur += 2 ** (32 - size);
  }
  return out;
}

export const encodingFunctions = defineAll('string', [
  {
    name: 'punycode_from_string',
    doc: 'Encodes text to Punycode (RFC 3492), without the xn-- prefix.',
    params: ['string'],
    returns: 'string',
    compile: text(punycodeEncode),
  },
  {
    name: 'punycode_to_string',
    doc: 'Decodes Punycode text; empty when malformed.',
    params: ['string'],
    returns: 'string',
    compile: text(punycodeDecode),
  },
  {
    name: 'punycode_domain_from_string',
    doc: 'Decodes the xn-- labels of an internationalized domain name.',
    params: ['string'],
    returns: 'string',
    compile: text(decodeDomain),
  },
  {
    name: 'punycode_domain_to_string',
    doc: 'Encodes the non-ASCII labels of a domain name as xn-- Punycode labels.',
    params: ['string'],
    returns: 'string',
    compile: text(encodeDomain),
  },
  {
    name: 'zlib_compress_to_base64_string',
    doc: 'zlib-compresses UTF-8 text and returns it base64-encoded.',
    params: ['string'],
    returns: 'string',
    compile: text((s) => deflateSync(Buffer.from(s, 'utf8')).toString('base64')),
  },
  {
    name: 'zlib_decompress_from_base64_string',
    doc: 'Decodes base64 and zlib-decompresses it to UTF-8 text; empty when invalid.',
    params: ['string'],
    returns: 'string',
    compile: text((s) => {
      const b = fromBase64(s);
      return b ? inflateSync(b).toString('utf8') : undefined;
    }),
  },
  {
    name: 'gzip_compress_to_base64_string',
    doc: 'gzip-compresses UTF-8 text and returns it base64-encoded.',
    params: ['string'],
    returns: 'string',
    compile: text((s) => gzipSync(Buffer.from(s, 'utf8')).toString('base64')),
  },
  {
    name: 'gzip_decompress_from_base64_string',
    doc: 'Decodes base64 and gunzips it to UTF-8 text; empty when invalid.',
    params: ['string'],
    returns: 'string',
    compile: text((s) => {
      const b = fromBase64(s);
      return b ? gunzipSync(b).toString('utf8') : undefined;
    }),
  },
  {
    name: 'ipv4_range_to_cidr_list',
    doc: 'The list of CIDR blocks covering an IPv4 address range.',
    params: ['string', 'string'],
    returns: 'dynamic',
    compile: (types) => {
      const a = stringConv(types[0]);
      const b = stringConv(types[1]);
      return (v, w) => {
        const start = parseIPv4Text(a(v).trim());
        const end = parseIPv4Text(b(w).trim());
        return start === null || end === null || start > end ? null : rangeToCidrs(start, end);
      };
    },
  },
]);
