import { describe, expect, it } from 'vitest';
import {
  allAggregates,
  allScalarFunctions,
  CLOUD_ONLY_FUNCTIONS,
  getAggregate,
  getScalarFunction,
  isLegacyAlias,
  LibraryError,
  resultType,
  validateCall,
} from '../../../src/kql/library/index.js';
import type { ParamKind } from '../../../src/kql/library/types.js';
import { type KqlValue, SCALAR_TYPES, type ScalarType } from '../../../src/kql/types.js';

/** A representative concrete type for each parameter kind. */
const TYPICAL: Readonly<Record<ParamKind, ScalarType>> = {
  any: 'string',
  numeric: 'long',
  summable: 'long',
  orderable: 'long',
  'string-ish': 'string',
  'datetime-ish': 'datetime',
  bool: 'bool',
  int: 'int',
  long: 'long',
  real: 'real',
  decimal: 'decimal',
  string: 'string',
  datetime: 'datetime',
  timespan: 'timespan',
  guid: 'guid',
  dynamic: 'dynamic',
};

const SAMPLE: Readonly<Record<ScalarType, KqlValue>> = {
  bool: true,
  int: 3,
  long: 3,
  real: 2.5,
  decimal: 2.5,
  string: 'abc',
  datetime: 17040672000000000n,
  timespan: 36000000000n,
  guid: '0697e7e2-0c5d-4a4c-9b0f-4c1d0a8a0e5e',
  dynamic: ['a', 1],
};

const typesFor = (params: readonly ParamKind[], n: number): ScalarType[] =>
  Array.from({ length: n }, (_, i) => TYPICAL[(params[Math.min(i, params.length - 1)] ?? 'any') as ParamKind]);

describe('scalar function table', () => {
  const entries = allScalarFunctions();

  it('is large and has unique names', () => {
    expect(entries.length).toBeGreaterThan(250);
    const names = entries.flatMap((e) => [e.name, ...(e.aliases ?? [])]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('every entry has a doc line and sane arity', () => {
    for (const e of entries) {
      expect(e.doc.length, e.name).toBeGreaterThan(3);
      expect(e.doc.includes('\n'), e.name).toBe(false);
      expect(e.minArgs, e.name).toBeGreaterThanOrEqual(0);
      expect(e.maxArgs, e.name).toBeGreaterThanOrEqual(e.minArgs);
      expect(e.params.length > 0 || e.maxArgs === 0, e.name).toBe(true);
    }
  });

  it('every compilable entry compiles and runs for typical argument types', () => {
    let ran = 0;
    for (const e of entries) {
      if (e.flags?.rowContext || e.flags?.cloudOnly) continue;
      const n = Math.max(e.minArgs, Math.min(e.maxArgs, 2));
      const types = typesFor(e.params, n);
      // Entries that reject these (missing) constants must say so up front and throw LibraryError.
      if (validateCall(e, types, []) !== undefined) {
        expect(() => e.compile(types, [], { now: 0n }), e.name).toThrow(LibraryError);
        continue;
      }
      const impl = e.compile(types, [], { now: 0n });
      const out = impl(...types.map((t) => SAMPLE[t]));
      expect(out === undefined, e.name).toBe(false);
      const rt = resultType(e, types, []);
      expect(SCALAR_TYPES.includes(rt), e.name).toBe(true);
      ran++;
    }
    expect(ran).toBeGreaterThan(220);
  });

  it('resolves aliases to canonical entries', () => {
    expect(getScalarFunction('iif')?.name).toBe('iff');
    expect(getScalarFunction('parsejson')?.name).toBe('todynamic');
    expect(getScalarFunction('extractjson')?.name).toBe('extract_json');
    expect(getScalarFunction('floor')?.name).toBe('bin');
    expect(getScalarFunction('ToLower')).toBeUndefined();
    expect(isLegacyAlias('makeset')).toBe(true);
    expect(isLegacyAlias('make_set')).toBe(false);
  });

  it('marks cloud-only, row-context and nondeterministic functions', () => {
    expect(getScalarFunction('FileProfile')?.flags?.cloudOnly).toBe(CLOUD_ONLY_FUNCTIONS.FileProfile);
    expect(CLOUD_ONLY_FUNCTIONS.SeenBy).toMatch(/Defender/);
    expect(getScalarFunction('row_number')?.flags?.rowContext).toBe(true);
    expect(getScalarFunction('pack_all')?.flags?.rowContext).toBe(true);
    expect(getScalarFunction('rand')?.flags?.nondeterministic).toBe(true);
    expect(getScalarFunction('now')?.flags?.usesNow).toBe(true);
  });

  it('covers the operators the plan uses', () => {
    const ops = [
      '==',
      '!=',
      '<',
      '<=',
      '>',
      '>=',
      '=~',
      '!~',
      '+',
      '-',
      '*',
      '/',
      '%',
      '-unary',
      'has',
      '!has',
      'has_cs',
      '!has_cs',
      'hasprefix',
      'hassuffix_cs',
      'contains',
      '!contains_cs',
      'startswith',
      'endswith',
      'like',
      'notlike',
      'likecs',
      'notlikecs',
      'matches regex',
      'in',
      '!in',
      'in~',
      '!in~',
      'has_any',
      'has_all',
      'between',
      '!between',
      '[]',
      '.',
    ];
    for (const op of ops) expect(getScalarFunction(op), op).toBeDefined();
  });

  it('covers the functions used by the hunting corpus', () => {
    const used = [
      'tostring',
      'parse_json',
      'bin',
      'iff',
      'parse_url',
      'pack_array',
      'strcat',
      'startofday',
      'tolower',
      'strlen',
      'todatetime',
      'substring',
      'replace',
      'extractjson',
      'array_length',
      'extract',
      'indexof',
      'countof',
      'url_decode',
      'toint',
      'isnotnull',
      'iif',
      'pack',
      'base64_decodestring',
      'base64_decode_tostring',
      'parse_xml',
      'tobool',
      'format_datetime',
      'toreal',
      'split',
      'ago',
      'now',
      'isnotempty',
      'isempty',
      'todynamic',
      'not',
      'case',
      'trim_start',
      'extractall',
      'strcat_array',
      'array_slice',
      'ipv4_is_in_range',
      'format_timespan',
      'abs',
      'set_difference',
      'todouble',
      'rand',
      'url_encode',
      'base64_encodestring',
    ];
    for (const f of used) expect(getScalarFunction(f), f).toBeDefined();
  });
});

describe('aggregate table', () => {
  it('every aggregate has a doc, arity and a working accumulator', () => {
    for (const a of allAggregates()) {
      expect(a.doc.length, a.name).toBeGreaterThan(8);
      expect(a.maxArgs, a.name).toBeGreaterThanOrEqual(a.minArgs);
      const n = Math.max(a.minArgs, Math.min(a.maxArgs, 1));
      const types = typesFor(a.params, n);
      const consts = types.map((_, i) => (a.constArgs?.includes(i) ? 50 : undefined));
      const acc = a.create(types, consts)();
      acc.add(...types.map((t, i) => consts[i] ?? SAMPLE[t]));
      expect(acc.result() === undefined, a.name).toBe(false);
      expect(typeof a.defaultName('x', consts), a.name).toBe('string');
    }
  });

  it('resolves legacy aggregate names', () => {
    for (const [legacy, canonical] of [
      ['makeset', 'make_set'],
      ['makelist', 'make_list'],
      ['argmax', 'arg_max'],
      ['argmin', 'arg_min'],
      ['any', 'take_any'],
    ]) {
      expect(getAggregate(legacy as string)?.name).toBe(canonical);
    }
  });
});
