/** Public entry of the synthetic fleet generator (wired to `kqlhunt generate`). */
export { generateFleet, MANIFEST_FILE } from './generate.js';
export type { GenerateFormat, GenerateOptions, GenerateProgress, GenerateSummary, PlantedSummary } from './options.js';
export { GROUND_TRUTH_FILE, type GroundTruthEntry } from './sink.js';
