/**
 * Sentinel rule YAML loader: one hunting query or analytic rule per file, as in Azure-Sentinel
 * `Hunting Queries/`, `Detections/` and `Solutions/<name>/Analytic Rules|Hunting Queries/`.
 * Never throws: a broken file yields error diagnostics (path, line, reason) and no rule; quirks
 * are repaired with warnings.
 */
import { type Document, isMap, LineCounter, parseAllDocuments } from 'yaml';
import { validTactics, validTechniques } from './attack-ids.js';
import { at, RULE_DIAG, type RuleDiagnostic } from './diagnostics.js';
import {
  type LoadResult,
  RULE_KINDS,
  type Rule,
  type RuleKind,
  type RuleSource,
  type Severity,
  UNCHECKED,
} from './model.js';
import { findReferences } from './references.js';
import { SENTINEL_FIELDS, TRIGGER_ALIASES } from './sentinel-schema.js';
import { tablesOfQuery } from './tables.js';
import {
  describe,
  type Note,
  readConnectors,
  readDuration,
  readEntityMappings,
  readString,
  readStringList,
  readStringMap,
} from './yaml-fields.js';
import { normaliseYamlText, repairYamlText } from './yaml-repair.js';

/** Loads one YAML rule file. `source.path` is used in diagnostics. */
export function loadSentinelYaml(text: string, source: RuleSource): LoadResult {
  const path = source.path;
  const diagnostics: RuleDiagnostic[] = [];
  const normal = normaliseYamlText(text);
  for (const w of normal.warnings) diagnostics.push(at(w.fact, path, w.line, w.line ? 1 : 0));
  if (normal.text.trim() === '') return { rules: [], diagnostics: [...diagnostics, at(RULE_DIAG.emptyFile(), path)] };

  let parsed = parseYaml(normal.text, path);
  if (parsed.errors.length > 0) {
    const repaired = repairYamlText(normal.text);
    const retry = repaired.warnings.length > 0 ? parseYaml(repaired.text, path) : parsed;
    if (retry.errors.length === 0) {
      for (const w of repaired.warnings) diagnostics.push(at(w.fact, path, w.line, w.line ? 1 : 0));
      parsed = retry;
    }
  }
  const { doc, lineCounter, errors, several } = parsed;
  if (several) diagnostics.push(at(RULE_DIAG.multipleDocuments(), path));
  if (errors.length > 0) return { rules: [], diagnostics: [...diagnostics, ...errors] };
  if (!doc || !isMap(doc.contents))
    return { rules: [], diagnostics: [...diagnostics, at(RULE_DIAG.notAMapping(), path, 1, 1)] };

  const lineOf = (key: string): number => {
    const pair = (doc.contents as { items: { key: { value?: unknown; range?: number[] } }[] }).items.find(
      (p) => p.key?.value === key,
    );
    return pair?.key?.range ? lineCounter.linePos(pair.key.range[0] as number).line : 0;
  };
  let data: Record<string, unknown>;
  try {
    // toJS throws on unresolved aliases and alias bombs; that is a broken file, not a crash.
    data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  } catch (e) {
    return { rules: [], diagnostics: [...diagnostics, at(RULE_DIAG.yamlSyntax((e as Error).message), path, 1, 1)] };
  }
  const built = buildRule(data, source, (field, notes) => {
    for (const n of notes) diagnostics.push(at(n, path, lineOf(field), lineOf(field) ? 1 : 0));
  });
  return { rules: built ? [built] : [], diagnostics };
}

interface Parsed {
  readonly doc: Document.Parsed | undefined;
  readonly lineCounter: LineCounter;
  readonly errors: readonly RuleDiagnostic[];
  readonly several: boolean;
}

function parseYaml(text: string, path: string): Parsed {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [];
  const doc = list[0];
  const errors = (doc?.errors ?? []).map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return at(RULE_DIAG.yamlSyntax(e.message.split('\n')[0] as string), path, pos.line, pos.col);
  });
  return { doc, lineCounter, errors, several: list.filter((d) => d.contents !== null).length > 1 };
}

type Report = (field: string, notes: Note[]) => void;

