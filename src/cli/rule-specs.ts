/**
 * `--rules` values as users type them. Shell completion turns `rmm` into `rmm/` when a directory
 * of that name is nearby, and people copy `rmm/` from the docs; when no such local path exists
 * the spec still means the bundled pack. A local `rmm/` that does exist is a path and wins.
 */
import { existsSync } from 'node:fs';
import { bundledPack } from '../hunts/index.js';

const PACK_WITH_SLASH = /^([A-Za-z0-9][\w-]*)[/\\]+$/;

export function normalizeRuleSpec(spec: string): string {
  const m = PACK_WITH_SLASH.exec(spec);
  if (!m || existsSync(spec)) return spec;
  const name = m[1]!;
  return bundledPack(name) !== undefined ? name : spec;
}

export function normalizeRuleSpecs(specs: readonly string[]): string[] {
  return specs.map(normalizeRuleSpec);
}
