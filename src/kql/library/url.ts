/**
 * URL and path functions: parse_url, parse_urlquery, parse_path, url_encode,
 * url_encode_component, url_decode. Output bags use Kusto's key names ("Query Parameters" …).
 * The fixed JS regexes here parse data with negated character classes only (linear time);
 * they are not user patterns.
 */
import type { KqlDynamic } from '../types.js';
import { stringConv } from './coerce.js';
import { type Compile, defineAll } from './define.js';

type Bag = { [key: string]: KqlDynamic };

const URL_RE =
  /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:([^:@/?#]*)(?::([^@/?#]*))?@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s;

/** Decodes %XX sequences (and '+' as space) into UTF-8 text; malformed sequences stay as written. */
export function urlDecode(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === '+') {
      bytes.push(32);
    } else {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

const UNRESERVED = /[A-Za-z0-9\-_.!*()]/;

/** .NET UrlEncode style: lower-case hex escapes of UTF-8 bytes; space as '+' or '%20'. */
export function urlEncode(s: string, spaceAsPlus: boolean): string {
  let out = '';
  for (const ch of s) {
    if (UNRESERVED.test(ch)) out += ch;
    else if (ch === ' ') out += spaceAsPlus ? '+' : '%20';
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

function queryParameters(query: string): Bag {
  const out: Bag = {};
  if (query === '') return out;
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const k = urlDecode(eq < 0 ? pair : pair.slice(0, eq));
    out[k] = urlDecode(eq < 0 ? '' : pair.slice(eq + 1));
  }
  return out;
}

export function parseUrl(url: string): Bag {
  const m = URL_RE.exec(url.trim());
  if (!m) return {};
  return {
    Scheme: m[1] ?? '',
    Host: m[4] ?? '',
    Port: m[5] ?? '',
    Path: m[6] ?? '',
    Username: m[2] ?? '',
    Password: m[3] ?? '',
    'Query Parameters': queryParameters(m[7] ?? ''),
    Fragment: m[8] ?? '',
  };
}

/** parse_path: Windows, UNC, file:// and POSIX paths. */
export function parsePath(path: string): Bag {
  let rest = path;
  let scheme = '';
  const sm = /^([A-Za-z][A-Za-z0-9+.-]+):\/\//.exec(rest);
  if (sm) {
    scheme = sm[1] as string;
    rest = rest.slice(sm[0].length);
  }
  const sep = rest.includes('\\') ? '\\' : '/';
  let root = '';
  const drive = /^[A-Za-z]:/.exec(rest);
  if (drive) root = drive[0];
  else if (rest.startsWith('\\\\') || rest.startsWith('//'))
    root = rest.slice(0, rest.indexOf(sep, 2) < 0 ? rest.length : rest.indexOf(sep, 2));
  const cut = rest.lastIndexOf(sep);
  let filename = cut < 0 ? rest.slice(root.length) : rest.slice(cut + 1);
  let dirPath = cut < 0 ? root : rest.slice(0, cut);
  let ads = '';
  const colon = filename.indexOf(':');
  if (colon >= 0) {
    ads = filename.slice(colon + 1);
    filename = filename.slice(0, colon);
  }
  const dot = filename.lastIndexOf('.');
  if (dirPath === '' && rest.startsWith(sep)) dirPath = sep;
  const dirCut = dirPath.lastIndexOf(sep);
  return {
    Scheme: scheme,
    RootPath: root,
    DirectoryPath: dirPath,
    DirectoryName: dirCut < 0 ? dirPath : dirPath.slice(dirCut + 1),
    Filename: filename,
    Extension: dot < 0 ? '' : filename.slice(dot + 1),
    AlternateDataStreamName: ads,
  };
}

const onString =
  (f: (s: string) => KqlDynamic): Compile =>
  (types) => {
    const s = stringConv(types[0]);
    return (v) => f(s(v));
  };

export const urlFunctions = defineAll('url', [
  {
    name: 'parse_url',
    doc: 'Splits a URL into a bag: Scheme, Host, Port, Path, Username, Password, Query Parameters, Fragment.',
    params: ['string-ish'],
    returns: 'dynamic',
    compile: onString(parseUrl),
  },
  {
    name: 'parse_urlquery',
    doc: 'Parses a query string into {"Query Parameters": {...}}.',
    params: ['string-ish'],
    returns: 'dynamic',
    compile: onString((s) => ({ 'Query Parameters': queryParameters(s.startsWith('?') ? s.slice(1) : s) })),
  },
  {
    name: 'parse_path',
    doc: 'Splits a file path into Scheme, RootPath, DirectoryPath, DirectoryName, Filename, Extension, AlternateDataStreamName.',
    params: ['string-ish'],
    returns: 'dynamic',
    compile: onString(parsePath),
  },
  {
    name: 'url_encode',
    doc: 'URL-encodes text (space becomes +).',
    params: ['string-ish'],
    returns: 'string',
    compile: onString((s) => urlEncode(s, true)),
  },
  {
    name: 'url_encode_component',
    doc: 'URL-encodes text (space becomes %20).',
    params: ['string-ish'],
    returns: 'string',
    compile: onString((s) => urlEncode(s, false)),
  },
  {
    name: 'url_decode',
    doc: 'Decodes %XX escapes and + in URL-encoded text.',
    params: ['string-ish'],
    returns: 'string',
    compile: onString(urlDecode),
  },
]);
