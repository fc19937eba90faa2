/**
 * Exclusion storage: a rule's exclusions as YAML, keyed by rule id so they survive re-imports of the
 * upstream rule (the rule's query may change; its id does not). Import never throws: problems come
 * back as diagnostics and valid entries still load. `mergeExclusions` folds a fresh set (e.g. the
 * knowledge base's suggestions for a re-imported rule) into the stored one without losing the
 * user's work: user entries are kept, enabled/disabled choices are kept, new suggestions are added.
 *
 *   ruleId: f9919f87-a7ba-4f47-a942-e30c46eb7a7d
 *   exclusions:
 *     - id: scheduled-sync
 *       scenario: Scheduled agent sync job
 *       description: …
 *       expression: process.parent_process_name == "schtasks.exe"
 *       enabled: true
 *       source: knowledge-base
 */
import { parseDocument, stringify } from 'yaml';
import type { Diagnostic } from '../../kql/engine.js';
import { EXC_DIAG, excAt } from './diagnostics.js';
import { EXCLUSION_SOURCES, type Exclusion, type ExclusionSource, type RuleExclusions } from './types.js';

export interface ImportedExclusions {
  readonly value: RuleExclusions | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

export function exportExclusionsYaml(doc: RuleExclusions): string {
  const plain = {
    ruleId: doc.ruleId,
    exclusions: doc.exclusions.map((x) => ({
      id: x.id,
      scenario: x.scenario,
      description: x.description,
      expression: x.expression,
      enabled: x.enabled,
      source: x.source,
    })),
  };
  return stringify(plain, { lineWidth: 0 });
}

function entry(raw: unknown, index: number, text: string): { value?: Exclusion; diagnostic?: Diagnostic } {
  const bad = (reason: string) => ({ diagnostic: excAt(EXC_DIAG.badEntry(index, reason), text, 0, 0) });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return bad('it is not a mapping');
  const r = raw as Record<string, unknown>;
  const str = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : undefined);
  const id = str('id');
  const expression = str('expression');
  if (!id) return bad("'id' is missing or not a string");
  if (expression === undefined) return bad("'expression' is missing or not a string");
  const source = str('source') ?? 'user';
  if (!(EXCLUSION_SOURCES as readonly string[]).includes(source))
    return bad(`'source' must be one of ${EXCLUSION_SOURCES.join(', ')}`);
  if (r.enabled !== undefined && typeof r.enabled !== 'boolean') return bad("'enabled' must be true or false");
  return {
    value: {
      id,
      scenario: str('scenario') ?? id,
      description: str('description') ?? '',
      expression,
      enabled: r.enabled === undefined ? true : (r.enabled as boolean),
      source: source as ExclusionSource,
    },
  };
}

export function importExclusionsYaml(text: string): ImportedExclusions {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const offset = e?.pos?.[0] ?? 0;
    return { value: undefined, diagnostics: [excAt(EXC_DIAG.yamlSyntax(e?.message ?? 'unreadable'), text, offset, 0)] };
  }
  const root = doc.toJS() as unknown;
  if (root === null || typeof root !== 'object' || Array.isArray(root))
    return {
      value: undefined,
      diagnostics: [excAt(EXC_DIAG.badDocument('the top level is not a mapping'), text, 0, 0)],
    };
  const r = root as Record<string, unknown>;
  if (typeof r.ruleId !== 'string' || r.ruleId === '')
    return { value: undefined, diagnostics: [excAt(EXC_DIAG.badDocument("'ruleId' is missing"), text, 0, 0)] };
  const list = r.exclusions ?? [];
  if (!Array.isArray(list))
    return { value: undefined, diagnostics: [excAt(EXC_DIAG.badDocument("'exclusions' is not a list"), text, 0, 0)] };
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const exclusions: Exclusion[] = [];
  list.forEach((raw, i) => {
    const { value, diagnostic } = entry(raw, i, text);
    if (diagnostic) diagnostics.push(diagnostic);
    if (!value) return;
    if (seen.has(value.id)) {
      diagnostics.push(excAt(EXC_DIAG.duplicateId(value.id), text, 0, 0));
      return;
    }
    seen.add(value.id);
    exclusions.push(value);
  });
  return { value: { ruleId: r.ruleId, exclusions }, diagnostics };
}

/**
 * Folds `incoming` (fresh suggestions or an upstream copy) into `stored` for the same rule:
 * - user entries in `stored` are kept as they are;
 * - an entry with the same id keeps the stored `enabled` choice and takes the incoming text unless
 *   the stored one is the user's;
 * - new incoming entries are appended; stored non-user entries the incoming set no longer has are
 *   kept but disabled (the knowledge base dropped them, the user may still want them).
 */
export function mergeExclusions(stored: RuleExclusions, incoming: readonly Exclusion[]): RuleExclusions {
  const byId = new Map(incoming.map((x) => [x.id, x]));
  const out: Exclusion[] = stored.exclusions.map((s) => {
    const fresh = byId.get(s.id);
    if (s.source === 'user') return s;
    if (!fresh) return { ...s, enabled: false };
    return { ...fresh, enabled: s.enabled };
  });
  const have = new Set(out.map((x) => x.id));
  for (const x of incoming) if (!have.has(x.id)) out.push(x);
  return { ruleId: stored.ruleId, exclusions: out };
}
