import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTelemetry } from '../../src/telemetry/load.js';
import { defenderSchema, knownTableNames, tableInfo, tableSchema } from '../../src/telemetry/schemas.js';
import { detectTable } from '../../src/telemetry/table-detect.js';

const dir = mkdtempSync(join(tmpdir(), 'kqlhunt-detect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const defenderColumns = (t: string) => defenderSchema(t)!.columns.map((c) => c.name);

describe('detectTable', () => {
  it('names the table whose Defender-side columns a full portal export has exactly', () => {
    for (const t of ['DeviceProcessEvents', 'DeviceNetworkEvents', 'DeviceFileEvents', 'DeviceLogonEvents']) {
      const d = detectTable(defenderColumns(t));
      expect(d.best).toMatchObject({ table: t, exact: true, coverage: 1 });
      expect(d.alsoFits).toEqual([]);
    }
  });

  it('is exact for every catalog table whose column set is unique, and says so for the rest', () => {
    const names = knownTableNames();
    let unique = 0;
    for (const t of names) {
      const cols = tableSchema(t)!.columns.map((c) => c.name);
      const d = detectTable(cols);
      const twins = names.filter(
        (o) =>
          o !== t &&
          tableSchema(o)!.columns.length === cols.length &&
          tableSchema(o)!.columns.every((c) => cols.includes(c.name)),
      );
      if (twins.length === 0) {
        unique++;
        expect(d.best?.table, t).toBe(t);
        expect(d.alsoFits, t).toEqual([]);
      } else expect(d.alsoFits.length, t).toBeGreaterThan(0);
    }
    // 629 of the 762 catalog tables have a column set of their own; the rest come in families of
    // Log Analytics tables with the same columns (per-service diagnostics tables and the like).
    expect(unique).toBeGreaterThan(names.length * 0.8);
  });

  it('column order and surrounding spaces do not matter; the Sentinel-only columns may be there', () => {
    const cols = tableSchema('DeviceNetworkEvents')!.columns.map((c) => ` ${c.name} `);
    expect(detectTable(cols.reverse()).best).toMatchObject({ table: 'DeviceNetworkEvents', exact: true });
  });

  it('a projected subset fits several tables: a best guess, reported as ambiguous', () => {
    const d = detectTable(['Timestamp', 'DeviceName', 'FileName', 'ProcessCommandLine']);
    expect(d.best?.coverage).toBe(1);
    expect(d.best?.exact).toBe(false);
    expect(d.alsoFits.length).toBeGreaterThan(0);
    expect([d.best!.table, ...d.alsoFits]).toContain('DeviceProcessEvents');
  });

  it('a subset only one table has is not ambiguous', () => {
    const d = detectTable(['Timestamp', 'DeviceName', 'RemoteUrl', 'RemoteIPType', 'LocalIPType']);
    expect(d.best?.table).toBe('DeviceNetworkEvents');
    expect(d.alsoFits).toEqual([]);
  });

  it('prefers the Defender XDR table when columns fit a Defender and a Sentinel table alike', () => {
    const defender = knownTableNames().filter((t) => tableInfo(t)?.product === 'Defender XDR');
    const sentinel = knownTableNames().filter((t) => tableInfo(t)?.product === 'Log Analytics');
    // Find a column pair both products share, then check the winner's product.
    const cols = (t: string) => new Set(tableSchema(t)!.columns.map((c) => c.name));
    let pair: string[] | undefined;
    outer: for (const s of sentinel)
      for (const d of defender) {
        const shared = [...cols(s)].filter((c) => cols(d).has(c));
        if (shared.length >= 2) {
          pair = shared.slice(0, 2);
          break outer;
        }
      }
    expect(pair).toBeDefined();
    const d = detectTable(pair!);
    expect(tableInfo(d.best!.table)?.product).toBe('Defender XDR');
  });

  it('nothing fits: no table (too few columns, or columns no table has)', () => {
    expect(detectTable(['Timestamp']).best).toBeUndefined();
    expect(detectTable(['alpha', 'beta', 'gamma']).best).toBeUndefined();
    expect(detectTable([]).best).toBeUndefined();
  });
});

describe('loading a portal export saved under another name', () => {
  const header = defenderColumns('DeviceProcessEvents');
  const row = header.map((c) =>
    c === 'Timestamp' ? '2024-05-01T10:00:00Z' : c === 'DeviceName' ? 'pc1' : c === 'FileName' ? 'a.exe' : '',
  );
  const csv = `${header.join(',')}\n${row.join(',')}\n`;

  it('export (3).csv loads into the table its columns name, and the report says how', async () => {
    const file = join(dir, 'export (3).csv');
    writeFileSync(file, csv);
    const { store, report } = await loadTelemetry([file]);
    expect(store.tableNames()).toEqual(['DeviceProcessEvents']);
    expect(report.files[0]!.tableFromColumns).toEqual({ table: 'DeviceProcessEvents', exact: true, alsoFits: [] });
    expect(report.tables[0]).toMatchObject({ table: 'DeviceProcessEvents', rows: 1, known: true });
  });

  it('the table option wins over the columns', async () => {
    const file = join(dir, 'export (4).csv');
    writeFileSync(file, csv);
    const { store, report } = await loadTelemetry([file], { table: 'DeviceEvents' });
    expect(store.tableNames()).toEqual(['DeviceEvents']);
    expect(report.files[0]!.tableFromColumns).toBeUndefined();
  });

  it('a file named after a table is not second-guessed', async () => {
    const file = join(dir, 'DeviceFileEvents.csv');
    writeFileSync(file, csv);
    const { store, report } = await loadTelemetry([file]);
    expect(store.tableNames()).toEqual(['DeviceFileEvents']);
    expect(report.files[0]!.tableFromColumns).toBeUndefined();
  });

  it('columns that fit no table keep the name the file gives', async () => {
    const file = join(dir, 'my notes.csv');
    writeFileSync(file, 'alpha,beta\n1,2\n');
    const { store } = await loadTelemetry([file]);
    expect(store.tableNames()).toEqual(['my_notes']);
  });
});
