/**
 * Rule test files → RuleTest values. The YAML is checked against the JSON Schema
 * (RULE_TESTS_SCHEMA, with ajv) and then for what a schema cannot say (unique names, a parseable
 * `now`, contradictory expectations). Never throws: every problem is a diagnostic with the file,
 * 1-based line and column of the offending node, and tests that are valid still load.
 *
 * Codes: TEST101 YAML syntax, TEST2xx schema and content, TEST3xx inputs at run time.
 */
import { dirname, resolve } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isNode, isPair, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import { parseDatetime } from '../../kql/engine.js';
import type { Exclusion } from '../exclusions/types.js';
import { RULE_TESTS_SCHEMA } from './schema.js';
import type { RuleTest, RuleTestFile, TestDiagnostic, TestFileKind } from './types.js';

let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(RULE_TESTS_SCHEMA);
  return validator;
}

export const TEST_DIAG = {
  yamlSyntax: (reason: string) => ({ code: 'TEST101', message: `YAML syntax error: ${reason}` }),
  schema: (where: string, reason: string) => ({ code: 'TEST201', message: `${where}: ${reason}` }),
  duplicateName: (name: string) => ({ code: 'TEST202', message: `Test name '${name}' is used twice in the file.` }),
  badNow: (text: string) => ({ code: 'TEST203', message: `'now' is not a datetime: '${text}'.` }),
  contradiction: (reason: string) => ({
    code: 'TEST204',
    message: `The expectations contradict each other: ${reason}.`,
  }),
  notTests: () => ({ code: 'TEST205', message: 'The document is not a mapping with a tests: list.' }),
} as const;

export interface ParseTestsOptions {
  readonly kind: TestFileKind;
  /** Added to every line (a tests block inside a Markdown file). */
  readonly lineOffset?: number;
  /** Inline tests: only the rule file's top-level `tests` key is read. */
  readonly inline?: boolean;
}

/** Parses one tests document. `path` is used in diagnostics and to resolve input files. */
export function parseRuleTests(text: string, path: string, options: ParseTestsOptions): RuleTestFile {
  const lineCounter = new LineCounter();
  const offset = options.lineOffset ?? 0;
  const diagnostics: TestDiagnostic[] = [];
  const pos = (at: number | undefined): { line: number; column: number } => {
    if (at === undefined) return { line: 0, column: 0 };
    const p = lineCounter.linePos(at);
    return { line: p.line + offset, column: p.col };
  };
  const report = (fact: { code: string; message: string }, at?: number) =>
    diagnostics.push({ ...fact, severity: 'error', path, ...pos(at) });
  const empty = (): RuleTestFile => ({ path, kind: options.kind, tests: [], exclusions: [], diagnostics });

  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) report(TEST_DIAG.yamlSyntax(e.message.split('\n')[0] ?? ''), e.pos[0]);
    return empty();
  }
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    report(TEST_DIAG.yamlSyntax((e as Error).message));
    return empty();
  }
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    report(TEST_DIAG.notTests(), doc.contents?.range?.[0]);
    return empty();
  }
  const data: Record<string, unknown> = options.inline
    ? { tests: (root as Record<string, unknown>).tests }
    : (root as Record<string, unknown>);
  const check = validate();
  const invalidTests = new Set<number>();
  let exclusionsValid = true;
  if (!check(data)) {
    for (const e of usefulErrors(check.errors ?? [])) {
      const segments = e.instancePath.split('/').slice(1).map(unescapePointer);
      const at = nodeOffset(doc.contents, segments, e);
      report(TEST_DIAG.schema(where(segments), message(e)), at);
      if (segments[0] === 'tests' && segments[1] !== undefined) invalidTests.add(Number(segments[1]));
      else if (segments[0] === 'exclusions') exclusionsValid = false;
      else if (segments[0] === 'tests') return empty();
    }
  }
  const rawTests = Array.isArray(data.tests) ? (data.tests as Record<string, unknown>[]) : [];
  const tests: RuleTest[] = [];
  const names = new Set<string>();
  rawTests.forEach((raw, i) => {
    if (invalidTests.has(i)) return;
    const at = nodeOffset(doc.contents, ['tests', String(i)]);
    const t = toTest(raw, path, pos(at));
    if (names.has(t.name)) {
      report(TEST_DIAG.duplicateName(t.name), nodeOffset(doc.contents, ['tests', String(i), 'name']));
      return;
    }
    names.add(t.name);
    if (t.now !== undefined && parseDatetime(t.now) === null) {
      report(TEST_DIAG.badNow(t.now), nodeOffset(doc.contents, ['tests', String(i), 'now']));
      return;
    }
    const contradiction = contradictionOf(t);
    if (contradiction) {
      report(TEST_DIAG.contradiction(contradiction), nodeOffset(doc.contents, ['tests', String(i), 'expect']));
      return;
    }
    tests.push(t);
  });
  const exclusions = exclusionsValid && Array.isArray(data.exclusions) ? data.exclusions.map(toExclusion) : [];
  return { path, kind: options.kind, tests, exclusions, diagnostics };
}

