/** Public surface of the rules area: model, loaders, import, export, lint, enrichment, exclusions. */

export { filePosition, queryAnchor } from './anchor.js';
export type { RuleDiagnostic, RuleSeverity } from './diagnostics.js';
export { diffImports, type ImportDiff } from './diff.js';
export { parseDuration } from './duration.js';
export * from './enrich/index.js';
export * from './exclusions/index.js';
export { exportKql, exportSentinelYaml, sigmaAttribution, toSentinelObject } from './export.js';
export { contentHash } from './hash.js';
export type { ImportedRule, ImportOptions, ImportResult } from './import.js';
export {
  githubUrl,
  importDirectory,
  importFile,
  importFromGit,
  isRuleFile,
  listRuleFiles,
  loadRuleText,
} from './import.js';
export { lintQuery, lintRule } from './lint.js';
export { loadMarkdown } from './markdown.js';
export * from './model.js';
export { loadSentinelYaml } from './sentinel-yaml.js';
export * from './sigma/index.js';
export { tablesOfQuery, tablesOfTree } from './tables.js';
