/**
 * Conditional and null-testing functions: iff/iif, case, coalesce, not, isnull, isnotnull,
 * gettype, max_of/min_of live in math.ts. Branch results of different numeric types are unified
 * by the binder's return rule (the widest numeric type); the implementation passes values through.
 */
import { DynReal, isNumericType, type KqlValue, promoteNumeric, type ScalarType } from '../types.js';
import { boolOf } from './coerce.js';
import { defineAll } from './define.js';
import type { ScalarImpl } from './types.js';

/** The common type of branch results: numeric promotion, else the first non-dynamic type. */
export function unifyTypes(types: readonly ScalarType[]): ScalarType {
  let out: ScalarType | undefined;
  for (const t of types) {
    if (out === undefined) out = t;
    else if (isNumericType(out) && isNumericType(t)) out = promoteNumeric(out, t);
    else if (out === 'dynamic') out = t;
  }
  return out ?? 'dynamic';
}

const truthy = (v: KqlValue): boolean => v === true || (typeof v !== 'boolean' && boolOf(v) === true);

/** Kusto's typeof names: int, long, real, decimal, string, bool, datetime, timespan, guid, dynamic. */
function dynamicTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      // Kusto's JSON integers are int when they fit 32 bits (gettype(parse_json('1')) is int).
      return Number.isInteger(v) ? (v >= -2147483648 && v <= 2147483647 ? 'int' : 'long') : 'real';
    case 'bigint':
      return 'datetime';
    default:
      return v instanceof DynReal ? 'real' : 'dictionary';
  }
}

export const conditionalFunctions = defineAll('conditional', [
  {
    name: 'iff',
    aliases: ['iif'],
    doc: 'iff(condition, then, else): then when the condition is true, else otherwise (also for null).',
    params: ['bool', 'any', 'any'],
    returns: (t) => unifyTypes([t[1] ?? 'dynamic', t[2] ?? 'dynamic']),
    impl: (c, a, b) => (truthy(c) ? a : b) as KqlValue,
  },
  {
    name: 'case',
    doc: 'case(p1, v1, p2, v2, ..., else): the value after the first true predicate.',
    params: ['bool', 'any'],
    min: 3,
    max: Number.POSITIVE_INFINITY,
    returns: (t) => unifyTypes(t.filter((_, i) => i % 2 === 1 || i === t.length - 1)),
    impl: (...args) => {
      const last = args.length - 1;
      for (let i = 0; i < last; i += 2) if (truthy(args[i] as KqlValue)) return args[i + 1] as KqlValue;
      return args[last] as KqlValue;
    },
  },
  {
    name: 'coalesce',
    doc: 'The first argument that is not null (and not an empty string).',
    params: ['any'],
    min: 1,
    max: 64,
    returns: (t) => unifyTypes(t),
    impl: (...args) => {
      for (const a of args) if (a !== null && a !== '') return a;
      return (args[args.length - 1] ?? null) as KqlValue;
    },
  },
  {
    name: 'not',
    doc: 'Logical negation; null stays null.',
    params: ['bool'],
    returns: 'bool',
    impl: (v) => {
      const b = typeof v === 'boolean' ? v : boolOf(v);
      return b === null ? null : !b;
    },
  },
  {
    name: 'isnull',
    doc: 'True when the value is null (a string is never null).',
    params: ['any'],
    returns: 'bool',
    impl: (v) => v === null || v === undefined,
  },
  {
    name: 'isnotnull',
    aliases: ['notnull'],
    doc: 'True when the value is not null.',
    params: ['any'],
    returns: 'bool',
    impl: (v) => v !== null && v !== undefined,
  },
  {
    name: 'gettype',
    doc: 'Runtime type name of a value (dynamic values report what they hold: array, dictionary …).',
    params: ['any'],
    returns: 'string',
    compile: (t): ScalarImpl => {
      const st = t[0] ?? 'dynamic';
      if (st === 'dynamic') return (v) => dynamicTypeName(v);
      const name = st === 'real' ? 'real' : st === 'bool' ? 'bool' : st;
      return (v) => (v === null ? 'null' : name);
    },
  },
]);
