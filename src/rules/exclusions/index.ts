/** Public surface of exclusions: the language, field mapping, tuning, measurement, storage, safety. */
export type { CompareOp, ExclusionExpr, ExclusionValue, FieldRef } from './ast.js';
export { fieldsOf } from './ast.js';
export { type CompiledExclusion, compileExclusion, kqlString } from './compile.js';
export { EXC_DIAG } from './diagnostics.js';
export {
  type Control,
  fieldMapOf,
  GENERIC_FIELDS,
  type GenericField,
  genericField,
  type ResolvedField,
  resolveField,
  TABLE_FIELD_MAP,
  type ValueShape,
} from './fields.js';
export {
  type ExclusionMeasurement,
  type GroundTruthRow,
  type Measurement,
  type MeasureOptions,
  measureExclusions,
} from './measure.js';
export { type ParsedExclusion, parseExclusion } from './parser.js';
export { type PipelineShape, pipelineShape } from './pipeline.js';
export {
  analyseExclusion,
  type SafetyContext,
  type SafetyFlag,
  type SafetyKind,
  type SafetySeverity,
  worstSeverity,
} from './safety.js';
export { exportExclusionsYaml, type ImportedExclusions, importExclusionsYaml, mergeExclusions } from './storage.js';
export { compileForTable, type ExclusionCompileResult, type TunedQuery, tuneQuery } from './tune.js';
export {
  EXCLUSION_SOURCES,
  type Exclusion,
  type ExclusionSource,
  plainExclusion,
  type RuleExclusions,
} from './types.js';
