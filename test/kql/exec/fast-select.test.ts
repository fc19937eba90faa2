/**
 * The filter fast paths (src/kql/exec/fast-select.ts) keep exactly the rows the general path
 * keeps: time ranges through the per-block index and the shared whole-table selections, dictionary
 * predicates through the per-entry bitmap and the rows-by-code index, and filter chains run
 * cheapest conjunct first. Each query runs with the fast paths off ($KQLHUNT_FAST_FILTERS=0), on,
 * and on again (the shared selections then come from the cache).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runQuery } from '../../../src/kql/engine.js';
import { BLOCK } from '../../../src/kql/exec/fast-select.js';
import {
  DictStringColumn,
  MapTableProvider,
  type Table,
  tableFromRows,
  tableRows,
} from '../../../src/kql/exec/table.js';
import type { KqlValue } from '../../../src/kql/types.js';

const DAY = 864_000_000_000n;
const START = 638_500_000_000_000_000n; // ticks since 0001-01-01, an instant in 2024

/** A small deterministic generator (so a failure names a row that can be found again). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const NAMES = ['cmd.exe', 'powershell.exe', 'Syncro.Service.Runner.exe', 'AnyDesk.exe', 'notepad.exe', ''];
const URLS = ['rmm.syncromsp.com', 'relay.anydesk.com', 'example.org', 'update.microsoft.com'];

/** Mostly time-ordered rows (blocks wholly in/out of windows), with shuffled stretches and nulls. */
function events(n: number): Table {
  const r = rng(7);
  const rows: KqlValue[][] = [];
  for (let i = 0; i < n; i++) {
    const ordered = START + (BigInt(i) * 7n * DAY) / BigInt(n);
    const shuffled = i % 10_000 > 9_000;
    const t = i % 997 === 0 ? null : shuffled ? START + BigInt(Math.floor(r() * 7 * 86400)) * 10_000_000n : ordered;
    // Two rare names (under 1/16 of the rows): their rows come from the rows-by-code index.
    const name =
      i % 101 === 0 ? 'Rare Tool.exe' : i % 103 === 0 ? 'Rare Two.exe' : NAMES[Math.floor(r() * NAMES.length)];
    rows.push([t, name as string, URLS[i % URLS.length] as string, i]);
  }
  return tableFromRows(
    [
      { name: 'Timestamp', type: 'datetime' },
      { name: 'FileName', type: 'string' },
      { name: 'RemoteUrl', type: 'string' },
      { name: 'N', type: 'long' },
    ],
    rows,
  );
}

const NOW = START + 7n * DAY;
const T = events(5 * BLOCK + 123);
const provider = new MapTableProvider([['E', T]]);

function rows(query: string, fast: boolean): KqlValue[][] {
  process.env.KQLHUNT_FAST_FILTERS = fast ? '1' : '0';
  const r = runQuery(query, { provider, now: NOW });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !r.result) throw new Error(errors.map((d) => d.message).join('; '));
  return tableRows(r.result.table);
}

afterEach(() => {
  delete process.env.KQLHUNT_FAST_FILTERS;
});

const QUERIES = [
  'E | where Timestamp between (now(-5d) .. now())',
  'E | where Timestamp between (ago(2d) .. ago(1d)) | count',
  'E | where Timestamp > ago(3d) | where FileName has "exe" | summarize count() by FileName',
  'E | where Timestamp >= now(-6d) and Timestamp < now(-1d) | summarize min(N), max(N), count()',
  'E | where now(-1d) < Timestamp | count',
  'E | where Timestamp <= now(-6d) | count',
  'E | where Timestamp between (now(1d) .. now(2d)) | count',
  'E | where Timestamp between (now(-1d) .. now(-2d)) | count',
  'E | where FileName has_any ("syncro", "anydesk") | where Timestamp between (now(-5d) .. now())',
  'E | where Timestamp between (now(-5d) .. now()) | where RemoteUrl has_any ("syncromsp.com", "anydesk.com") and FileName has "Syncro"',
  'E | where FileName == "nothing.exe" | where Timestamp > ago(5d)',
  'E | where FileName contains "zzz" and RemoteUrl has "example"',
  'E | where FileName in ("cmd.exe", "notepad.exe") | where N % 3 == 0',
  'E | where not(FileName has "exe") | count',
  'E | where FileName == "" | count',
  'E | where FileName =~ "ANYDESK.EXE" or FileName startswith "power" | summarize count() by FileName',
  'E | sort by N desc | where Timestamp between (now(-4d) .. now(-2d)) | take 50',
  'E | sort by Timestamp asc | where FileName has "notepad" | where Timestamp > ago(6d) | take 30',
  'E | where isnull(Timestamp) | count',
  'E | where FileName has "rare"',
  'E | where FileName in ("Rare Two.exe", "Rare Tool.exe") | where Timestamp > ago(4d)',
  'E | where FileName has_any ("two", "tool") and Timestamp between (now(-6d) .. now(-1d))',
  'E | where Timestamp > ago(5d) | where FileName has "exe" | where N > 100 | summarize count() by bin(Timestamp, 1d)',
  'E | where N < 5000 | where RemoteUrl == "example.org" | where Timestamp < now(-1d) | count',
];

describe('filter fast paths', () => {
  for (const q of QUERIES) {
    it(q, () => {
      const slow = rows(q, false);
      expect(rows(q, true)).toEqual(slow);
      expect(rows(q, true)).toEqual(slow); // cached whole-table selections
    });
  }

  it('the fixture has dictionary columns and spans several blocks', () => {
    expect(T.columns[1]).toBeInstanceOf(DictStringColumn);
    expect(T.rowCount).toBeGreaterThan(4 * BLOCK);
    expect(rows('E | where Timestamp between (now(-5d) .. now()) | count', true)[0]![0]).toBeGreaterThan(BLOCK);
    const rare = rows('E | where FileName has "rare" | count', true)[0]![0] as number;
    expect(rare).toBeGreaterThan(100);
    expect(rare).toBeLessThan(T.rowCount / 16);
  });
});
