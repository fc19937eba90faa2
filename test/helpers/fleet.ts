import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFleet } from '../../src/telemetry/generate/index.js';

/**
 * A new temporary folder (`dir`, for the test to remove) holding a generated fleet in `fleet/`:
 * 20 devices, 30,000 events over 5 days to 2024-05-01 — enough for the RMM pack to find things
 * and for loads to take the parallel and cached paths.
 */
export async function tempFleet(prefix: string, seed: string): Promise<{ dir: string; fleet: string }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const fleet = join(dir, 'fleet');
  await generateFleet({ outDir: fleet, devices: 20, events: 30_000, days: 5, end: '2024-05-01T00:00:00Z', seed });
  return { dir, fleet };
}
