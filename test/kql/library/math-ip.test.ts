import { describe, expect, it } from 'vitest';
import { call, d, i, l, r, row, s } from './helpers.js';

describe('math', () => {
  it('bin, round, ceiling, abs, powers and logs', () => {
    expect(call('bin', row(r(4.5)), l(1))).toBe(4);
    expect(call('bin', row(l(-3)), l(2))).toBe(-4);
    expect(call('bin', row(l(7)), l(0))).toBeNull();
    expect(call('round', row(r(2.98765)), l(3))).toBe(2.988);
    expect(call('round', row(r(2.15)), l(1))).toBe(2.2);
    expect(call('round', row(r(2.15)))).toBe(2);
    expect(call('round', row(r(-50.55)), l(-2))).toBe(-100);
    expect(call('round', row(r(21.5)), l(-1))).toBe(20);
    expect(call('ceiling', row(r(-1.1)))).toBe(-1);
    expect(call('abs', row(l(-5)))).toBe(5);
    expect(call('pow', row(l(2)), l(10))).toBe(1024);
    expect(call('log10', row(l(1000)))).toBeCloseTo(3);
    expect(call('log', row(l(-1)))).toBeNull();
    expect(call('exp2', row(l(3)))).toBe(8);
    expect(call('sign', row(r(-0.5)))).toBe(-1);
    expect(call('sqrt', row(l(null)))).toBeNull();
    expect(call('gamma', row(l(5)))).toBeCloseTo(24, 10);
  });

  it('min_of / max_of ignore nulls; bitwise functions are 64-bit', () => {
    expect(call('max_of', row(l(10)), row(l(1)), row(l(null)))).toBe(10);
    expect(call('min_of', row(l(null)), row(r(1.5)), row(i(2)))).toBe(1.5);
    expect(call('binary_and', row(l(12)), l(10))).toBe(8);
    expect(call('binary_or', row(l(12)), l(10))).toBe(14);
    expect(call('binary_xor', row(l(12)), l(10))).toBe(6);
    expect(call('binary_not', row(l(0)))).toBe(-1);
    expect(call('binary_shift_left', row(l(1)), l(40))).toBe(2 ** 40);
    expect(call('bitset_count_ones', row(l(42)))).toBe(3);
    expect(call('bitset_count_ones', row(l(-1)))).toBe(64);
  });

  it('rand stays in range', () => {
    const x = call('rand') as number;
    expect(x >= 0 && x < 1).toBe(true);
    const n = call('rand', l(10)) as number;
    expect(Number.isInteger(n) && n >= 0 && n < 10).toBe(true);
  });
});

describe('ip functions', () => {
  it('parses, masks and formats IPv4', () => {
    expect(call('parse_ipv4', row(s('127.0.0.1')))).toBe(2130706433);
    expect(call('parse_ipv4', row(s('192.1.168.1/24')))).toBe(3221334016);
    expect(call('parse_ipv4', row(s('256.0.0.1')))).toBeNull();
    expect(call('parse_ipv4_mask', row(s('192.1.168.1')), l(24))).toBe(3221334016);
    expect(call('format_ipv4', row(l(3221334017)))).toBe('192.1.168.1');
    expect(call('format_ipv4', row(s('192.168.1.255')), l(24))).toBe('192.168.1.0');
    expect(call('format_ipv4_mask', row(s('192.168.1.255')), l(24))).toBe('192.168.1.0/24');
    expect(call('ipv4_netmask_suffix', row(s('10.0.0.0/8')))).toBe(8);
  });

  it('private ranges, range membership, matching, comparison', () => {
    expect(call('ipv4_is_private', row(s('172.16.1.1')))).toBe(true);
    expect(call('ipv4_is_private', row(s('172.32.1.1')))).toBe(false);
    expect(call('ipv4_is_private', row(s('x')))).toBeNull();
    expect(call('ipv4_is_in_range', row(s('10.1.2.3')), s('10.1.0.0/16'))).toBe(true);
    expect(call('ipv4_is_in_range', row(s('10.2.2.3')), s('10.1.0.0/16'))).toBe(false);
    expect(call('ipv4_is_in_any_range', row(s('192.168.1.6')), s('10.0.0.0/8'), s('192.168.1.0/24'))).toBe(true);
    expect(call('ipv4_is_in_any_range', row(s('192.168.1.6')), d(['10.0.0.0/8', '172.16.0.0/12']))).toBe(false);
    expect(call('ipv4_is_match', row(s('192.168.1.1/24')), s('192.168.1.255'))).toBe(true);
    expect(call('ipv4_is_match', row(s('192.168.1.1')), s('192.168.1.255'), l(24))).toBe(true);
    expect(call('ipv4_compare', row(s('192.168.1.1')), s('192.168.1.255'))).toBe(-1);
  });

  it('IPv6 parsing and comparison', () => {
    expect(call('parse_ipv6', row(s('127.0.0.1')))).toBe('0000:0000:0000:0000:0000:ffff:7f00:0001');
    expect(call('parse_ipv6', row(s('fe80::85d:e82c:9446:7994')))).toBe('fe80:0000:0000:0000:085d:e82c:9446:7994');
    expect(call('parse_ipv6', row(s('::1:2:3:4:5:6:7:8')))).toBeNull();
    expect(call('ipv6_compare', row(s('::ffff:7f00:1')), s('127.0.0.1'))).toBe(0);
    expect(call('ipv6_compare', row(s('fe80::85d:e82c:9446:7994')), s('fe80::85d:e82c:9446:7995'))).toBe(-1);
    expect(call('ipv6_is_match', row(s('fe80::85d:e82c:9446:7994/120')), s('fe80::85d:e82c:9446:7998'))).toBe(true);
    expect(call('ipv6_is_in_range', row(s('2a03:2880:f12c:83:face:b00c::25de')), s('2a03:2880::/32'))).toBe(true);
  });

  it('finds IPv4 addresses inside text', () => {
    expect(call('has_ipv4', row(s('log: 127.0.0.1 connected')), s('127.0.0.1'))).toBe(true);
    expect(call('has_ipv4', row(s('ver 127.0.0.1.2')), s('127.0.0.1'))).toBe(false);
    expect(call('has_ipv4_prefix', row(s('src=10.1.2.3;')), s('10.1.'))).toBe(true);
    expect(call('has_any_ipv4', row(s('a 1.2.3.4 b')), s('5.6.7.8'), s('1.2.3.4'))).toBe(true);
    expect(call('has_any_ipv4_prefix', row(s('a 1.2.3.4 b')), d(['9.', '1.2.']))).toBe(true);
  });
});
