/**
 * Splitting a dynamic value into mv-expand / mv-apply elements (Kusto semantics): an array yields
 * its elements, a property bag its properties (`kind=bag` → one-property bags, `kind=array` →
 * [key, value] pairs), null yields one null element, any other scalar itself, and an empty array
 * or bag yields nothing.
 */
import type { KqlDynamic, KqlValue } from '../../types.js';

export function expandElements(v: KqlValue, bagExpansion: 'bag' | 'array'): readonly KqlValue[] {
  if (v === null) return [null];
  if (Array.isArray(v)) return v as KqlValue[];
  if (typeof v === 'object') {
    const bag = v as { readonly [key: string]: KqlDynamic };
    return Object.keys(bag).map((k) => (bagExpansion === 'bag' ? { [k]: bag[k] ?? null } : [k, bag[k] ?? null]));
  }
  return [v];
}
