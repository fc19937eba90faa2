import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSmall, removeFleet } from './helpers.js';

describe('generateFleet determinism', () => {
  let a: string;
  let b: string;
  let c: string;
  beforeAll(async () => {
    const opts = { devices: 15, events: 4_000, days: 3 };
    a = (await generateSmall(opts)).dir;
    b = (await generateSmall(opts)).dir;
    c = (await generateSmall({ ...opts, seed: 'another-seed' })).dir;
  });
  afterAll(() => {
    for (const d of [a, b, c]) removeFleet(d);
  });

  it('writes byte-identical files for the same seed', () => {
    const files = readdirSync(a).sort();
    expect(files).toEqual(readdirSync(b).sort());
    expect(files).toContain('ground_truth.json');
    expect(files).toContain('DeviceProcessEvents.ndjson');
    for (const f of files) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
  });

  it('writes different data for a different seed', () => {
    for (const f of ['DeviceProcessEvents.ndjson', 'DeviceNetworkEvents.ndjson', 'ground_truth.json']) {
      expect(readFileSync(join(a, f)).equals(readFileSync(join(c, f))), f).toBe(false);
    }
  });
});
