/** Public surface of hunts: run a rule set over a dataset (tuned by its exclusions), resolve rule specs, lint reports. */

export { attachExclusions, type ExclusionFiles, overlay, readExclusionFiles } from './attach.js';
export { ENTITY_COLUMNS, findingId, findingsOf } from './entities.js';
export {
  type ExclusionOutcome,
  enabledExclusions,
  measureTuned,
  type SuppressedTotals,
  type TunedRule,
  tunedRule,
} from './exclusions.js';
export {
  hasErrors,
  type LintDialect,
  type LintProblem,
  type LintReport,
  lintPaths,
  lintRules,
  queryAnchor,
} from './lint-files.js';
export {
  chooseNow,
  type HuntOptions,
  type HuntProgress,
  type HuntResult,
  type NowSource,
  type RuleOutcome,
  runHunt,
} from './run.js';
export { toSarif } from './sarif.js';
export { bundledPack, packsRoot, type ResolvedRules, resolveRuleSpecs } from './sources.js';
export { type RuleWindow, ruleWindow, windowMiss } from './window.js';
