/** covariance family and buildschema. */
import { describe, expect, it } from 'vitest';
import { aggregate } from './helpers.js';

describe('covariance', () => {
  it('computes sample and population covariance, with predicates', () => {
    const rows = [
      [1, 2],
      [2, 4],
      [3, 6],
    ];
    expect(aggregate('covariance', ['long', 'long'], rows)).toBeCloseTo(2, 12);
    expect(aggregate('covariancep', ['long', 'long'], rows)).toBeCloseTo(4 / 3, 12);
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    const withPred = xs.map((x) => [x, x % 2 === 0 ? x * 2 : x * 3, x % 3 === 0]);
    expect(aggregate('covarianceif', ['long', 'long', 'bool'], withPred)).toBeCloseTo(2142, 9);
    expect(aggregate('covariance', ['long', 'long'], [])).toBeNull();
  });
});

describe('buildschema', () => {
  it('merges the schemas of dynamic values', () => {
    const out = aggregate(
      'buildschema',
      ['dynamic'],
      [[{ x: 1, y: 3.5 }], [{ x: 'somevalue', z: [1, 2, 3] }], [{ y: { w: 'zzz' }, t: ['aa', 'bb'], z: ['foo'] }]],
    );
    expect(out).toEqual({
      x: ['long', 'string'],
      y: [{ w: 'string' }, 'double'],
      z: { '`indexer`': ['long', 'string'] },
      t: { '`indexer`': 'string' },
    });
  });
});
