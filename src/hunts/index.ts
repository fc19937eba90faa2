/** Public surface of hunts: run a rule set over a dataset (tuned by its exclusions), resolve rule specs, lint reports. */
export {
  chooseNow,
  type HuntOptions,
  type HuntProgress,
  type HuntResult,
  type NowSource,
  type RuleOutcome,
  runHunt,
} from './run.js';
export { bundledPack, packsRoot, resolveRuleSpecs, type ResolvedRules } from './sources.js';
export { ENTITY_COLUMNS, findingId, findingsOf } from './entities.js';
export { ruleWindow, windowMiss, type RuleWindow } from './window.js';
export { hasErrors, type LintProblem, type LintReport, lintPaths, lintRules, queryAnchor } from './lint-files.js';
export { toSarif } from './sarif.js';
export {
  enabledExclusions,
  type ExclusionOutcome,
  measureTuned,
  type SuppressedTotals,
  type TunedRule,
  tunedRule,
} from './exclusions.js';
export { attachExclusions, type ExclusionFiles, overlay, readExclusionFiles } from './attach.js';
