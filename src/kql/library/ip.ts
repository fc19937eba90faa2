/**
 * IP address functions: IPv4 parsing/formatting, masks, ranges (CIDR), private ranges, IPv6
 * parsing and comparison, and has_ipv4-style term search for addresses inside text.
 * Text that is not an address gives null (never an error).
 */
import type { KqlValue } from '../types.js';
import { dynamicText, isArray, numberConv, stringConv } from './coerce.js';
import { type Compile, defineAll } from './define.js';

/** Dotted-quad text → unsigned 32-bit number, or null. */
export function parseIPv4Text(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

const maskOf = (prefix: number) => (prefix <= 0 ? 0 : prefix >= 32 ? 0xffffffff : (0xffffffff << (32 - prefix)) >>> 0);

/** `a.b.c.d[/n]` → { ip, prefix }; the prefix defaults to 32. */
export function parseIPv4Cidr(s: string): { ip: number; prefix: number } | null {
  const text = s.trim();
  const slash = text.indexOf('/');
  const ip = parseIPv4Text(slash < 0 ? text : text.slice(0, slash));
  if (ip === null) return null;
  if (slash < 0) return { ip, prefix: 32 };
  const p = text.slice(slash + 1);
  if (!/^\d{1,2}$/.test(p) || Number(p) > 32) return null;
  return { ip, prefix: Number(p) };
}

export function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** A usable has_ipv4_prefix prefix: whole octets ending with a dot ('10.1.'), or a full address. */
function validPrefix(p: string | undefined): p is string {
  return p !== undefined && (/^(?:\d{1,3}\.){1,3}$/.test(p) || parseIPv4Text(p) !== null);
}

function masked(ip: number, prefix: number): number {
  return (ip & maskOf(prefix)) >>> 0;
}

function inRange(ip: number, range: { ip: number; prefix: number }): boolean {
  return masked(ip, range.prefix) === masked(range.ip, range.prefix);
}

const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map(
  (r) => parseIPv4Cidr(r) as { ip: number; prefix: number },
);

/* ---------------------------------------------- IPv6 ---------------------------------------------- */

/** IPv6 (or IPv4, mapped to ::ffff:a.b.c.d) text → 8 16-bit words, or null. */
export function parseIPv6Words(s: string): number[] | null {
  let text = s.trim();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const v4 = parseIPv4Text(text);
  if (v4 !== null) return [0, 0, 0, 0, 0, 0xffff, v4 >>> 16, v4 & 0xffff];
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const words = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const groups = part.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] as string;
      if (i === groups.length - 1 && g.includes('.')) {
        const n = parseIPv4Text(g);
        if (n === null) return null;
        out.push(n >>> 16, n & 0xffff);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) {
        out.push(Number.parseInt(g, 16));
      } else return null;
    }
    return out;
  };
  const head = words(halves[0] as string);
  const tail = halves.length === 2 ? words(halves[1] as string) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const fill = 8 - head.length - tail.length;
  if (fill < 1) return null;
  return [...head, ...Array.from({ length: fill }, () => 0), ...tail];
}

function parseIPv6Cidr(s: string, defaultPrefix = 128): { words: number[]; prefix: number } | null {
  const slash = s.indexOf('/');
  const words = parseIPv6Words(slash < 0 ? s : s.slice(0, slash));
  if (!words) return null;
  if (slash < 0) return { words, prefix: defaultPrefix };
  const p = Number(s.slice(slash + 1));
  if (!Number.isInteger(p) || p < 0 || p > 128) return null;
  const isV4 = parseIPv4Text(s.slice(0, slash).trim()) !== null;
  return { words, prefix: isV4 ? Math.min(128, 96 + p) : p };
}

