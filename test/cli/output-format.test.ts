/** Unit tests of the CLI's output writers (no engine involved: tables are built directly). */
import { describe, expect, it } from 'vitest';
import { caretLine, formatDiagnosticsText, toJsonDiagnostic } from '../../src/cli/diagnostics-output.js';
import { parseBatchLine } from '../../src/cli/io.js';
import { displayCell, formatCsv, formatTextTable, toJsonResult } from '../../src/cli/result-output.js';
import type { Diagnostic } from '../../src/kql/diagnostics.js';
import { tableFromRows } from '../../src/kql/exec/table.js';
import { parseDatetime } from '../../src/kql/values.js';

const diag = (over: Partial<Diagnostic>): Diagnostic => ({
  code: 'KQL302',
  severity: 'error',
  message: "Column 'FileNam' is not in DeviceProcessEvents; did you mean 'FileName'?",
  line: 2,
  column: 9,
  length: 7,
  offset: 0,
  ...over,
});

describe('diagnostic text', () => {
  it('prints file:line:col, the source line and a caret under the span', () => {
    const text = 'DeviceProcessEvents\n| where FileNam == "x"';
    expect(formatDiagnosticsText([diag({})], 'rule.kql', text)).toBe(
      `rule.kql:2:9: error KQL302: Column 'FileNam' is not in DeviceProcessEvents; did you mean 'FileName'?\n` +
        '| where FileNam == "x"\n' +
        '        ^~~~~~~\n',
    );
  });

  it('keeps tabs in the caret padding and clips the underline at the line end', () => {
    expect(caretLine('\tab', 2, 10)).toBe('\t^~');
    expect(caretLine('abc', 4, 0)).toBe('   ^');
  });

  it('JSON diagnostics carry exactly the contract fields', () => {
    expect(toJsonDiagnostic(diag({ offset: 99 }))).toEqual({
      code: 'KQL302',
      severity: 'error',
      message: diag({}).message,
      line: 2,
      column: 9,
      length: 7,
    });
  });
});

describe('result writers', () => {
  const t = tableFromRows(
    [
      { name: 'When', type: 'datetime' },
      { name: 'Name', type: 'string' },
      { name: 'N', type: 'long' },
      { name: 'R', type: 'real' },
      { name: 'D', type: 'dynamic' },
    ],
    [
      [parseDatetime('2024-01-01')!, 'a,b', 10, Number.NaN, { k: [1, 2] }],
      [null, 'line1\nline2', null, Number.NEGATIVE_INFINITY, null],
    ],
  );

  it('JSON cells follow the contract', () => {
    expect(toJsonResult(t)).toEqual({
      columns: [
        { name: 'When', type: 'datetime' },
        { name: 'Name', type: 'string' },
        { name: 'N', type: 'long' },
        { name: 'R', type: 'real' },
        { name: 'D', type: 'dynamic' },
      ],
      rows: [
        ['2024-01-01T00:00:00.0000000Z', 'a,b', 10, 'NaN', { k: [1, 2] }],
        [null, 'line1\nline2', null, '-Infinity', null],
      ],
    });
  });

  it('CSV quotes commas, quotes and newlines and ends lines with CRLF', () => {
    expect(formatCsv(t)).toBe(
      'When,Name,N,R,D\r\n2024-01-01T00:00:00.0000000Z,"a,b",10,NaN,"{""k"":[1,2]}"\r\n,"line1\nline2",,-Infinity,\r\n',
    );
  });

  it('text table: aligned, numbers right-aligned, newlines escaped, footer', () => {
    const lines = formatTextTable(t, 60).split('\n');
    expect(lines[0]).toBe('When                          Name           N          R  D');
    expect(lines[2]).toBe('2024-01-01T00:00:00.0000000Z  a,b           10        NaN  {"k":[1,2]}');
    expect(lines[3]).toBe('                              line1\\nline2      -Infinity');
    expect(lines[4]).toBe('(2 rows)');
  });

  it('wide cells are cut with an ellipsis', () => {
    expect(displayCell('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(displayCell('short', 10)).toBe('short');
  });
});

describe('batch input lines', () => {
  it('accepts {"id","query"} and explains unusable lines', () => {
    expect(parseBatchLine('{"id":"a","query":"print 1"}', 1)).toEqual({ ok: true, id: 'a', query: 'print 1' });
    expect(parseBatchLine('{"query":"print 1"}', 1)).toEqual({ ok: true, id: null, query: 'print 1' });
    expect(parseBatchLine('[1]', 3)).toMatchObject({ ok: false, reason: expect.stringContaining('line 3') });
    expect(parseBatchLine('{"id":5,"query":1}', 4)).toMatchObject({ ok: false, id: 5 });
    expect(parseBatchLine('{', 5)).toMatchObject({ ok: false, id: null });
  });
});
