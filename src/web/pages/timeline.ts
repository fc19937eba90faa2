/** A server-rendered SVG timeline: one bar per finding from first to last seen. */
import { type Html, html } from '../html.js';
import type { Finding } from '../model.js';

const ROW = 22;
const LABEL = 300;
const WIDTH = 900;
const MAX_ROWS = 60;

function ms(iso: string): number | undefined {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : undefined;
}

/** "Remote Management and Monitoring tool - X - Network Connection" → "X - Network Connection". */
function shortRule(name: string): string {
  const parts = name.split(' - ');
  return parts.length > 2 ? parts.slice(1).join(' - ') : name;
}

export function timeline(findings: readonly Finding[]): Html {
  const items = findings
    .map((f) => ({ f, a: ms(f.firstSeen), b: ms(f.lastSeen) }))
    .filter((x): x is { f: Finding; a: number; b: number } => x.a !== undefined && x.b !== undefined)
    .sort((x, y) => x.a - y.a)
    .slice(0, MAX_ROWS);
  if (items.length === 0) return html`<p class="muted">No timed findings to chart.</p>`;
  const min = Math.min(...items.map((x) => x.a));
  const max = Math.max(...items.map((x) => x.b), min + 1);
  const span = WIDTH - LABEL - 10;
  const x = (t: number) => LABEL + ((t - min) / (max - min)) * span;
  const height = items.length * ROW + 30;
  const bars = items.map((it, i) => {
    const y = i * ROW + 4;
    const x1 = x(it.a);
    const w = Math.max(3, x(it.b) - x1);
    const label = `${it.f.deviceName.split('.')[0]} · ${shortRule(it.f.ruleName)}`;
    return html`<g><title>${label}: ${it.f.firstSeen} → ${it.f.lastSeen} (${it.f.count})</title>
<text x="4" y="${y + 14}" class="tl-label">${label.length > 38 ? `${label.slice(0, 37)}…` : label}</text>
<rect x="${x1.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${ROW - 8}" rx="3" class="tl-bar"></rect></g>`;
  });
  const axisY = items.length * ROW + 20;
  return html`<figure class="timeline"><svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Timeline of ${items.length} findings from ${new Date(min).toISOString()} to ${new Date(max).toISOString()}">
${bars}
<text x="${LABEL}" y="${axisY}" class="tl-axis">${new Date(min).toISOString().slice(0, 16)}</text>
<text x="${WIDTH - 10}" y="${axisY}" class="tl-axis" text-anchor="end">${new Date(max).toISOString().slice(0, 16)}</text>
</svg><figcaption>First to last seen per finding${findings.length > MAX_ROWS ? html` (first ${MAX_ROWS} of ${findings.length})` : ''}.</figcaption></figure>`;
}
