/**
 * A server-rendered SVG timeline: one lane per group (a device on the hunt page, a rule on a device
 * page), one bar per finding from first to last seen, and a time axis with ticks and grid lines at
 * round intervals (hours or days, whatever gives about six ticks).
 */
import { type Html, html } from '../html.js';
import type { Finding } from '../model.js';

const ROW = 20;
const LABEL = 260;
const WIDTH = 960;
const RIGHT = 16;
const TOP = 8;
const AXIS = 34;
const MAX_ROWS = 80;

function ms(iso: string): number | undefined {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : undefined;
}

/** "Remote Management and Monitoring tool - X - Network Connection" → "X - Network Connection". */
function shortRule(name: string): string {
  const parts = name.split(' - ');
  return parts.length > 2 ? parts.slice(1).join(' - ') : name;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
const STEPS = [
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
  48 * HOUR,
  7 * 24 * HOUR,
  30 * 24 * HOUR,
];

/** Round tick instants between min and max (UTC-aligned). */
export function ticks(min: number, max: number, want = 6): number[] {
  const step = STEPS.find((s) => (max - min) / s <= want) ?? STEPS[STEPS.length - 1]!;
  const out: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max && out.length < 50; t += step) out.push(t);
  return out;
}

function tickLabel(t: number, span: number): string {
  const iso = new Date(t).toISOString();
  return span > 2 * 24 * HOUR ? iso.slice(5, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

export type TimelineGroup = 'device' | 'rule';

export function timeline(findings: readonly Finding[], group: TimelineGroup = 'device'): Html {
  const timed = findings
    .map((f) => ({ f, a: ms(f.firstSeen), b: ms(f.lastSeen) }))
    .filter((x): x is { f: Finding; a: number; b: number } => x.a !== undefined && x.b !== undefined);
  if (timed.length === 0) return html`<p class="muted">No timed findings to chart.</p>`;
  const keyOf = (f: Finding) => (group === 'device' ? f.deviceName : shortRule(f.ruleName));
  const lanes = new Map<string, typeof timed>();
  for (const it of timed.sort((x, y) => x.a - y.a)) {
    const k = keyOf(it.f);
    const lane = lanes.get(k);
    if (lane) lane.push(it);
    else lanes.set(k, [it]);
  }
  // Lanes in order of first activity; each lane's findings on rows of their own, label on the first.
  const rows: { label: string; first: boolean; it: (typeof timed)[number] }[] = [];
  for (const [label, list] of [...lanes.entries()].sort((x, y) => x[1][0]!.a - y[1][0]!.a))
    list.forEach((it, i) => {
      rows.push({ label, first: i === 0, it });
    });
  const shown = rows.slice(0, MAX_ROWS);
  const min = Math.min(...shown.map((r) => r.it.a));
  const max = Math.max(...shown.map((r) => r.it.b), min + 10 * MINUTE);
  const span = WIDTH - LABEL - RIGHT;
  const x = (t: number) => LABEL + ((t - min) / (max - min)) * span;
  const plotBottom = TOP + shown.length * ROW;
  const height = plotBottom + AXIS;
  const grid = ticks(min, max).map(
    (
      t,
    ) => html`<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${TOP}" y2="${plotBottom + 4}" class="tl-grid"></line>
<text x="${x(t).toFixed(1)}" y="${plotBottom + 18}" class="tl-axis" text-anchor="middle">${tickLabel(t, max - min)}</text>`,
  );
  const bars = shown.map((r, i) => {
    const y = TOP + i * ROW;
    const x1 = x(r.it.a);
    const w = Math.max(4, x(r.it.b) - x1);
    const what = group === 'device' ? shortRule(r.it.f.ruleName) : r.it.f.deviceName;
    const label = r.first ? (r.label.length > 36 ? `${r.label.slice(0, 35)}…` : r.label) : '';
    return html`<g><title>${r.label} · ${what}: ${r.it.f.firstSeen} → ${r.it.f.lastSeen} (${r.it.f.count} events)</title>
${r.first && i > 0 ? html`<line x1="0" x2="${WIDTH}" y1="${y}" y2="${y}" class="tl-sep"></line>` : ''}
<text x="4" y="${y + 14}" class="tl-label">${label}</text>
<rect x="${x1.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${ROW - 8}" rx="3" class="tl-bar tl-${r.it.f.triage}"></rect></g>`;
  });
  return html`<figure class="timeline"><div class="tl-scroll"><svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Timeline of ${shown.length} findings in ${lanes.size} ${group === 'device' ? 'devices' : 'rules'} from ${new Date(min).toISOString()} to ${new Date(max).toISOString()}">
${grid}
<line x1="${LABEL}" x2="${WIDTH - RIGHT}" y1="${plotBottom + 4}" y2="${plotBottom + 4}" class="tl-axisline"></line>
${bars}
<text x="${WIDTH - RIGHT}" y="${height - 2}" class="tl-axis" text-anchor="end">UTC</text>
</svg></div><figcaption>First to last seen per finding, one lane per ${group}${rows.length > MAX_ROWS ? html` (first ${MAX_ROWS} of ${rows.length})` : ''}; bars coloured by triage state.</figcaption></figure>`;
}
