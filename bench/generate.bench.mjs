/**
 * Fleet generator throughput: `generateFleet` at 1M events (NDJSON, 100 devices, 7 days) into
 * bench/.cache/ (removed afterwards: ~2 GB). Reports events per second (wall clock and per CPU
 * second, which is steadier on a busy machine), output bytes per event, peak RSS — memory must
 * not grow with the event count — and the share of wall time spent in garbage collection (rows kept
 * alive across young-generation collections once made it a third; see docs/generator.md).
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

export const name = 'generate';

const EVENTS = Number(process.env.KQLHUNT_BENCH_GEN_EVENTS ?? 1_000_000);

export async function run(ctx) {
  const { generateFleet } = await import(pathToFileURL(join(ctx.dist, 'telemetry', 'generate', 'index.js')).href);
  const cache = join(ctx.root, 'bench', '.cache');
  mkdirSync(cache, { recursive: true });
  writeFileSync(join(cache, '.gitignore'), '*\n');
  const outDir = join(cache, 'generate-bench');
  rmSync(outDir, { recursive: true, force: true });
  let gcMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMs += e.duration;
  });
  gc.observe({ entryTypes: ['gc'] });
  const cpu0 = process.cpuUsage();
  try {
    const s = await generateFleet({
      outDir,
      events: EVENTS,
      devices: 100,
      days: 7,
      seed: 'bench',
      end: '2024-06-10T00:00:00Z',
    });
    const cpu = process.cpuUsage(cpu0);
    gc.disconnect();
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const bytes = readdirSync(outDir).reduce((n, f) => n + statSync(join(outDir, f)).size, 0);
    const note = `${s.totalEvents.toLocaleString('en-US')} events, NDJSON`;
    return [
      { metric: 'events/s (wall)', value: s.eventsPerSecond, unit: 'events/s', note },
      { metric: 'events/s (per CPU second)', value: s.totalEvents / cpuSeconds, unit: 'events/s', note },
      { metric: 'output', value: bytes / s.totalEvents, unit: 'B/event' },
      { metric: 'peak RSS', value: process.resourceUsage().maxRSS / 1024, unit: 'MB' },
      { metric: 'GC time', value: (gcMs / s.elapsedMs) * 100, unit: '% of wall' },
    ];
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
