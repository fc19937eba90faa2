/**
 * Property bag functions: bag_pack/pack, bag_keys, bag_merge, bag_remove_keys, bag_has_key,
 * bag_set_key, bag_zip, treepath, extract_json/extractjson (a JSONPath subset), and pack_all
 * (which needs the whole row, so the executor implements it).
 */
import { type KqlDynamic, type KqlValue, parseTypeName, type ScalarType } from '../types.js';
import { cloneDynamic } from '../values.js';
import { dynamicConv, dynamicText, isArray, isBag, parseJson, stringConv } from './coerce.js';
import { type Compile, defineAll } from './define.js';
import { indexDynamic } from './ops-list.js';

type Bag = { [key: string]: KqlDynamic };

const packBag: Compile = (types) => {
  const keys = types.map((t) => stringConv(t));
  const vals = types.map((t) => dynamicConv(t));
  return (...args) => {
    const out: Bag = {};
    for (let i = 0; i + 1 < args.length; i += 2) {
      out[(keys[i] as (v: KqlValue) => string)(args[i] as KqlValue)] = (vals[i + 1] as (v: KqlValue) => KqlDynamic)(
        args[i + 1] as KqlValue,
      );
    }
    return out;
  };
};

/**
 * A JSONPath subset: `$`, `.name`, `['name']`, `["name"]`, `[index]`. Returns the steps, or
 * undefined when the path is not understood.
 */
export function parseJsonPath(path: string): (string | number)[] | undefined {
  let s = path.trim();
  if (s.startsWith('$')) s = s.slice(1);
  const steps: (string | number)[] = [];
  const re = /^(?:\.([^.[\]]+)|\[\s*(-?\d+)\s*\]|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\])/;
  while (s.length > 0) {
    const m = re.exec(s);
    if (!m) return undefined;
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push((m[3] ?? m[4]) as string);
    s = s.slice(m[0].length);
  }
  return steps;
}

function walk(v: KqlDynamic, steps: readonly (string | number)[]): KqlDynamic | undefined {
  let cur: KqlDynamic = v;
  for (const step of steps) {
    if (typeof step === 'number' ? !isArray(cur) : !isBag(cur)) return undefined;
    const next = indexDynamic(cur, step);
    if (next === null && !(isBag(cur) && typeof step === 'string' && Object.hasOwn(cur, step))) return undefined;
    cur = next;
  }
  return cur;
}

/** Kusto's keys may be plain names or JSONPath (`$.a.b`, `['x']`). */
function keySteps(key: string): (string | number)[] {
  return key.startsWith('$') || key.startsWith('[') ? (parseJsonPath(key) ?? [key]) : [key];
}

function treepaths(v: KqlDynamic, prefix: string, out: string[]): void {
  if (isBag(v)) {
    for (const [k, x] of Object.entries(v)) {
      const p = `${prefix}['${k}']`;
      out.push(p);
      treepaths(x, p, out);
    }
  } else if (isArray(v)) {
    const p = `${prefix}[0]`;
    if (v.length > 0) {
      out.push(p);
      treepaths(v[0] as KqlDynamic, p, out);
    }
  }
}

const asBag =
  (t: ScalarType | undefined) =>
  (v: KqlValue): KqlDynamic =>
    t === 'string' && typeof v === 'string' ? parseJson(v) : (v as KqlDynamic);