/** Validates the mapping against SENTINEL_FIELDS and builds the rule; undefined on errors. */
export function buildRule(data: Record<string, unknown>, source: RuleSource, report: Report): Rule | undefined {
  let failed = false;
  const field = <T>(name: string, read: (v: unknown, notes: Note[]) => T): T => {
    const notes: Note[] = [];
    const value = read(data[name], notes);
    if (notes.some((n) => n.severity === 'error')) failed = true;
    report(name, notes);
    return value;
  };
  for (const [name, spec] of Object.entries(SENTINEL_FIELDS)) {
    if (spec.required && (data[name] === undefined || data[name] === null)) {
      report('', [RULE_DIAG.missingField(name)]);
      failed = true;
    }
  }
  const id = field('id', (v, n) => readString('id', v, n));
  const name = field('name', (v, n) => readString('name', v, n));
  const query = field('query', (v, n) => readString('query', v, n)) ?? '';
  if (data.query !== undefined && data.query !== null && query.trim() === '') {
    report('query', [RULE_DIAG.emptyQuery()]);
    failed = true;
  }
  const description = field('description', (v, n) => readString('description', v, n)) ?? '';
  const connectors = field('requiredDataConnectors', (v, n) => readConnectors(v, data.dataTypes, n));
  // Bad ATT&CK entries are lint errors that drop the entry, not the rule (see attack-ids.ts).
  const tacticNotes: Note[] = [];
  const techniqueNotes: Note[] = [];
  const tactics = validTactics(
    field('tactics', (v, n) => readStringList('tactics', v, n)),
    tacticNotes,
  );
  const techniques = validTechniques(
    field('relevantTechniques', (v, n) => readStringList('relevantTechniques', v, n)),
    techniqueNotes,
  );
  report('tactics', tacticNotes);
  report('relevantTechniques', techniqueNotes);
  const severity = field('severity', (v, n) => readEnum('severity', v, n)) as Severity | undefined;
  const kindText = field('kind', (v, n) => readEnum('kind', v, n));
  const trigger = field('triggerOperator', (v, n) => readTrigger(v, n));
  const threshold = field('triggerThreshold', (v, n) => readNumber('triggerThreshold', v, n));
  const extra = Object.fromEntries(
    Object.entries(data).filter(([k]) => SENTINEL_FIELDS[k]?.type === 'any' && k !== 'tags'),
  );
  // `tests` holds the rule's inline tests (src/rules/tests), not a rule field.
  for (const k of Object.keys(data))
    if (!(k in SENTINEL_FIELDS) && k !== 'dataTypes' && k !== 'tests') report(k, [RULE_DIAG.unknownField(k)]);
  if (failed || id === undefined || name === undefined) return undefined;

  const connectorTables = connectors.flatMap((c) => c.dataTypes);
  const rule: Rule = {
    id: id.trim(),
    name: name.trim(),
    description,
    kind: kindOf(kindText),
    format: 'sentinel-yaml',
    query,
    tactics,
    techniques: techniques.map((t) => t.toUpperCase()),
    requiredDataConnectors: connectors,
    tables: [...new Set([...connectorTables, ...tablesOfQuery(query)])].sort(),
    entityMappings: field('entityMappings', (v, n) => readEntityMappings(v, n)),
    customDetails: field('customDetails', (v, n) => readStringMap('customDetails', v, n)),
    tags: readTags(data.tags),
    references: findReferences(description, query),
    source,
    extra,
    lint: UNCHECKED,
  };
  return withOptional(rule, {
    severity,
    queryFrequency: field('queryFrequency', (v, n) => readDuration('queryFrequency', v, n)),
    queryPeriod: field('queryPeriod', (v, n) => readDuration('queryPeriod', v, n)),
    triggerOperator: trigger,
    triggerThreshold: threshold,
    version: field('version', (v, n) => readString('version', v, n)),
  });
}

/** Sets only the optional fields that have a value (so equal rules compare equal). */
function withOptional(rule: Rule, optional: Partial<Rule>): Rule {
  const defined = Object.entries(optional).filter(([, v]) => v !== undefined);
  return { ...rule, ...Object.fromEntries(defined) };
}

function kindOf(text: string | undefined): RuleKind {
  const k = (text ?? 'hunting').toLowerCase();
  return (RULE_KINDS as readonly string[]).includes(k) ? (k as RuleKind) : 'hunting';
}

function readEnum(field: string, v: unknown, notes: Note[]): string | undefined {
  const text = readString(field, v, notes);
  if (text === undefined) return undefined;
  const allowed = SENTINEL_FIELDS[field]?.allowed ?? [];
  const hit = allowed.find((a) => a.toLowerCase() === text.trim().toLowerCase());
  if (!hit) notes.push(RULE_DIAG.badValue(field, text, allowed.join(', ')));
  return hit;
}

function readTrigger(v: unknown, notes: Note[]): 'gt' | 'lt' | 'eq' | 'ne' | undefined {
  if (v === undefined || v === null) return undefined;
  const op = TRIGGER_ALIASES[String(v).toLowerCase()];
  if (!op) notes.push(RULE_DIAG.badValue('triggerOperator', String(v), 'gt, lt, eq or ne'));
  return op;
}

function readNumber(field: string, v: unknown, notes: Note[]): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) {
    notes.push(RULE_DIAG.wrongType(field, 'a number', describe(v)));
    return undefined;
  }
  return n;
}

/** Tags are strings upstream, sometimes `{id, version}` objects (solution tags); keep their text. */
function readTags(v: unknown): string[] {
  const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : [];
  return items
    .map((t) => (typeof t === 'object' && t !== null ? String((t as Record<string, unknown>).id ?? '') : String(t)))
    .map((t) => t.trim())
    .filter((t) => t !== '');
}
