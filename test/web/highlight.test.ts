import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/kql/diagnostics.js';
import { highlightKql } from '../../src/web/highlight.js';

const textOf = (markup: string) =>
  markup
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/&amp;/g, '&');

describe('highlightKql', () => {
  it('classifies keywords, strings, functions, comments and keeps the text identical', () => {
    const q = "// c\nT | where A has 'x' | summarize count() by B";
    const out = highlightKql(q).value;
    expect(out).toContain('<span class="k-cmt">// c</span>');
    expect(out).toContain('<span class="k-kw">where</span>');
    expect(out).toContain('<span class="k-str">&#39;x&#39;</span>');
    expect(out).toContain('<span class="k-fn">count</span>');
    expect(textOf(out)).toBe(q);
  });

  it('escapes markup inside strings and comments', () => {
    const q = `// </code><script>alert(1)</script>\nT | where A == "<img src=x onerror=alert(2)>"`;
    const out = highlightKql(q).value;
    expect(out).not.toMatch(/<script|<img/);
    expect(textOf(out)).toBe(q);
  });

  it('marks diagnostic spans with their code and message', () => {
    const d: Diagnostic = {
      code: 'KQL301',
      severity: 'error',
      message: 'Unknown <column>',
      line: 1,
      column: 11,
      length: 3,
      offset: 10,
    };
    const out = highlightKql('T | where Foo == 1', [d]).value;
    expect(out).toMatch(/<mark class="diag diag-error" title="KQL301: Unknown &lt;column&gt;">.*Foo.*<\/mark>/);
  });

  it('shows a point diagnostic at the end of the text', () => {
    const d: Diagnostic = {
      code: 'KQL203',
      severity: 'error',
      message: 'Missing',
      line: 1,
      column: 10,
      length: 0,
      offset: 9,
    };
    expect(highlightKql('T | where', [d]).value).toMatch(/<mark class="diag diag-error"[^>]*> <\/mark>$/);
  });
});
