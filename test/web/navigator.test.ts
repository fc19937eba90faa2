/**
 * The Navigator layer export against the layer format 4.5: required fields and their types, the
 * versions block, and every technique id existing in the bundled ATT&CK data (and in the shared
 * STIX-derived file the data was generated from).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { technique } from '../../src/data/attack.generated.js';
import { SHARED_DIR } from '../helpers/shared-data.js';
import { testServer } from './helpers.js';

let app: FastifyInstance;
beforeAll(async () => {
  ({ app } = await testServer());
});
afterAll(async () => {
  await app.close();
});

const HEX = /^#[0-9a-fA-F]{6}$/;

/** Problems of a layer against the 4.5 format (empty when valid). */
function layerProblems(layer: Record<string, unknown>, knownIds: ReadonlySet<string>): string[] {
  const p: string[] = [];
  const need = (cond: boolean, what: string) => {
    if (!cond) p.push(what);
  };
  need(typeof layer.name === 'string' && layer.name.length > 0, 'name is a non-empty string');
  const v = layer.versions as Record<string, unknown> | undefined;
  need(!!v && typeof v === 'object', 'versions is an object');
  need(v?.layer === '4.5', 'versions.layer is "4.5"');
  need(
    typeof v?.navigator === 'string' && /^\d+\.\d+(\.\d+)?$/.test(v.navigator as string),
    'versions.navigator is a version',
  );
  need(typeof v?.attack === 'string' && /^\d+(\.\d+)?$/.test(v.attack as string), 'versions.attack is a version');
  need(layer.domain === 'enterprise-attack', 'domain is enterprise-attack');
  need(Array.isArray(layer.techniques), 'techniques is an array');
  for (const t of (layer.techniques as Record<string, unknown>[]) ?? []) {
    const id = String(t.techniqueID);
    need(/^T\d{4}(\.\d{3})?$/.test(id), `techniqueID ${id} is an ATT&CK id`);
    need(knownIds.has(id), `techniqueID ${id} exists in ATT&CK`);
    need(typeof t.score === 'number' && Number.isFinite(t.score), `${id} score is a number`);
    need(t.color === undefined || (typeof t.color === 'string' && HEX.test(t.color)), `${id} color is #rrggbb`);
    need(typeof t.comment === 'string', `${id} comment is a string`);
    need(t.enabled === undefined || typeof t.enabled === 'boolean', `${id} enabled is boolean`);
  }
  const g = layer.gradient as Record<string, unknown> | undefined;
  need(
    !!g &&
      Array.isArray(g.colors) &&
      (g.colors as unknown[]).length >= 2 &&
      (g.colors as unknown[]).every((c) => typeof c === 'string' && HEX.test(c)),
    'gradient.colors are ≥2 hex colours',
  );
  need(
    typeof g?.minValue === 'number' &&
      typeof g?.maxValue === 'number' &&
      (g.minValue as number) <= (g.maxValue as number),
    'gradient min ≤ max',
  );
  need(Array.isArray(layer.legendItems), 'legendItems is an array');
  for (const l of (layer.legendItems as Record<string, unknown>[]) ?? []) {
    need(
      typeof l.label === 'string' && typeof l.color === 'string' && HEX.test(l.color),
      'legend item has label and colour',
    );
  }
  return p;
}

function sharedTechniqueIds(): Set<string> {
  const data = JSON.parse(readFileSync(join(SHARED_DIR, 'data/attack_enterprise.json'), 'utf8')) as unknown;
  const ids = new Set<string>();
  // Walk the file for technique ids whatever its nesting (it lists techniques with an `id` field).
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      for (const [k, v] of Object.entries(x)) {
        if (
          (k === 'id' || k === 'external_id' || k === 'technique_id') &&
          typeof v === 'string' &&
          /^T\d{4}(\.\d{3})?$/.test(v)
        )
          ids.add(v);
        walk(v);
      }
    }
  };
  walk(data);
  return ids;
}

describe('ATT&CK Navigator layer export', () => {
  it('validates against the 4.5 layer format and real technique ids', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/coverage/navigator-layer' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('attachment');
    const layer = res.json() as Record<string, unknown>;
    const shared = sharedTechniqueIds();
    expect(shared.size).toBeGreaterThan(500);
    expect(layerProblems(layer, shared)).toEqual([]);
    const t1219 = (layer.techniques as { techniqueID: string; score: number }[]).find((t) => t.techniqueID === 'T1219');
    expect(t1219?.score).toBeGreaterThanOrEqual(489);
    expect(technique('T1219')).toBeDefined();
  });

  it('the checker rejects broken layers', () => {
    const known = new Set(['T1219']);
    expect(layerProblems({}, known).length).toBeGreaterThan(5);
    const bad = {
      name: 'x',
      versions: { layer: '4.4', navigator: '5.1.0', attack: '18' },
      domain: 'enterprise-attack',
      techniques: [{ techniqueID: 'T9999', score: 1, comment: '' }],
      gradient: { colors: ['#fff'], minValue: 0, maxValue: 1 },
      legendItems: [],
    };
    expect(layerProblems(bad, known)).toEqual([
      'versions.layer is "4.5"',
      'techniqueID T9999 exists in ATT&CK',
      'gradient.colors are ≥2 hex colours',
    ]);
  });

  it('the loaded-data and findings toggles narrow the layer', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/coverage/navigator-layer?loaded=1&findings=1' });
    const layer = res.json() as { techniques: { score: number }[]; description: string };
    expect(layer.description).toContain('with findings');
    expect(layer.techniques.every((t) => t.score >= 1)).toBe(true);
  });
});
