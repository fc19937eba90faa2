/**
 * generateFleet: the synthetic Defender fleet with planted RMM scenarios and their ground truth.
 *
 * Work goes day by day, and within a day device by device: each (day, device) slice is generated,
 * sorted, numbered and streamed out before the next one starts, so memory depends on the fleet
 * size, never on the event count. Every slice draws from its own seeded stream, so output is
 * byte-identical for a seed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDatetime, TICKS_PER_DAY } from '../../kql/engine.js';
import { GENERATOR_MANIFEST, GENERATOR_MARKER } from '../detect.js';
import { fillBackground } from './background.js';
import { bootDevice } from './boot.js';
import { type Device, makeDevice, makeOrg } from './fleet.js';
import {
  type GenerateOptions,
  type GenerateSummary,
  type PlantedSummary,
  type ResolvedOptions,
  resolveOptions,
} from './options.js';
import { type Plant, planPlants } from './plan.js';
import { Rng } from './prng.js';
import { profile } from './rmm-profiles.js';
import { rmmAbuse } from './scenarios/rmm-abuse.js';
import { type PlantedRun, syncroBenign } from './scenarios/syncro-benign.js';
import { FleetSink, GROUND_TRUTH_FILE } from './sink.js';
import { type DeviceState, Slice } from './slice.js';
import { apportion, dayWeight } from './timeline.js';

/** The manifest's name and marker are what loaders recognise it by (src/telemetry/detect.ts). */
export const MANIFEST_FILE = GENERATOR_MANIFEST;

export async function generateFleet(options: GenerateOptions): Promise<GenerateSummary> {
  const o = resolveOptions(options);
  const started = performance.now();
  const root = new Rng(`kqlhunt-fleet:${o.seed}`);
  const org = makeOrg(root.fork('org'));
  const devices = Array.from({ length: o.devices }, (_, i) => makeDevice(o.seed, org, i, root.fork(`device:${i}`)));
  const states = devices.map((d) => deviceState(org, d, o, root));
  const plants = planPlants(
    devices.map((d) => d.role),
    o.days,
    root.fork('plan'),
  );
  const runs = new Map<number, PlantedRun>();
  for (const [i, plant] of plants) runs.set(i, plant.verdict === 'benign' ? syncroBenign(plant) : rmmAbuse(plant));
  const budgets = sliceBudgets(o, devices, org.utcOffsetHours);

  const sink = new FleetSink(o.outDir, o.format, org.tenantId);
  const rows = sink.rowStore();
  const plantedEvents = new Map<string, number>();
  let events = 0;
  let reported = 0;
  try {
    for (let day = 0; day < o.days; day++) {
      const sliceStart = o.start + BigInt(day) * TICKS_PER_DAY;
      for (let i = 0; i < devices.length; i++) {
        const slice = new Slice(
          rows,
          states[i]!,
          root.fork(`slice:${i}:${day}`),
          sliceStart,
          sliceStart + TICKS_PER_DAY,
          day,
          budgets[day * devices.length + i]!,
        );
        fillBackground(slice);
        runs.get(i)?.slice(slice);
        const order = slice.finish();
        for (const { tag } of rows.plantedRows()) {
          const key = `${tag.tool}|${tag.verdict}`;
          plantedEvents.set(key, (plantedEvents.get(key) ?? 0) + 1);
        }
        await sink.write(rows, order, states[i]!);
        events += order.length;
        if (options.onProgress && events - reported >= 50_000) {
          reported = events;
          options.onProgress({ events, targetEvents: o.events, day, days: o.days });
        }
      }
    }
  } finally {
    await sink.close();
  }
  options.onProgress?.({ events, targetEvents: o.events, day: o.days, days: o.days });

  const planted = plantedSummary(plants, devices, plantedEvents);
  const elapsedMs = performance.now() - started;
  const summary: GenerateSummary = {
    outDir: o.outDir,
    format: o.format,
    seed: o.seed,
    devices: o.devices,
    days: o.days,
    start: formatDatetime(o.start),
    end: formatDatetime(o.end),
    totalEvents: events,
    tables: { ...sink.counts },
    files: sink.files,
    groundTruthFile: join(o.outDir, GROUND_TRUTH_FILE),
    groundTruthEvents: sink.groundTruthCount,
    planted,
    cleanDevices: o.devices - plants.size,
    elapsedMs,
    eventsPerSecond: elapsedMs > 0 ? Math.round((events / elapsedMs) * 1000) : 0,
  };
  writeManifest(summary);
  return summary;
}

function deviceState(org: DeviceState['org'], device: Device, o: ResolvedOptions, root: Rng): DeviceState {
  const pidRng = root.fork(`pid:${device.index}`);
  const nextPid = () => 4 * pidRng.int(100, 16_000);
  const boot = bootDevice(device, root.fork(`boot:${device.index}`), o.start, nextPid);
  return { org, device, boot, nextReportId: 1 + pidRng.int(0, 9_999) * 100, nextPid };
}

/** Event budget of every (day, device) slice, day-major, summing exactly to the requested count. */
function sliceBudgets(o: ResolvedOptions, devices: readonly Device[], utcOffsetHours: number): number[] {
  const weights: number[] = [];
  for (let day = 0; day < o.days; day++) {
    const start = o.start + BigInt(day) * TICKS_PER_DAY;
    for (const d of devices)
      weights.push((d.role === 'server' ? 1.3 : 1) * dayWeight(start, utcOffsetHours, d.role === 'server'));
  }
  return apportion(o.events, weights);
}

function plantedSummary(
  plants: ReadonlyMap<number, Plant>,
  devices: readonly Device[],
  events: ReadonlyMap<string, number>,
): PlantedSummary[] {
  const groups = new Map<string, { tool: string; verdict: 'benign' | 'malicious'; devices: string[] }>();
  for (const [i, plant] of [...plants].sort((a, b) => a[0] - b[0])) {
    const tool = profile(plant.key).display;
    const k = `${tool}|${plant.verdict}`;
    const g = groups.get(k) ?? { tool, verdict: plant.verdict, devices: [] };
    g.devices.push(devices[i]!.name);
    groups.set(k, g);
  }
  return [...groups.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([k, g]) => ({ ...g, events: events.get(k) ?? 0 }));
}

/** The deterministic part of the summary, beside the data (hunts replay with now() = end). */
function writeManifest(s: GenerateSummary): void {
  const manifest = {
    generator: GENERATOR_MARKER,
    seed: s.seed,
    format: s.format,
    devices: s.devices,
    days: s.days,
    start: s.start,
    end: s.end,
    totalEvents: s.totalEvents,
    tables: s.tables,
    groundTruthFile: GROUND_TRUTH_FILE,
    groundTruthEvents: s.groundTruthEvents,
    planted: s.planted,
    cleanDevices: s.cleanDevices,
  };
  writeFileSync(join(s.outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}
