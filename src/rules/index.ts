/** Public surface of the rules area: model, loaders, import, export, lint, enrichment, exclusions. */
export * from './model.js';
export type { RuleDiagnostic, RuleSeverity } from './diagnostics.js';
export { loadSentinelYaml } from './sentinel-yaml.js';
export { loadMarkdown } from './markdown.js';
export { importDirectory, importFromGit, loadRuleText, isRuleFile, githubUrl } from './import.js';
export type { ImportOptions, ImportResult, ImportedRule } from './import.js';
export { diffImports, type ImportDiff } from './diff.js';
export { contentHash } from './hash.js';
export { exportSentinelYaml, toSentinelObject } from './export.js';
export { lintQuery, lintRule } from './lint.js';
export { tablesOfQuery, tablesOfTree } from './tables.js';
export { parseDuration } from './duration.js';
export * from './enrich/index.js';
export * from './exclusions/index.js';
