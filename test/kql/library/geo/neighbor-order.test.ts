/**
 * The engine's order of cell neighbours: the library's neighbour list walked through libstdc++'s
 * `std::unordered_set<std::string>` (library/geo/set-order.ts). Expected orders are the Kusto
 * engine's results in the engine conformance cases; the hash is checked against a value GCC's
 * std::hash<std::string> is known to give.
 */
import { describe, expect, it } from 'vitest';
import { runQuery } from '../../../../src/kql/engine.js';
import { bucketCountFor, hashBytes, unorderedSetOrder } from '../../../../src/kql/library/geo/set-order.js';

const first = (q: string) => runQuery(q).result?.table.columns[0]?.get(0);

describe('hash set order', () => {
  it("hashes as libstdc++'s _Hash_bytes with std::hash<std::string>'s seed", () => {
    expect(hashBytes(new Uint8Array())).toBe(6142509188972423790n);
  });

  it('sizes the set from the length of the list it is built from', () => {
    expect([5, 6, 7, 8, 9, 12, 13, 14, 20].map(bucketCountFor)).toEqual([5, 7, 7, 11, 11, 13, 13, 17, 23]);
  });

  it('walks distinct elements, newest bucket first, a shared bucket in front of its run', () => {
    const values = ['a', 'b', 'c', 'd', 'e', 'f'];
    const order = unorderedSetOrder([...values, 'a']);
    expect([...order].sort()).toEqual(values);
    expect(order).toHaveLength(6);
  });
});

describe('geo_h3cell_neighbors and geo_s2cell_neighbors', () => {
  it("give the engine's order", () => {
    expect(first("print geo_h3cell_neighbors('862a1072fffffff')")).toEqual([
      '862a10777ffffff',
      '862a100d7ffffff',
      '862a100dfffffff',
      '862a1070fffffff',
      '862a10707ffffff',
      '862a10727ffffff',
    ]);
    expect(first("print geo_s2cell_neighbors('89c259')")).toEqual([
      '89c25d',
      '89c25b',
      '89c2f7',
      '89c257',
      '89c2f5',
      '89c251',
      '89c25f',
      '89c2f9',
    ]);
  });

  it('list each neighbour once, also next to a cube corner and at a pentagon', () => {
    // Face 0's corner cell at level 1: S2 appends one diagonal neighbour twice there.
    const corner = first('print geo_s2cell_neighbors(geo_point_to_s2cell(-45, -35.26, 1))') as string[];
    expect(new Set(corner).size).toBe(corner.length);
    const pentagon = first("print geo_h3cell_neighbors('8009fffffffffff')") as string[];
    expect(pentagon).toHaveLength(5);
  });
});
