/** Public surface of exclusions: the language, field mapping, tuning, measurement, storage, safety. */
export type { CompareOp, ExclusionExpr, ExclusionValue, FieldRef } from './ast.js';
export { fieldsOf } from './ast.js';
export { parseExclusion, type ParsedExclusion } from './parser.js';
export { compileExclusion, kqlString, type CompiledExclusion } from './compile.js';
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
export { pipelineShape, type PipelineShape } from './pipeline.js';
export { compileForTable, type ExclusionCompileResult, tuneQuery, type TunedQuery } from './tune.js';
export {
  type ExclusionMeasurement,
  type GroundTruthRow,
  type MeasureOptions,
  type Measurement,
  measureExclusions,
} from './measure.js';
export { exportExclusionsYaml, importExclusionsYaml, type ImportedExclusions, mergeExclusions } from './storage.js';
export {
  analyseExclusion,
  type SafetyContext,
  type SafetyFlag,
  type SafetyKind,
  type SafetySeverity,
  worstSeverity,
} from './safety.js';
export { EXCLUSION_SOURCES, type Exclusion, type ExclusionSource, type RuleExclusions } from './types.js';
export { EXC_DIAG } from './diagnostics.js';
