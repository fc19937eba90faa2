/** Unit conversions, Punycode, zlib/gzip and ipv4_range_to_cidr_list. */
import { describe, expect, it } from 'vitest';
import { punycodeDecode, punycodeEncode, rangeToCidrs } from '../../../src/kql/library/encoding.js';
import { call, r, s } from './helpers.js';

describe('convert_*', () => {
  it('converts between units (engine values)', () => {
    expect(call('convert_angle', r(1.2), s('Degree'), s('Arcminute'))).toBeCloseTo(72, 12);
    expect(call('convert_length', r(1.2), s('Meter'), s('Foot'))).toBeCloseTo(3.9370078740157477, 12);
    expect(call('convert_mass', r(1.2), s('Kilogram'), s('Pound'))).toBeCloseTo(2.6455471462185307, 12);
    expect(call('convert_temperature', r(1.2), s('Kelvin'), s('DegreeCelsius'))).toBeCloseTo(-271.95, 12);
    expect(call('convert_temperature', r(212), s('DegreeFahrenheit'), s('DegreeCelsius'))).toBeCloseTo(100, 10);
    expect(call('convert_volume', r(1.2), s('CubicMeter'), s('AcreFoot'))).toBeCloseTo(0.0009728568, 12);
    expect(call('convert_speed', r(36), s('KilometerPerHour'), s('MeterPerSecond'))).toBeCloseTo(10, 12);
    expect(call('convert_length', r(1), s('Meter'), s('Parsnip'))).toBeNull();
  });
});

describe('punycode', () => {
  it('encodes and decodes labels and domains', () => {
    expect(punycodeEncode('艺术')).toBe('cqv902d');
    expect(punycodeDecode('acadmie-franaise-npb1a')).toBe('académie-française');
    expect(punycodeEncode('académie-française')).toBe('acadmie-franaise-npb1a');
    expect(call('punycode_domain_from_string', s('xn--Ry-lja8c.xn--Jng-uta63a.xn--Bng-9ka.com'))).toBe(
      'Rúyì.Jīngū.Bàng.com',
    );
    expect(call('punycode_domain_to_string', s('Gáe.Bulg.edu'))).toBe('xn--Ge-mia.Bulg.edu');
    expect(call('punycode_to_string', s('!!'))).toBe('');
  });
});

describe('compression', () => {
  it('round-trips zlib and gzip through base64', () => {
    expect(call('zlib_decompress_from_base64_string', s('eJwLSS0uUSguKcrMS1cwNDIGACxqBQ4='))).toBe('Test string 123');
    const z = call('zlib_compress_to_base64_string', s('hello')) as string;
    expect(call('zlib_decompress_from_base64_string', s(z))).toBe('hello');
    const g = call('gzip_compress_to_base64_string', s('hello')) as string;
    expect(call('gzip_decompress_from_base64_string', s(g))).toBe('hello');
    expect(call('zlib_decompress_from_base64_string', s('not base64!'))).toBe('');
  });
});

describe('ipv4_range_to_cidr_list', () => {
  it('covers a range with aligned blocks', () => {
    expect(call('ipv4_range_to_cidr_list', s('1.1.128.0'), s('1.1.140.255'))).toEqual([
      '1.1.128.0/21',
      '1.1.136.0/22',
      '1.1.140.0/24',
    ]);
    expect(rangeToCidrs(0, 0)).toEqual(['0.0.0.0/32']);
    expect(call('ipv4_range_to_cidr_list', s('1.1.1.2'), s('1.1.1.1'))).toBeNull();
  });
});