export const bagFunctions = defineAll('dynamic', [
  {
    name: 'bag_pack',
    aliases: ['pack', 'pack_dictionary'],
    doc: 'Builds a property bag from key, value pairs.',
    params: ['string-ish', 'any'],
    min: 0,
    max: 128,
    returns: 'dynamic',
    compile: packBag,
  },
  {
    name: 'pack_all',
    doc: 'A property bag of all columns of the row (the executor builds it).',
    params: ['bool'],
    min: 0,
    max: 1,
    returns: 'dynamic',
    flags: { rowContext: true },
  },
  {
    name: 'bag_keys',
    doc: 'The keys of a property bag as an array.',
    params: ['dynamic'],
    returns: 'dynamic',
    impl: (b) => (isBag(b) ? Object.keys(b) : null),
  },
  {
    name: 'bag_merge',
    doc: 'Merges property bags; the first bag holding a key wins.',
    params: ['dynamic'],
    min: 2,
    max: 64,
    returns: 'dynamic',
    impl: (...bags) => {
      const out: Bag = {};
      for (const b of bags) {
        if (!isBag(b)) continue;
        for (const [k, v] of Object.entries(b)) if (!Object.hasOwn(out, k)) out[k] = v;
      }
      return out;
    },
  },
  {
    name: 'bag_remove_keys',
    doc: 'A copy of the bag without the given keys (names or JSONPath).',
    params: ['dynamic', 'dynamic'],
    returns: 'dynamic',
    impl: (b, keys) => {
      if (!isBag(b)) return null;
      const out: Bag = cloneDynamic(b) as Bag;
      for (const key of isArray(keys) ? keys : []) {
        if (typeof key !== 'string') continue;
        const steps = keySteps(key);
        const parent = walk(out, steps.slice(0, -1));
        const last = steps[steps.length - 1];
        if (isBag(parent) && typeof last === 'string') delete (parent as Bag)[last];
      }
      return out;
    },
  },
  {
    name: 'bag_has_key',
    doc: 'True when the bag has the key (a name or JSONPath).',
    params: ['dynamic', 'string-ish'],
    returns: 'bool',
    compile: (types) => {
      const k = stringConv(types[1]);
      return (b, key) => (isBag(b) ? walk(b, keySteps(k(key))) !== undefined : false);
    },
  },
  {
    name: 'bag_set_key',
    doc: 'A copy of the bag with a key (name or JSONPath) set to a value.',
    params: ['dynamic', 'string-ish', 'any'],
    returns: 'dynamic',
    compile: (types) => {
      const k = stringConv(types[1]);
      const conv = dynamicConv(types[2] ?? 'dynamic');
      return (b, key, v) => {
        if (!isBag(b)) return null;
        const out = cloneDynamic(b) as Bag;
        const steps = keySteps(k(key)).filter((s): s is string => typeof s === 'string');
        let cur: Bag = out;
        for (const s of steps.slice(0, -1)) {
          if (!isBag(cur[s])) cur[s] = {};
          cur = cur[s] as Bag;
        }
        const last = steps[steps.length - 1];
        if (last !== undefined) cur[last] = conv(v);
        return out;
      };
    },
  },
  {
    name: 'bag_zip',
    doc: 'A property bag from an array of keys and an array of values.',
    params: ['dynamic', 'dynamic'],
    returns: 'dynamic',
    impl: (keys, values) => {
      if (!isArray(keys) || !isArray(values)) return null;
      const out: Bag = {};
      keys.forEach((k, i) => {
        if (typeof k === 'string') out[k] = values[i] ?? null;
      });
      return out;
    },
  },
  {
    name: 'treepath',
    doc: 'All JSONPath expressions that identify nodes of a dynamic value.',
    params: ['dynamic'],
    returns: 'dynamic',
    impl: (v) => {
      const out: string[] = [];
      treepaths(v as KqlDynamic, '$', out);
      return out;
    },
  },
  {
    name: 'extract_json',
    aliases: ['extractjson'],
    doc: "Value at a JSONPath ('$.a.b[0]') in JSON text, as a string (or the type named by the third argument).",
    params: ['string', 'any', 'string'],
    min: 2,
    constArgs: [0],
    returns: (_t, c) => (typeof c[2] === 'string' ? (parseTypeName(c[2]) ?? 'string') : 'string'),
    validate: (_t, c) =>
      typeof c[0] === 'string' && !parseJsonPath(c[0]) ? `unsupported JSONPath '${c[0]}'` : undefined,
    compile: (types, consts) => {
      const pathOf = stringConv(types[0]);
      const fixed = typeof consts[0] === 'string' ? parseJsonPath(consts[0]) : undefined;
      const doc = asBag(types[1]);
      return (p, j) => {
        const steps = fixed ?? parseJsonPath(pathOf(p));
        if (!steps) return null;
        const src = typeof j === 'string' ? parseJson(j) : doc(j);
        const v = walk(src, steps);
        if (v === undefined || v === null) return consts[2] === undefined ? '' : null;
        return consts[2] === undefined ? (typeof v === 'string' ? v : dynamicText(v)) : v;
      };
    },
  },
]);