function toTest(raw: Record<string, unknown>, path: string, at: { line: number; column: number }): RuleTest {
  const input = (raw.input ?? {}) as { tables?: Record<string, Record<string, unknown>[]>; files?: string[] };
  const expect = raw.expect as Record<string, unknown>;
  const base = dirname(path);
  return {
    name: raw.name as string,
    ...(typeof raw.rule === 'string' ? { rule: raw.rule } : {}),
    ...(raw.now !== undefined ? { now: String(raw.now) } : {}),
    exclusions: raw.exclusions === 'disabled' ? 'disabled' : 'enabled',
    tables: input.tables ?? {},
    files: (input.files ?? []).map((f) => resolve(base, f)),
    expect: {
      ...(typeof expect.fires === 'boolean' ? { fires: expect.fires } : {}),
      ...(typeof expect.count === 'number' ? { count: expect.count } : {}),
      ...(Array.isArray(expect.rows) ? { rows: expect.rows as Record<string, unknown>[] } : {}),
      match: expect.match === 'exact' ? 'exact' : 'subset',
    },
    line: at.line,
    column: at.column,
  };
}

function toExclusion(raw: Record<string, unknown>): Exclusion {
  return {
    id: raw.id as string,
    scenario: typeof raw.scenario === 'string' ? raw.scenario : (raw.id as string),
    description: typeof raw.description === 'string' ? raw.description : '',
    expression: raw.expression as string,
    enabled: raw.enabled !== false,
    source: (raw.source as Exclusion['source'] | undefined) ?? 'user',
  };
}

function contradictionOf(t: RuleTest): string | undefined {
  const { fires, count, rows, match } = t.expect;
  if (fires === false && count !== undefined && count > 0) return `fires: false but count: ${count}`;
  if (fires === true && count === 0) return 'fires: true but count: 0';
  if (fires === false && rows && rows.length > 0) return 'fires: false but rows are expected';
  if (count !== undefined && rows && (count < rows.length || (match === 'exact' && count !== rows.length)))
    return `count: ${count} but ${rows.length} row(s) are expected`;
  return undefined;
}

/** anyOf branches report one error each; the anyOf error alone says it better. */
function usefulErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  return errors.filter((e) => !/\/anyOf\/\d+\//.test(e.schemaPath));
}

function message(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'anyOf':
      return 'needs at least one of fires, count, rows';
    case 'additionalProperties':
      return `unknown field '${String(p.additionalProperty)}'`;
    case 'required':
      return `missing required field '${String(p.missingProperty)}'`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => String(v)).join(', ')}`;
    case 'type':
      return `must be ${article(String(p.type))}`;
    default:
      return e.message ?? e.keyword;
  }
}

function article(type: string): string {
  return type === 'array'
    ? 'a list'
    : type === 'object'
      ? 'a mapping'
      : /^[aeiou]/.test(type)
        ? `an ${type}`
        : `a ${type}`;
}

/** `tests[0].expect.count` from JSON-pointer segments. */
function where(segments: readonly string[]): string {
  if (segments.length === 0) return 'the document';
  return segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function unescapePointer(s: string): string {
  return s.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Offset of the YAML node at `segments` (for an unknown key: that key). */
function nodeOffset(root: unknown, segments: readonly string[], e?: ErrorObject): number | undefined {
  let node: unknown = root;
  let last: number | undefined = isNode(root) ? (root as Node).range?.[0] : undefined;
  for (const s of segments) {
    if (!isNode(node)) break;
    const next = (node as { get?: (k: unknown, keep: boolean) => unknown }).get?.(
      /^\d+$/.test(s) && !isMap(node) ? Number(s) : s,
      true,
    );
    if (next === undefined) break;
    node = next;
    if (isNode(node)) last = (node as Node).range?.[0] ?? last;
  }
  const extra = (e?.params as { additionalProperty?: string } | undefined)?.additionalProperty;
  if (extra !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === extra);
    if (pair && isScalar(pair.key)) return pair.key.range?.[0] ?? last;
  }
  return last;
}
