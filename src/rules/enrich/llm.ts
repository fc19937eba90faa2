/**
 * Optional LLM enricher, off by default and never called in tests or by default runs. It sends the
 * rule and the deterministic enrichment to an OpenAI-compatible chat-completions endpoint the user
 * configures, asks for a JSON object with a better hypothesis and extra false-positive scenarios,
 * validates the answer, and returns an Enrichment marked `generator: 'llm'`. Every exclusion it
 * proposes is parsed and compiled like any other; ones that do not compile are dropped. Failures
 * (timeout, HTTP error, bad JSON) come back as `{ ok: false, error }`, never as exceptions.
 */

import { analyseExclusion } from '../exclusions/safety.js';
import { compileForTable } from '../exclusions/tune.js';
import type { Rule } from '../model.js';
import type { Enrichment, FalsePositiveScenario } from './types.js';

export interface LlmConfig {
  /** Base URL, e.g. `http://127.0.0.1:8080/v1`; `/chat/completions` is appended. */
  readonly endpoint: string;
  readonly model: string;
  readonly apiKey?: string;
  /** Default 30 s. */
  readonly timeoutMs?: number;
}

export type LlmResult =
  | { readonly ok: true; readonly enrichment: Enrichment }
  | { readonly ok: false; readonly error: string };

/** Anything that can refine an enrichment (the LLM client; tests may pass a fake). */
export interface Enricher {
  enrich(rule: Rule, base: Enrichment): Promise<LlmResult>;
}

interface LlmAnswer {
  readonly hypothesis?: unknown;
  readonly falsePositives?: unknown;
}

const SYSTEM =
  'You enrich threat-hunting rules. Answer with one JSON object: {"hypothesis": string, "falsePositives": [{"scenario": string, "description": string, "exclusion": string}]}. ' +
  'Exclusions use: field == "v", !=, contains, startswith, endswith, in ("a","b"), matches regex "r", and, or, not, parentheses; fields like process.name, process.parent_process_name, process.command_line, destination.domain, host.name.';

function prompt(rule: Rule, base: Enrichment): string {
  return JSON.stringify({
    name: rule.name,
    description: rule.description,
    query: rule.query,
    tables: base.dataSources.map((d) => d.table),
    hypothesis: base.hypothesis.text,
    techniques: base.attack.techniques.map((t) => `${t.id} ${t.name}`),
  });
}

function parseAnswer(content: string): LlmAnswer | undefined {
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    const v = JSON.parse(content.slice(start, end + 1)) as unknown;
    return typeof v === 'object' && v !== null ? (v as LlmAnswer) : undefined;
  } catch {
    return undefined;
  }
}

function scenarios(raw: unknown, base: Enrichment): FalsePositiveScenario[] {
  if (!Array.isArray(raw)) return [];
  const table = base.dataSources.find((d) => d.readByQuery)?.table;
  const out: FalsePositiveScenario[] = [];
  raw.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || !table) return;
    const r = item as Record<string, unknown>;
    if (typeof r.exclusion !== 'string' || typeof r.scenario !== 'string') return;
    const compiled = compileForTable(r.exclusion, table);
    if (compiled.kql === undefined) return;
    out.push({
      id: `llm-${i + 1}`,
      family: 'llm',
      scenario: r.scenario,
      description: typeof r.description === 'string' ? r.description : '',
      exclusion: r.exclusion,
      kql: compiled.kql,
      table,
      needsInput: false,
      safety: analyseExclusion(r.exclusion, { table }),
    });
  });
  return out;
}

export class LlmEnricher implements Enricher {
  constructor(private readonly config: LlmConfig) {}

  async enrich(rule: Rule, base: Enrichment): Promise<LlmResult> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.config.timeoutMs ?? 30_000);
    try {
      const res = await fetch(`${this.config.endpoint.replace(/\/+$/, '')}/chat/completions`, {
        method: 'POST',
        signal: controller.signal,
        headers: {
          'content-type': 'application/json',
          ...(this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: this.config.model,
          temperature: 0,
          messages: [
            { role: 'system', content: SYSTEM },
            { role: 'user', content: prompt(rule, base) },
          ],
        }),
      });
      if (!res.ok) return { ok: false, error: `The LLM endpoint answered HTTP ${res.status}.` };
      const body = (await res.json()) as { choices?: { message?: { content?: unknown } }[] };
      const content = body.choices?.[0]?.message?.content;
      if (typeof content !== 'string') return { ok: false, error: 'The LLM answer has no message content.' };
      const answer = parseAnswer(content);
      if (!answer || typeof answer.hypothesis !== 'string')
        return { ok: false, error: 'The LLM answer is not the JSON object asked for.' };
      const text = answer.hypothesis.trim();
      const enrichment: Enrichment = {
        ...base,
        generator: 'llm',
        hypothesis: { ...base.hypothesis, text },
        falsePositives: [...base.falsePositives, ...scenarios(answer.falsePositives, base)],
      };
      return { ok: true, enrichment };
    } catch (e) {
      const aborted = controller.signal.aborted;
      return {
        ok: false,
        error: aborted
          ? `The LLM endpoint did not answer within ${this.config.timeoutMs ?? 30_000} ms.`
          : `The LLM request failed: ${e instanceof Error ? e.message : String(e)}`,
      };
    } finally {
      clearTimeout(timer);
    }
  }
}
