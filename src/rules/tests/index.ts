/** Rule tests (format v1): JSON Schema, parsing with positioned diagnostics, discovery beside rules. */
export { discoverTests, inlineTests, isPackManifest, isTestsFile, sidecarPaths } from './discover.js';
export { type ParseTestsOptions, parseRuleTests, TEST_DIAG } from './parse.js';
export { RULE_TESTS_SCHEMA } from './schema.js';
export type * from './types.js';
