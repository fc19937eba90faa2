import { describe, expect, it } from 'vitest';
import { xxhash64 } from '../../../src/kql/library/hash.js';
import { call, d, g, l, row, s } from './helpers.js';

describe('hashes and base64', () => {
  it('xxhash64 matches the reference vectors', () => {
    expect(xxhash64(new Uint8Array())).toBe(0xef46db3751d8e999n);
    expect(xxhash64(new TextEncoder().encode('a'))).toBe(0xd24ec4f1a98c6e5bn);
    expect(xxhash64(new TextEncoder().encode('abc'))).toBe(0x44bc2cf5ad770999n);
  });

  it('hash() of a string matches Kusto (to double precision)', () => {
    expect(call('hash', row(s('World')))).toBe(Number(1846988464401551951n));
    const m = call('hash', row(s('World')), l(100)) as number;
    expect(m >= 0 && m < 100).toBe(true);
  });

  it('digests are lower-case hex of UTF-8', () => {
    expect(call('hash_md5', row(s('World')))).toBe('f5a7924e621e84c9280a9a27e1bcb7f6');
    expect(call('hash_sha1', row(s('World')))).toBe('70c07ec18ef89c5309bbb0937f3a6342411e1fdd');
    expect(call('hash_sha256', row(s('World')))).toBe(
      '78ae647dc5544d227130a0682a51e30bc7777fbb6d8a8f17007463a3ecd1d524',
    );
  });

  it('base64 round trips; invalid UTF-8 decodes to empty', () => {
    expect(call('base64_encode_tostring', row(s('Kusto')))).toBe('S3VzdG8=');
    expect(call('base64_decode_tostring', row(s('S3VzdG8=')))).toBe('Kusto');
    expect(call('base64_decode_tostring', row(s('U3RyaW5n0KHR0tGA0L7Rh9C60LA=')))).toBe('');
    expect(call('base64_decode_toarray', row(s('S3VzdG8=')))).toEqual([75, 117, 115, 116, 111]);
    expect(call('base64_encode_fromarray', row(d([75, 117, 115, 116, 111])))).toBe('S3VzdG8=');
    const guid = '1d1e4a3b-0d52-4b9a-9b6e-2c5a6e0d6e0f';
    const enc = call('base64_encode_fromguid', row(g(guid))) as string;
    expect(call('base64_decode_toguid', row(s(enc)))).toBe(guid);
  });
});

describe('url functions', () => {
  it('parse_url', () => {
    expect(
      call('parse_url', row(s('scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment'))),
    ).toEqual({
      Scheme: 'scheme',
      Host: 'host',
      Port: '1234',
      Path: '/this/is/a/path',
      Username: 'username',
      Password: 'password',
      'Query Parameters': { k1: 'v1', k2: 'v2' },
      Fragment: 'fragment',
    });
    expect(call('parse_url', row(s('not a url')))).toEqual({});
  });

  it('parse_urlquery, url_encode, url_decode', () => {
    expect(call('parse_urlquery', row(s('k1=v1&k2=v2&k3=v%203')))).toEqual({
      'Query Parameters': { k1: 'v1', k2: 'v2', k3: 'v 3' },
    });
    expect(call('url_encode', row(s('https://www.bing.com/')))).toBe('https%3a%2f%2fwww.bing.com%2f');
    expect(call('url_encode', row(s('You are here')))).toBe('You+are+here');
    expect(call('url_encode_component', row(s('a b')))).toBe('a%20b');
    expect(call('url_decode', row(s('https%3a%2f%2fwww.bing.com%2f')))).toBe('https://www.bing.com/');
    expect(call('url_decode', row(s('%E2%82%AC%zz')))).toBe('€%zz');
  });

  it('parse_path', () => {
    expect(call('parse_path', row(s('C:\\temp\\file.txt')))).toEqual({
      Scheme: '',
      RootPath: 'C:',
      DirectoryPath: 'C:\\temp',
      DirectoryName: 'temp',
      Filename: 'file.txt',
      Extension: 'txt',
      AlternateDataStreamName: '',
    });
    const p = call('parse_path', row(s('/usr/lib/temp/file.txt'))) as Record<string, string>;
    expect(p.DirectoryPath).toBe('/usr/lib/temp');
    expect(p.Filename).toBe('file.txt');
    const ads = call('parse_path', row(s('C:\\temp\\file.txt:stream'))) as Record<string, string>;
    expect(ads.AlternateDataStreamName).toBe('stream');
  });
});

describe('other functions', () => {
  it('parse_command_line follows Windows rules', () => {
    expect(call('parse_command_line', row(s('echo "hello world!" print$? \\"yeah\\"')), s('windows'))).toEqual([
      'echo',
      'hello world!',
      'print$?',
      '"yeah"',
    ]);
    expect(call('parse_command_line', row(s('a\\\\\\\\"b c" d')), s('windows'))).toEqual(['a\\\\b c', 'd']);
  });

  it('parse_xml maps elements, attributes and text', () => {
    expect(call('parse_xml', row(s('<?xml version="1.0"?><e a="1"><c>x</c><c>y</c>t</e>')))).toEqual({
      e: { '@a': '1', c: ['x', 'y'], '#text': 't' },
    });
    expect(call('parse_xml', row(s('<a><b>&lt;1&gt;</b></a>')))).toEqual({ a: { b: '<1>' } });
    expect(call('parse_xml', row(s('<a><b></a>')))).toBeNull();
  });

  it('new_guid is a fresh guid', () => {
    const a = call('new_guid');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(call('new_guid')).not.toBe(a);
  });
});