function compareV6(a: number[], b: number[], prefix: number): number {
  for (let i = 0; i < 8; i++) {
    const bits = Math.max(0, Math.min(16, prefix - i * 16));
    const m = bits === 0 ? 0 : (0xffff << (16 - bits)) & 0xffff;
    const x = (a[i] as number) & m;
    const y = (b[i] as number) & m;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/* ----------------------------------------- IPv4 in text ------------------------------------------ */

const IPV4_IN_TEXT = /(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.]*\d)/g;

/** The valid IPv4 addresses that appear as whole tokens in text. */
function ipv4sInText(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(IPV4_IN_TEXT)) {
    const n = parseIPv4Text(m[1] as string);
    if (n !== null) out.push(n);
  }
  return out;
}

/* ------------------------------------------- entries --------------------------------------------- */

const s1 =
  (f: (s: string) => KqlValue): Compile =>
  (types) => {
    const s = stringConv(types[0]);
    return (v) => f(s(v));
  };

/** (ip text, ip text, optional prefix) → f */
const pair =
  (f: (a: string, b: string, prefix: number | null) => KqlValue): Compile =>
  (types) => {
    const [a, b] = [stringConv(types[0]), stringConv(types[1])];
    const p = numberConv(types[2] ?? 'long');
    return (x, y, z) => f(a(x), b(y), z === undefined ? null : p(z));
  };

function v4Compare(a: string, b: string, prefix: number | null): number | null {
  const x = parseIPv4Cidr(a);
  const y = parseIPv4Cidr(b);
  if (!x || !y) return null;
  const p = Math.min(x.prefix, y.prefix, prefix ?? 32);
  const mx = masked(x.ip, p);
  const my = masked(y.ip, p);
  return mx === my ? 0 : mx < my ? -1 : 1;
}

function v6Compare(a: string, b: string, prefix: number | null): number | null {
  const x = parseIPv6Cidr(a);
  const y = parseIPv6Cidr(b);
  if (!x || !y) return null;
  return compareV6(x.words, y.words, Math.min(x.prefix, y.prefix, prefix ?? 128));
}

/** Range arguments: several strings, or one dynamic array of strings. */
const rangesOf = (args: readonly KqlValue[]): string[] =>
  args.flatMap((a) => (isArray(a) ? a.map((x) => dynamicText(x)) : a === null ? [] : [dynamicText(a)]));

const listMatch =
  (f: (text: string, items: string[]) => boolean): Compile =>
  (types) => {
    const s = stringConv(types[0]);
    return (v, ...rest) => f(s(v), rangesOf(rest));
  };

