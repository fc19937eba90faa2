import { describe, expect, it } from 'vitest';
import { b, call, d, dt, dtv, l, row, s, ts } from './helpers.js';

describe('arrays', () => {
  it('pack_array converts typed values into dynamic', () => {
    expect(call('pack_array', row(l(1)), row(s('2')), row(ts('00:00:02')))).toEqual([1, '2', '00:00:02']);
    expect(call('pack_array', row(dt('2020-01-01')))).toEqual([dtv('2020-01-01')]);
  });

  it('length, index, slice, concat, reverse', () => {
    expect(call('array_length', row(d([1, 2, 3])))).toBe(3);
    expect(call('array_length', row(d('x')))).toBeNull();
    expect(call('array_index_of', row(d(['a', 'b', 'c'])), s('b'))).toBe(1);
    expect(call('array_index_of', row(d([1, 2, 1])), l(1), l(1))).toBe(2);
    expect(call('array_index_of', row(d([1, 2])), l(9))).toBe(-1);
    expect(call('array_slice', row(d([1, 2, 3, 4, 5])), l(1), l(3))).toEqual([2, 3, 4]);
    expect(call('array_slice', row(d([1, 2, 3, 4, 5])), l(-2), l(-1))).toEqual([4, 5]);
    expect(call('array_concat', row(d([1])), row(d([2, 3])))).toEqual([1, 2, 3]);
    expect(call('array_reverse', row(d([1, 2, 3])))).toEqual([3, 2, 1]);
  });

  it('sort, sum, split, rotate, shift, iff', () => {
    expect(call('array_sort_asc', row(d([3, null, 1, 2])))).toEqual([1, 2, 3, null]);
    expect(call('array_sort_asc', row(d([3, null, 1])), b(false))).toEqual([null, 1, 3]);
    expect(call('array_sort_desc', row(d(['b', 'a', 'c'])))).toEqual(['c', 'b', 'a']);
    expect(call('array_sum', row(d([1, 2.5])))).toBe(3.5);
    expect(call('array_split', row(d([1, 2, 3, 4, 5])), d([1, 3]))).toEqual([[1], [2, 3], [4, 5]]);
    expect(call('array_rotate_left', row(d([1, 2, 3, 4, 5])), l(2))).toEqual([3, 4, 5, 1, 2]);
    expect(call('array_rotate_right', row(d([1, 2, 3, 4, 5])), l(2))).toEqual([4, 5, 1, 2, 3]);
    expect(call('array_shift_left', row(d([1, 2, 3, 4, 5])), l(2))).toEqual([3, 4, 5, null, null]);
    expect(call('array_shift_right', row(d([1, 2, 3, 4, 5])), l(2), l(-1))).toEqual([-1, -1, 1, 2, 3]);
    expect(call('array_iff', row(d([true, false, true])), d([1, 2, 3]), d([4, 5, 6]))).toEqual([1, 5, 3]);
  });

  it('sets, zip, repeat, range', () => {
    expect(call('set_union', row(d([1, 2])), row(d([2, 3])))).toEqual([1, 2, 3]);
    expect(call('set_intersect', row(d([1, 2, 1, 4])), row(d([1, 2])), row(d([8, 1])))).toEqual([1]);
    expect(call('set_difference', row(d([1, 2, 1, 4])), row(d([1, 2])), row(d([8, 1])))).toEqual([4]);
    expect(call('set_has_element', row(d(['a', 'b'])), s('b'))).toBe(true);
    expect(call('zip', row(d([1, 3])), row(d([2])))).toEqual([
      [1, 2],
      [3, null],
    ]);
    expect(call('repeat', s('x'), l(3))).toEqual(['x', 'x', 'x']);
    expect(call('range', l(1), l(8), l(3))).toEqual([1, 4, 7]);
    expect(call('range', dt('2020-01-01'), dt('2020-01-03'), ts('1d'))).toEqual([
      dtv('2020-01-01'),
      dtv('2020-01-02'),
      dtv('2020-01-03'),
    ]);
  });
});

describe('property bags', () => {
  it('pack / bag_pack, keys, merge, remove, has, set, zip', () => {
    expect(call('bag_pack', s('Level'), s('Information'), s('ProcessID'), row(l(1234)))).toEqual({
      Level: 'Information',
      ProcessID: 1234,
    });
    expect(call('pack', s('a'), row(l(1)))).toEqual({ a: 1 });
    expect(call('bag_keys', row(d({ a: 1, b: 2 })))).toEqual(['a', 'b']);
    expect(call('bag_merge', row(d({ a: 1 })), row(d({ a: 2, b: 3 })))).toEqual({ a: 1, b: 3 });
    expect(call('bag_remove_keys', row(d({ a: 1, b: { c: 2, d: 3 } })), d(['a', '$.b.c']))).toEqual({ b: { d: 3 } });
    expect(call('bag_has_key', row(d({ a: { b: 1 } })), s('$.a.b'))).toBe(true);
    expect(call('bag_has_key', row(d({ a: 1 })), s('x'))).toBe(false);
    expect(call('bag_set_key', row(d({ a: 1 })), s('$.b.c'), l(2))).toEqual({ a: 1, b: { c: 2 } });
    expect(call('bag_zip', row(d(['a', 'b'])), row(d([1, 2])))).toEqual({ a: 1, b: 2 });
    expect(call('treepath', row(d({ a: { b: [1] } })))).toEqual(["$['a']", "$['a']['b']", "$['a']['b'][0]"]);
  });

  it('extract_json / extractjson read a JSONPath subset', () => {
    expect(call('extract_json', s('$.hosts[1].ip'), row(s('{"hosts":[{"ip":"a"},{"ip":"b"}]}')))).toBe('b');
    expect(call('extractjson', s("$['x']"), row(s('{"x":{"y":1}}')))).toBe('{"y":1}');
    expect(call('extract_json', s('$.missing'), row(s('{}')))).toBe('');
  });
});
