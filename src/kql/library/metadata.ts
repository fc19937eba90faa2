/**
 * Metadata functions with documented local answers. A local run has no cluster, database or
 * signed-in principal, so these give fixed, documented values: the local "cluster" is
 * LOCAL_CLUSTER, the database LOCAL_DATABASE, the principal LOCAL_PRINCIPAL (a member of no group).
 * estimate_data_size sums the in-memory sizes Kusto documents for each value.
 */
import type { KqlValue, ScalarType } from '../types.js';
import { boolOf, dynamicText } from './coerce.js';
import { defineAll, LibraryError } from './define.js';

export const LOCAL_CLUSTER = 'kqlhunt://localhost';
export const LOCAL_DATABASE = 'kqlhunt';
export const LOCAL_PRINCIPAL = 'localuser=kqlhunt';

const utf8 = new TextEncoder();

/** Estimated bytes of one value of a type (null and '' count 0). */
export function valueSize(v: KqlValue, t: ScalarType): number {
  if (v === null || v === undefined) return 0;
  switch (t) {
    case 'bool':
      return 1;
    case 'int':
      return 4;
    case 'long':
    case 'real':
    case 'datetime':
    case 'timespan':
      return 8;
    case 'decimal':
    case 'guid':
      return 16;
    case 'string':
      return utf8.encode(v as string).length;
    default:
      return utf8.encode(typeof v === 'string' ? v : dynamicText(v)).length;
  }
}

export const metadataFunctions = defineAll('other', [
  {
    name: 'current_cluster_endpoint',
    doc: `The cluster being queried; locally the fixed name '${LOCAL_CLUSTER}'.`,
    params: [],
    returns: 'string',
    impl: () => LOCAL_CLUSTER,
  },
  {
    name: 'current_database',
    doc: `The database in scope; locally the fixed name '${LOCAL_DATABASE}'.`,
    params: [],
    returns: 'string',
    impl: () => LOCAL_DATABASE,
  },
  {
    name: 'current_principal',
    doc: `The principal running the query; locally the fixed '${LOCAL_PRINCIPAL}'.`,
    params: [],
    returns: 'string',
    impl: () => LOCAL_PRINCIPAL,
  },
  {
    name: 'current_principal_details',
    doc: 'Details of the principal running the query; locally the fixed local principal.',
    params: [],
    returns: 'dynamic',
    impl: () => ({
      UserPrincipalName: '',
      IdentityProvider: 'kqlhunt',
      Authority: 'local',
      Mfa: 'False',
      Type: 'LocalUser',
      DisplayName: 'kqlhunt local user',
      ObjectId: '',
      FQN: LOCAL_PRINCIPAL,
      Notes: 'local run: no directory to consult',
    }),
  },
  {
    name: 'current_principal_is_member_of',
    doc: 'Whether the principal belongs to any of the groups; the local principal belongs to none (false).',
    params: ['any'],
    min: 1,
    max: 64,
    returns: 'bool',
    impl: () => false,
  },
  {
    name: 'estimate_data_size',
    doc: 'Estimated size in bytes of the given columns (or * for the whole row).',
    params: ['any'],
    min: 1,
    max: Number.POSITIVE_INFINITY,
    returns: 'long',
    compile:
      (types) =>
      (...vs) =>
        vs.reduce<number>((s, v, i) => s + valueSize(v, types[i] ?? 'dynamic'), 0),
  },
  {
    name: 'assert',
    doc: 'Returns true when the condition holds; otherwise the query fails with the message.',
    params: ['bool', 'string'],
    returns: 'bool',
    compile: () => (c, m) => {
      if (boolOf(c) === true) return true;
      throw new LibraryError(`assert() failed: ${typeof m === 'string' ? m : ''}`);
    },
  },
]);