export const ipFunctions = defineAll('ip', [
  {
    name: 'parse_ipv4',
    doc: 'IPv4 text (optionally a/n) to a long.',
    params: ['string-ish'],
    returns: 'long',
    compile: s1((s) => {
      const c = parseIPv4Cidr(s);
      return c ? masked(c.ip, c.prefix) : null;
    }),
  },
  {
    name: 'parse_ipv4_mask',
    doc: 'IPv4 text masked to a prefix length, as a long.',
    params: ['string-ish', 'long'],
    returns: 'long',
    compile: (types) => {
      const s = stringConv(types[0]);
      const p = numberConv(types[1] ?? 'long');
      return (v, q) => {
        const c = parseIPv4Cidr(s(v));
        const prefix = p(q);
        return c && prefix !== null && prefix >= 0 && prefix <= 32 ? masked(c.ip, Math.min(c.prefix, prefix)) : null;
      };
    },
  },
  {
    name: 'ipv4_is_private',
    doc: 'True for addresses in 10/8, 172.16/12 or 192.168/16.',
    params: ['string-ish'],
    returns: 'bool',
    compile: s1((s) => {
      const c = parseIPv4Cidr(s);
      return c ? PRIVATE.some((r) => inRange(c.ip, r)) : null;
    }),
  },
  {
    name: 'ipv4_is_in_range',
    doc: "True when the IPv4 address is in the range ('10.0.0.0/8' or a single address).",
    params: ['string-ish', 'string-ish'],
    returns: 'bool',
    compile: pair((a, b) => {
      const ip = parseIPv4Cidr(a);
      const r = parseIPv4Cidr(b);
      return ip && r ? inRange(ip.ip, r) : null;
    }),
  },
  {
    name: 'ipv4_is_in_any_range',
    doc: 'True when the IPv4 address is in any of the ranges (arguments or one array).',
    params: ['string-ish', 'any'],
    min: 2,
    max: 64,
    returns: 'bool',
    compile: (types) => {
      const s = stringConv(types[0]);
      return (v, ...rest) => {
        const ip = parseIPv4Cidr(s(v));
        if (!ip) return null;
        return rangesOf(rest).some((r) => {
          const c = parseIPv4Cidr(r);
          return c !== null && inRange(ip.ip, c);
        });
      };
    },
  },
  {
    name: 'ipv4_is_match',
    doc: 'True when two IPv4 addresses match under an optional prefix.',
    params: ['string-ish', 'string-ish', 'long'],
    min: 2,
    returns: 'bool',
    compile: pair((a, b, p) => {
      const c = v4Compare(a, b, p);
      return c === null ? null : c === 0;
    }),
  },
  {
    name: 'ipv4_compare',
    doc: 'Compares two IPv4 addresses (-1, 0, 1) under an optional prefix.',
    params: ['string-ish', 'string-ish', 'long'],
    min: 2,
    returns: 'long',
    compile: pair(v4Compare),
  },
  {
    name: 'format_ipv4',
    doc: 'Dotted-quad text of an IPv4 address or long, optionally masked.',
    params: ['any', 'long'],
    min: 1,
    returns: 'string',
    compile: (types) => {
      const t0 = types[0];
      const s = stringConv(t0);
      const n = numberConv(t0 ?? 'long');
      const p = numberConv(types[1] ?? 'long');
      return (v, q) => {
        const prefix = q === undefined ? 32 : p(q);
        const ip = typeof v === 'number' ? n(v) : (parseIPv4Cidr(s(v))?.ip ?? null);
        if (ip === null || prefix === null || ip < 0 || ip > 0xffffffff || prefix < 0 || prefix > 32) return '';
        return formatIPv4(masked(ip, prefix));
      };
    },
  },
  {
    name: 'format_ipv4_mask',
    doc: "IPv4 address and prefix as 'a.b.c.d/n'.",
    params: ['any', 'long'],
    min: 1,
    returns: 'string',
    compile: (types) => {
      const s = stringConv(types[0]);
      const n = numberConv(types[0] ?? 'long');
      const p = numberConv(types[1] ?? 'long');
      return (v, q) => {
        const prefix = q === undefined ? 32 : p(q);
        const ip = typeof v === 'number' ? n(v) : (parseIPv4Cidr(s(v))?.ip ?? null);
        if (ip === null || prefix === null || prefix < 0 || prefix > 32) return '';
        return `${formatIPv4(masked(ip, prefix))}/${prefix}`;
      };
    },
  },
  {
    name: 'ipv4_netmask_suffix',
    doc: 'The prefix length of an IPv4 a.b.c.d/n text (32 when absent).',
    params: ['string-ish'],
    returns: 'int',
    compile: s1((s) => parseIPv4Cidr(s)?.prefix ?? null),
  },
  {
    name: 'parse_ipv6',
    doc: 'Canonical IPv6 text (8 groups of 4 hex digits); IPv4 maps to ::ffff:a.b.c.d.',
    params: ['string-ish'],
    returns: 'string',
    compile: s1((s) => {
      const c = parseIPv6Cidr(s);
      if (!c) return null;
      const w = c.words.map((x, i) => {
        const bits = Math.max(0, Math.min(16, c.prefix - i * 16));
        return (x & (bits === 0 ? 0 : (0xffff << (16 - bits)) & 0xffff)).toString(16).padStart(4, '0');
      });
      return w.join(':');
    }),
  },
  {
    name: 'parse_ipv6_mask',
    doc: 'Canonical IPv6 text of an address (or IPv4 as ::ffff:a.b.c.d) masked to a prefix length (0..128).',
    params: ['string-ish', 'long'],
    returns: 'string',
    compile: (types) => {
      const text = stringConv(types[0]);
      const bits = numberConv(types[1] ?? 'long');
      return (v, p) => {
        const t = text(v);
        const c = parseIPv6Cidr(t);
        const n = bits(p);
        // An IPv4 address's prefix counts IPv4 bits (its IPv6 form is ::ffff:a.b.c.d).
        const v4 = !t.includes(':');
        if (!c || n === null || n < 0 || n > (v4 ? 32 : 128)) return null;
        const prefix = Math.min(c.prefix, Math.trunc(n) + (v4 ? 96 : 0));
        return c.words
          .map((x, i) => {
            const keep = Math.max(0, Math.min(16, prefix - i * 16));
            return (x & (keep === 0 ? 0 : (0xffff << (16 - keep)) & 0xffff)).toString(16).padStart(4, '0');
          })
          .join(':');
      };
    },
  },
  {
    name: 'ipv6_compare',
    doc: 'Compares two IPv6/IPv4 addresses (-1, 0, 1) under an optional prefix.',
    params: ['string-ish', 'string-ish', 'long'],
    min: 2,
    returns: 'long',
    compile: pair(v6Compare),
  },
  {
    name: 'ipv6_is_match',
    doc: 'True when two IPv6/IPv4 addresses match under an optional prefix.',
    params: ['string-ish', 'string-ish', 'long'],
    min: 2,
    returns: 'bool',
    compile: pair((a, b, p) => {
      const c = v6Compare(a, b, p);
      return c === null ? null : c === 0;
    }),
  },
  {
    name: 'ipv6_is_in_range',
    doc: 'True when the IPv6 address is in the prefix range.',
    params: ['string-ish', 'string-ish'],
    returns: 'bool',
    compile: pair((a, b) => {
      const x = parseIPv6Cidr(a);
      const r = parseIPv6Cidr(b);
      return x && r ? compareV6(x.words, r.words, r.prefix) === 0 : null;
    }),
  },
  {
    name: 'ipv6_is_in_any_range',
    doc: 'True when the IPv6 address is in any of the prefix ranges.',
    params: ['string-ish', 'any'],
    min: 2,
    max: 64,
    returns: 'bool',
    compile: (types) => {
      const s = stringConv(types[0]);
      return (v, ...rest) => {
        const x = parseIPv6Cidr(s(v));
        if (!x) return null;
        return rangesOf(rest).some((r) => {
          const c = parseIPv6Cidr(r);
          return c !== null && compareV6(x.words, c.words, c.prefix) === 0;
        });
      };
    },
  },
  {
    name: 'has_ipv4',
    doc: 'True when the text contains the IPv4 address as a whole token.',
    params: ['string-ish', 'string-ish'],
    returns: 'bool',
    compile: listMatch((t, [ip]) => {
      const n = parseIPv4Text(ip ?? '');
      return n !== null && ipv4sInText(t).includes(n);
    }),
  },
  {
    name: 'has_ipv4_prefix',
    doc: "True when the text contains an IPv4 address starting with the prefix ('10.1.').",
    params: ['string-ish', 'string-ish'],
    returns: 'bool',
    compile: listMatch((t, [p]) => validPrefix(p) && ipv4sInText(t).some((n) => formatIPv4(n).startsWith(p))),
  },
  {
    name: 'has_any_ipv4',
    doc: 'True when the text contains any of the IPv4 addresses as whole tokens.',
    params: ['string-ish', 'any'],
    min: 2,
    max: 64,
    returns: 'bool',
    compile: listMatch((t, ips) => {
      const wanted = new Set(ips.map(parseIPv4Text).filter((n): n is number => n !== null));
      return ipv4sInText(t).some((n) => wanted.has(n));
    }),
  },
  {
    name: 'has_any_ipv4_prefix',
    doc: 'True when the text contains an IPv4 address starting with any of the prefixes.',
    params: ['string-ish', 'any'],
    min: 2,
    max: 64,
    returns: 'bool',
    compile: listMatch((t, prefixes) => {
      const valid = prefixes.filter(validPrefix);
      return ipv4sInText(t).some((n) => valid.some((p) => formatIPv4(n).startsWith(p)));
    }),
  },
]);
