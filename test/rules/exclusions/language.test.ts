import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileExclusion,
  fieldMapOf,
  parseExclusion,
  resolveField,
  TABLE_FIELD_MAP,
} from '../../../src/rules/exclusions/index.js';
import { tableSchema } from '../../../src/telemetry/schemas.js';

function compile(text: string, table = 'DeviceProcessEvents') {
  const p = parseExclusion(text);
  if (!p.expr) throw new Error(JSON.stringify(p.diagnostics));
  return compileExclusion(text, p.expr, table);
}

describe('exclusion language: parsing', () => {
  it('parses every operator, precedence and parentheses', () => {
    const p = parseExclusion('not a == "x" or b contains "y" and (c in ("1", "2") or d matches regex "^z")');
    expect(p.diagnostics).toEqual([]);
    expect(p.expr?.kind).toBe('Or');
    if (p.expr?.kind !== 'Or') return;
    expect(p.expr.left.kind).toBe('Not');
    expect(p.expr.right.kind).toBe('And');
  });

  it('keeps backslashes in Windows paths and decodes \\" and \\\\', () => {
    const p = parseExclusion('file.path startswith "C:\\Windows\\" or file.name == "a\\"b"');
    // a backslash right before the closing quote escapes it, so this string never closes
    expect(p.diagnostics.length).toBeGreaterThan(0);
    const ok = parseExclusion('file.path startswith "C:\\Windows\\System32" and file.name == "a\\"b\\\\"');
    expect(ok.diagnostics).toEqual([]);
    const k = compileExclusion(ok.text, ok.expr!, 'DeviceFileEvents').kql;
    expect(k).toBe('FolderPath startswith "C:\\\\Windows\\\\System32" and FileName =~ "a\\"b\\\\"');
  });

  it.each([
    ['process.name ==', 'EXC201', 1, 16],
    ['process.name = "a"', 'EXC103', 1, 14],
    ['process.name == "a', 'EXC101', 1, 17],
    ['(process.name == "a"', 'EXC201', 1, 21],
    ['process.name == "a" "b"', 'EXC202', 1, 21],
    ['', 'EXC203', 1, 1],
    ['process.name in ()', 'EXC205', 1, 17],
    ['process.name matches regex "(unclosed"', 'EXC403', 1, 28],
    ['process.name == "a" and\n  # "b"', 'EXC102', 2, 3],
  ])('reports %j as %s at %i:%i', (text, code, line, column) => {
    const p = parseExclusion(text);
    expect(p.expr).toBeUndefined();
    const d = p.diagnostics.find((x) => x.code === code);
    expect(d, JSON.stringify(p.diagnostics)).toBeDefined();
    expect([d?.line, d?.column]).toEqual([line, column]);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const p = parseExclusion(s);
        expect(p.expr !== undefined || p.diagnostics.length > 0).toBe(true);
      }),
      { numRuns: 500 },
    );
    const deep = `${'('.repeat(200)}a == "b"${')'.repeat(200)}`;
    expect(parseExclusion(deep).diagnostics.map((d) => d.code)).toContain('EXC204');
  });
});

describe('exclusion language: compilation', () => {
  it('compiles string comparisons to case-insensitive KQL', () => {
    expect(compile('process.name == "A.exe"').kql).toBe('FileName =~ "A.exe"');
    expect(compile('process.name != "A.exe"').kql).toBe('FileName !~ "A.exe"');
    expect(compile('process.name in ("a.exe", "b.exe")').kql).toBe('FileName in~ ("a.exe", "b.exe")');
    expect(compile('process.name not in ("a.exe")').kql).toBe('FileName !in~ ("a.exe")');
    expect(compile('process.command_line contains "x"').kql).toBe('ProcessCommandLine contains "x"');
    expect(compile('process.executable startswith "C:\\x"').kql).toBe('FolderPath startswith "C:\\\\x"');
    expect(compile('process.executable endswith ".exe"').kql).toBe('FolderPath endswith ".exe"');
    expect(compile('process.name matches regex "^a.*"').kql).toBe('FileName matches regex "(?i)^a.*"');
    expect(compile('not (user.name == "x" or host.name == "y")').kql).toBe(
      'not((AccountName =~ "x" or DeviceName =~ "y"))',
    );
  });

  it('guards numeric comparisons so a null never drops a row', () => {
    expect(compile('destination.port == 443', 'DeviceNetworkEvents').kql).toBe(
      '(isnotnull(RemotePort) and RemotePort == 443)',
    );
    const bad = compile('destination.port == "443"', 'DeviceNetworkEvents');
    expect(bad.kql).toBeUndefined();
    expect(bad.diagnostics[0]?.code).toBe('EXC401');
    expect(compile('destination.port contains "4"', 'DeviceNetworkEvents').diagnostics[0]?.code).toBe('EXC402');
  });

  it('maps generic fields per table: created process vs initiating process', () => {
    expect(resolveField('DeviceProcessEvents', 'process.parent_process_name')?.column).toBe(
      'InitiatingProcessFileName',
    );
    expect(resolveField('DeviceProcessEvents', 'process.name')?.column).toBe('FileName');
    expect(resolveField('DeviceProcessEvents', 'process.command_line')?.column).toBe('ProcessCommandLine');
    expect(resolveField('DeviceNetworkEvents', 'process.name')?.column).toBe('InitiatingProcessFileName');
    expect(resolveField('DeviceNetworkEvents', 'process.parent_process_name')?.column).toBe(
      'InitiatingProcessParentFileName',
    );
    expect(resolveField('DeviceNetworkEvents', 'destination.domain')?.column).toBe('RemoteUrl');
    expect(resolveField('DeviceRegistryEvents', 'registry.key')?.column).toBe('RegistryKey');
    expect(resolveField('DeviceFileCertificateInfo', 'file.signer')?.column).toBe('Signer');
    expect(resolveField('DeviceNetworkEvents', 'PROCESS.PARENT.NAME')?.column).toBe('InitiatingProcessParentFileName');
    expect(resolveField('DeviceNetworkEvents', 'InitiatingProcessCommandLine')?.shape).toBe('command-line');
    // no parent command line outside DeviceProcessEvents
    expect(resolveField('DeviceNetworkEvents', 'process.parent_command_line')).toBeUndefined();
    const unknown = compile('process.parent_comand_line contains "x"');
    expect(unknown.diagnostics[0]?.code).toBe('EXC301');
    expect(unknown.diagnostics[0]?.message).toContain("did you mean 'process.parent_command_line'");
  });

  it('maps only to real columns; the shared initiating-process set has known gaps', () => {
    const missing: string[] = [];
    for (const [table, maps] of Object.entries(TABLE_FIELD_MAP)) {
      const columns = new Set(tableSchema(table)?.columns.map((c) => c.name));
      for (const m of maps)
        for (const column of Object.values(m)) if (!columns.has(column)) missing.push(`${table}.${column}`);
      for (const column of fieldMapOf(table).values()) expect(columns.has(column), `${table}.${column}`).toBe(true);
      expect(fieldMapOf(table).get('host.name')).toBe('DeviceName');
    }
    expect(missing.sort()).toEqual([
      'DeviceEvents.InitiatingProcessIntegrityLevel',
      'DeviceFileCertificateInfo.ActionType',
      'DeviceInfo.ActionType',
      'DeviceNetworkInfo.ActionType',
    ]);
    expect(resolveField('DeviceEvents', 'process.integrity_level')).toBeUndefined();
  });
});
