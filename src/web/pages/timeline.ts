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
  // Lanes in order of first activity. By device (a hunt: many findings) each device is one row
  // with its findings' bars overlaid; by rule (one device: few findings) each finding has a row.
  type Item = (typeof timed)[number];
  const rows: { label: string; first: boolean; items: Item[] }[] = [];
  for (const [label, list] of [...lanes.entries()].sort((x, y) => x[1][0]!.a - y[1][0]!.a)) {
    if (group === 'device') rows.push({ label: `${label.split('.')[0]} (${list.length})`, first: true, items: list });
    else
      list.forEach((it, i) => {
        rows.push({ label, first: i === 0, items: [it] });
      });
  }
  const shown = rows.slice(0, MAX_ROWS);
  const all = shown.flatMap((r) => r.items);
  const min = Math.min(...all.map((it) => it.a));
  const max = Math.max(...all.map((it) => it.b), min + 10 * MINUTE);
  const span = WIDTH - LABEL - RIGHT;
  const x = (t: number) => LABEL + ((t - min) / (max - min)) * span;
  const plotBottom = TOP + shown.length * ROW;
  const height = plotBottom + AXIS;
  const grid = ticks(min, max).map(
    (
      t,
    ) => html`<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${TOP}" y2="${plotBottom + 4}" class="tl-grid"></line>
<text x="${x(t).toFixed(1)}" y="${plotBottom + 18}" class="tl-axis" text-anchor="${x(t) > WIDTH - RIGHT - 40 ? 'end' : 'middle'}">${tickLabel(t, max - min)}</text>`,
  );
  const bars = shown.map((r, i) => {
    const y = TOP + i * ROW;
    const label = r.first ? (r.label.length > 36 ? `${r.label.slice(0, 35)}…` : r.label) : '';
    return html`<g>
${r.first && i > 0 ? html`<line x1="0" x2="${WIDTH}" y1="${y}" y2="${y}" class="tl-sep"></line>` : ''}
<text x="4" y="${y + 14}" class="tl-label">${label}</text>
${r.items.map((it) => {
  const x1 = x(it.a);
  const w = Math.max(4, x(it.b) - x1);
  const what = group === 'device' ? shortRule(it.f.ruleName) : it.f.deviceName;
  return html`<rect x="${x1.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${ROW - 8}" rx="3" class="tl-bar tl-${it.f.triage}${r.items.length > 1 ? ' tl-multi' : ''}"><title>${keyOf(it.f)} · ${what}: ${it.f.firstSeen} → ${it.f.lastSeen} (${it.f.count} events)</title></rect>`;
})}</g>`;
  });
  return html`<figure class="timeline"><div class="tl-scroll"><svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Timeline of ${all.length} findings in ${lanes.size} ${group === 'device' ? 'devices' : 'rules'} from ${new Date(min).toISOString()} to ${new Date(max).toISOString()}">
${grid}
<line x1="${LABEL}" x2="${WIDTH - RIGHT}" y1="${plotBottom + 4}" y2="${plotBottom + 4}" class="tl-axisline"></line>
${bars}
<text x="${WIDTH - RIGHT}" y="${height - 2}" class="tl-axis" text-anchor="end">UTC</text>
</svg></div><figcaption>First to last seen per finding, ${group === 'device' ? 'one row per device (bars overlap where several rules found it at once)' : 'one row per finding'}${rows.length > MAX_ROWS ? html` (first ${MAX_ROWS} of ${rows.length} rows)` : ''}; bars coloured by triage state.</figcaption></figure>`;
}
