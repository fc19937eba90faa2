/**
 * parse_user_agent(): user-agent strings interpreted with the ua-parser project's pattern data
 * (the `uap-core` package, regexes.yaml, loaded once on first use), following its specification:
 * the first matching pattern of each list wins, `*_replacement` values override captures and may
 * refer to them as $1…$9, and nothing matching gives the family "Other". The patterns run on RE2
 * (linear time), like every regex on untrusted text here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { RE2JS } from 're2js';
import { parse as parseYaml } from 'yaml';
import type { KqlDynamic } from '../types.js';
import { isArray, stringConv } from './coerce.js';
import { type Compile, defineAll } from './define.js';

interface Pattern {
  readonly re: RE2JS;
  readonly replacements: Readonly<Record<string, string>>;
}

interface Patterns {
  readonly browser: readonly Pattern[];
  readonly os: readonly Pattern[];
  readonly device: readonly Pattern[];
}

let loaded: Patterns | undefined;

function patterns(): Patterns {
  if (loaded) return loaded;
  const file = createRequire(import.meta.url).resolve('uap-core/regexes.yaml');
  const data = parseYaml(readFileSync(file, 'utf8')) as Record<string, Record<string, string>[]>;
  const list = (key: string): Pattern[] =>
    (data[key] ?? []).map((e) => {
      const { regex, regex_flag: flag, ...replacements } = e;
      return {
        re: RE2JS.compile(regex ?? '', flag === 'i' ? RE2JS.CASE_INSENSITIVE : 0),
        replacements,
      };
    });
  loaded = { browser: list('user_agent_parsers'), os: list('os_parsers'), device: list('device_parsers') };
  return loaded;
}

/** The first pattern that matches, with its groups (index 0 = whole match). */
function firstMatch(list: readonly Pattern[], ua: string): { p: Pattern; groups: string[] } | undefined {
  for (const p of list) {
    const m = p.re.matcher(ua);
    if (!m.find()) continue;
    const groups: string[] = [];
    for (let i = 0; i <= m.groupCount(); i++) groups.push(m.group(i) ?? '');
    return { p, groups };
  }
  return undefined;
}

/** A replacement with $n references filled in (trimmed, as the specification asks). */
const fill = (template: string, groups: readonly string[]): string =>
  template.replace(/\$(\d)/g, (_, d: string) => groups[Number(d)] ?? '').trim();

/** replacement ?? group i (the field's default capture), '' when neither. */
function field(m: { p: Pattern; groups: string[] }, replacement: string, group: number | undefined): string {
  const r = m.p.replacements[replacement];
  if (r !== undefined) return fill(r, m.groups);
  return group === undefined ? '' : (m.groups[group] ?? '');
}

export function parseBrowser(ua: string): KqlDynamic {
  const m = firstMatch(patterns().browser, ua);
  if (!m) return { Family: 'Other', MajorVersion: '', MinorVersion: '', Patch: '' };
  return {
    Family: field(m, 'family_replacement', 1),
    MajorVersion: field(m, 'v1_replacement', 2),
    MinorVersion: field(m, 'v2_replacement', 3),
    Patch: field(m, 'v3_replacement', 4),
  };
}

export function parseOs(ua: string): KqlDynamic {
  const m = firstMatch(patterns().os, ua);
  if (!m) return { Family: 'Other', MajorVersion: '', MinorVersion: '', Patch: '', PatchMinor: '' };
  return {
    Family: field(m, 'os_replacement', 1),
    MajorVersion: field(m, 'os_v1_replacement', 2),
    MinorVersion: field(m, 'os_v2_replacement', 3),
    Patch: field(m, 'os_v3_replacement', 4),
    PatchMinor: field(m, 'os_v4_replacement', 5),
  };
}

export function parseDevice(ua: string): KqlDynamic {
  const m = firstMatch(patterns().device, ua);
  if (!m) return { Family: 'Other', Brand: '', Model: '' };
  return {
    Family: field(m, 'device_replacement', 1),
    Brand: field(m, 'brand_replacement', undefined),
    Model: field(m, 'model_replacement', 1),
  };
}

const TARGETS: Readonly<Record<string, readonly [string, (ua: string) => KqlDynamic]>> = {
  browser: ['Browser', parseBrowser],
  os: ['OperatingSystem', parseOs],
  device: ['Device', parseDevice],
};

const CACHE_LIMIT = 10_000;

const parseUserAgentCompile: Compile = (types) => {
  const text = stringConv(types[0]);
  const cache = new Map<string, KqlDynamic>();
  return (v, lookFor) => {
    const wanted = typeof lookFor === 'string' ? [lookFor] : isArray(lookFor) ? lookFor : [];
    const targets = wanted.map((w) => (typeof w === 'string' ? TARGETS[w.toLowerCase()] : undefined));
    if (targets.length === 0 || targets.some((t) => t === undefined)) return null;
    const ua = text(v);
    const key = `${wanted.join(',')}\u0000${ua}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const out: Record<string, KqlDynamic> = {};
    for (const t of targets) if (t) out[t[0]] = t[1](ua);
    if (cache.size < CACHE_LIMIT) cache.set(key, out);
    return out;
  };
};

export const userAgentFunctions = defineAll('string', [
  {
    name: 'parse_user_agent',
    doc: "Browser, operating system and/or device of a user-agent string ('browser', 'os', 'device', or an array of them).",
    params: ['string-ish', 'any'],
    returns: 'dynamic',
    compile: parseUserAgentCompile,
  },
]);
