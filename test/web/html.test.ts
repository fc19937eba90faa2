import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw, safeUrl } from '../../src/web/html.js';

describe('html helper', () => {
  it('escapes every interpolation by default', () => {
    const evil = `<script>alert("x")</script>' onerror=\`y\``;
    const out = html`<p title="${evil}">${evil}</p>`.value;
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onerror=&#96;y&#96;');
  });

  it('passes nested Html and raw() through, flattens arrays, drops null/false', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<div>${[inner, raw('<hr>'), null, false, undefined, 3]}</div>`.value).toBe(
      '<div><b>&lt;i&gt;</b><hr>3</div>',
    );
  });

  it('escapeHtml covers the five XML specials and the backtick', () => {
    expect(escapeHtml(`&<>"'\``)).toBe('&amp;&lt;&gt;&quot;&#39;&#96;');
  });

  it('safeUrl keeps http(s) and same-site paths, neutralises script and protocol-relative URLs', () => {
    expect(safeUrl('https://github.com/x')).toBe('https://github.com/x');
    expect(safeUrl('/rules/a')).toBe('/rules/a');
    for (const bad of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:text/html,x',
      '//evil.example/',
      '/\\evil',
      'vbscript:x',
    ]) {
      expect(safeUrl(bad)).toBe('#');
    }
  });
});
