/** Public surface of enrichment: the deterministic enricher, its cache, facets and the optional LLM client. */
export { EnrichmentCache, type EnrichOptions, enrichRule, isCurrent } from './enrich.js';
export { scenariosAsExclusions } from './false-positives.js';
export { type Enricher, type LlmConfig, LlmEnricher, type LlmResult } from './llm.js';
export { describeFilter, type QueryFacts, queryFacts } from './query-facts.js';
export { agentProcess, isRmmRule, matchTool, type ToolMatch, vendorDomain } from './tools.js';
export * from './types.js';
