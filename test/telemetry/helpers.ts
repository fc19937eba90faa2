import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Table } from '../../src/kql/exec/table.js';

export function tmpDir(): string {
  return mkdtempSync(join(tmpdir(), 'kqlhunt-tel-'));
}

export function writeFile(dir: string, name: string, content: string | Buffer, gzip = false): string {
  const p = join(dir, name);
  writeFileSync(p, gzip ? gzipSync(content) : content);
  return p;
}

/** Row `r` of a table as an object, leaving out empty strings and nulls. */
export function rowObject(t: Table, r: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  t.schema.columns.forEach((c, i) => {
    const v = t.columns[i]!.get(r);
    if (v !== '' && v !== null) out[c.name] = v;
  });
  return out;
}

export function column(t: Table, name: string): unknown[] {
  const i = t.schema.columns.findIndex((c) => c.name === name);
  if (i < 0) throw new Error(`no column ${name}`);
  return Array.from({ length: t.rowCount }, (_, r) => t.columns[i]!.get(r));
}
