import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnBuilder, DictStringColumn, StringColumn } from '../../src/kql/exec/table.js';

/** The column a builder gives for `values`, read back as plain strings. */
function roundTrip(values: readonly (string | null)[]) {
  const b = columnBuilder('string');
  for (const v of values) b.append(v);
  const col = b.build();
  return { col, read: Array.from({ length: col.length }, (_, i) => col.get(i)) };
}

// The string column builder (src/kql/exec/table.ts) sits under every telemetry load.
describe('string column builder', () => {
  it('keeps every value, nulls as empty strings, with one dictionary entry per distinct value', () => {
    // Fresh strings (as JSON.parse gives them), equal in content, and values sharing cache slots.
    const values = ['a', 'ab', 'ba', null, `${'x'.repeat(3)}`, 'xxx', '', 'ab', 'a', 'é', 'é', 'ba'];
    const { col, read } = roundTrip(values);
    expect(read).toEqual(values.map((v) => v ?? ''));
    expect(col).toBeInstanceOf(DictStringColumn);
    expect((col as DictStringColumn).dict).toEqual(['a', 'ab', 'ba', '', 'xxx', 'é']);
  });

  it('matches the values for any sequence (few or many distinct values)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom('p', 'q', 'pq', 'qp', ''), fc.string()), { maxLength: 300 }),
        (vs) => {
          expect(roundTrip(vs).read).toEqual(vs);
        },
      ),
    );
  });

  it('switches to a plain column when most values are distinct', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => (i % 3 === 0 ? 'same' : `v${i}`));
    const { col, read } = roundTrip(values);
    expect(col).toBeInstanceOf(StringColumn);
    expect(read).toEqual(values);
  });
});
