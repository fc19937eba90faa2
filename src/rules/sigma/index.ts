/** Sigma → KQL: parse (spec 2.1), convert detection and correlation rules, load into the catalog. */
export { MAX_DEPTH, matchIdentifiers, parseCondition } from './condition.js';
export { type ConversionResult, convertDetection } from './convert.js';
export { type CorrelationResult, convertCorrelation } from './correlation.js';
export { kqlString as sigmaKqlString } from './kql.js';
export { DRL_NOTICE, loadSigmaYaml, type SigmaLoadOptions } from './load.js';
export { MAPPINGS, mappingFor, UNMAPPED_REASONS } from './mapping/index.js';
export { looksLikeSigma, parseSigma } from './parse.js';
export type * from './types.js';
export { KNOWN_MODIFIERS, parseWildcards, planField } from './values.js';
