/** Public surface of the telemetry area: schemas, loading, inspection and writers. */
export { formatLoadReport, type Inspection, inspectTelemetry } from './inspect.js';
export { type LoadFormat, type LoadOptions, type LoadProgress, type LoadResult, loadTelemetry } from './load.js';
export type { FileReport, LoadReport, RejectKind, RejectSample, SkippedFile, TableSummary } from './report.js';
export * from './schemas.js';
export { TelemetryStore, type TimeRange } from './store.js';
export {
  createTableWriter,
  type TableWriter,
  type TableWriterOptions,
  type WriterFormat,
} from './writers/table-writer.js';
