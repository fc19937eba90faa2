/**
 * More aggregates: covariance/covariancep (sample and population, with *if variants) and
 * buildschema (the union type schema of dynamic values).
 *
 * buildschema: each bag key maps to the schema of its values; arrays become
 * {"`indexer`": element schema}; scalars give type names ("long", "double", "string", "bool");
 * a key seen with several kinds gives an array (bag schema first, then the array schema, then
 * scalar type names in the order first seen).
 */
import { DynReal, type KqlDynamic } from '../types.js';
import { type AggSpec, defineAggregates, isTrue } from './aggregate-define.js';
import { dynamicToNumber, isArray, isBag } from './coerce.js';
import type { Accumulator } from './types.js';

function covariance(population: boolean, predicateAt: number | undefined): () => Accumulator {
  return () => {
    // Online co-moment update (a two-variable Welford): stable in one pass.
    let n = 0;
    let mx = 0;
    let my = 0;
    let c = 0;
    return {
      add: (...a) => {
        if (predicateAt !== undefined && !isTrue(a[predicateAt])) return;
        const x = dynamicToNumber(a[0] ?? null);
        const y = dynamicToNumber(a[1] ?? null);
        if (x === null || y === null) return;
        n++;
        const dx = x - mx;
        mx += dx / n;
        my += (y - my) / n;
        c += dx * (y - my);
      },
      result: () => {
        if (n === 0) return null;
        const denom = population ? n : n - 1;
        return denom <= 0 ? 0 : c / denom;
      },
    };
  };
}

const covSpec = (name: string, doc: string, population: boolean, withPredicate: boolean): AggSpec => ({
  name,
  doc,
  params: withPredicate ? ['numeric', 'numeric', 'bool'] : ['numeric', 'numeric'],
  returns: 'real',
  prefix: name,
  create: () => covariance(population, withPredicate ? 2 : undefined),
});

/** A schema under construction: the bag keys, array elements and scalar type names seen. */
interface Schema {
  bag?: Map<string, Schema>;
  items?: Schema;
  scalars: string[];
}

const emptySchema = (): Schema => ({ scalars: [] });

function scalarTypeName(v: KqlDynamic): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'long' : 'double';
  if (v instanceof DynReal) return 'double';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'datetime';
  return 'string';
}

function addToSchema(s: Schema, v: KqlDynamic): void {
  if (v === null) return;
  if (isBag(v)) {
    s.bag ??= new Map();
    for (const [k, x] of Object.entries(v)) {
      let child = s.bag.get(k);
      if (!child) {
        child = emptySchema();
        s.bag.set(k, child);
      }
      addToSchema(child, x);
    }
  } else if (isArray(v)) {
    s.items ??= emptySchema();
    for (const x of v) addToSchema(s.items, x);
  } else {
    const t = scalarTypeName(v);
    if (!s.scalars.includes(t)) s.scalars.push(t);
  }
}

function renderSchema(s: Schema): KqlDynamic {
  const kinds: KqlDynamic[] = [];
  if (s.bag) {
    const out: { [k: string]: KqlDynamic } = {};
    for (const [k, child] of s.bag) out[k] = renderSchema(child);
    kinds.push(out);
  }
  if (s.items) kinds.push({ '`indexer`': renderSchema(s.items) });
  kinds.push(...s.scalars);
  return kinds.length === 0 ? null : kinds.length === 1 ? (kinds[0] as KqlDynamic) : kinds;
}

export const moreAggregates = defineAggregates([
  covSpec('covariance', 'Sample covariance of two numeric expressions.', false, false),
  covSpec('covarianceif', 'Sample covariance where the predicate is true.', false, true),
  covSpec('covariancep', 'Population covariance of two numeric expressions.', true, false),
  covSpec('covariancepif', 'Population covariance where the predicate is true.', true, true),
  {
    name: 'buildschema',
    doc: 'The minimal schema that admits all the dynamic values.',
    params: ['dynamic'],
    returns: 'dynamic',
    prefix: 'schema',
    create: () => () => {
      const schema = emptySchema();
      return {
        add: (v) => addToSchema(schema, (v ?? null) as KqlDynamic),
        result: () => renderSchema(schema),
      };
    },
  },
]);
