/**
 * Diagnostics: every user-facing problem the engine reports. User input never throws; each stage
 * collects Diagnostic values. Codes are stable (tools and tests key on them) and every message is
 * built by a named factory in DIAG below, so the wording lives in one place.
 *
 * Code ranges: KQL1xx lexical, KQL2xx syntax, KQL3xx names/binding, KQL4xx types/functions,
 * KQL5xx cloud-only / not available locally, KQL6xx execution, KQL9xx internal.
 */

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** 1-based line of the first character. */
  readonly line: number;
  /** 1-based column (in UTF-16 code units) of the first character. */
  readonly column: number;
  /** Length of the span in UTF-16 code units (0 for a point). */
  readonly length: number;
  /** 0-based offset of the first character in the query text. */
  readonly offset: number;
}

/** A diagnostic before line/column are computed from the source text. */
export interface RawDiagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly offset: number;
  readonly length: number;
}

type Fact = (...args: never[]) => Omit<RawDiagnostic, 'offset' | 'length'>;

function err(code: string, message: string): Omit<RawDiagnostic, 'offset' | 'length'> {
  return { code, severity: 'error', message };
}
function warn(code: string, message: string): Omit<RawDiagnostic, 'offset' | 'length'> {
  return { code, severity: 'warning', message };
}

const q = (s: string) => `'${s}'`;
const didYouMean = (s: string | undefined) => (s ? `; did you mean ${q(s)}?` : '');

/** The one place where diagnostic codes and texts are defined. */
export const DIAG = {
  // lexical
  unterminatedString: () => err('KQL101', 'Unterminated string literal: add the closing quote.'),
  unterminatedComment: () => err('KQL102', 'Unterminated multi-line string: add the closing ```.'),
  invalidCharacter: (ch: string) => err('KQL103', `Unexpected character ${q(ch)}: it cannot start a token here.`),
  invalidNumber: (text: string) => err('KQL104', `Invalid number literal ${q(text)}.`),
  invalidLiteral: (kind: string, text: string, hint: string) =>
    err('KQL105', `Invalid ${kind} literal ${q(text)}: ${hint}`),
  // syntax
  expected: (what: string, found: string) => err('KQL201', `Expected ${what} but found ${found}.`),
  unexpectedToken: (found: string) =>
    err('KQL202', `Unexpected ${found}: remove it or finish the statement before it.`),
  missingExpression: (context: string) => err('KQL203', `Missing expression ${context}.`),
  unknownOperator: (name: string, suggestion?: string) =>
    err('KQL204', `Unknown tabular operator ${q(name)}${didYouMean(suggestion)}`),
  unknownParameter: (op: string, name: string) =>
    warn('KQL205', `Unknown parameter ${q(name)} for ${op}; it is ignored.`),
  emptyQuery: () => err('KQL206', 'The query has no tabular expression to run.'),
  trailingSemicolonOnly: () => warn('KQL207', 'Statement list ends without a query expression.'),
  tooDeep: (limit: number) =>
    err('KQL208', `The query nests deeper than ${limit} levels; simplify it (the nested part was skipped).`),
  tooLong: (limit: number) =>
    err(
      'KQL208',
      `The query is more than ${limit} levels deep (a chain of operators such as +, * or |, or nested calls); split it with let statements.`,
    ),
  keywordAsName: (name: string) =>
    err('KQL210', `${q(name)} is a type keyword: write ['${name}'] to use it as a name.`),
  namedPredicate: (name: string) =>
    warn(
      'KQL211',
      `'${name} =' names the predicate and does not compare: the filter is the expression after '='; write '${name} ==' to compare.`,
    ),
  unmodelledStatement: (what: string) =>
    warn('KQL209', `${what} is recognised but not modelled by the local engine; it is skipped.`),
  // names
  unknownTable: (name: string, suggestion?: string) =>
    err(
      'KQL301',
      `Unknown table ${q(name)}${didYouMean(suggestion) || '; load data with that table or check the name.'}`,
    ),
  unknownColumn: (name: string, where: string, suggestion?: string) =>
    err('KQL302', `Column ${q(name)} is not in ${where}${didYouMean(suggestion) || '.'}`),
  unknownName: (name: string, suggestion?: string) =>
    err(
      'KQL303',
      `Name ${q(name)} does not refer to a column, let variable or function${didYouMean(suggestion) || '.'}`,
    ),
  duplicateColumn: (name: string) =>
    warn('KQL304', `Column ${q(name)} is defined more than once; the last definition wins.`),
  columnDeclaredTwice: (name: string) =>
    err('KQL310', `Column ${q(name)} is declared twice in this operator; give one of them another name.`),
  ambiguousColumn: (name: string) => err('KQL305', `Column ${q(name)} is ambiguous here.`),
  leftRightOutsideJoin: (name: string) =>
    err('KQL306', `${name} can only be used in the 'on' clause of join or lookup.`),
  notATable: (name: string) => err('KQL307', `${q(name)} is a scalar, but a table is expected here.`),
  restrictedEntity: (name: string) =>
    err('KQL311', `${q(name)} is not accessible: a restrict statement limits this query to the entities it lists.`),
  notAScalar: (name: string) => err('KQL308', `${q(name)} is a table, but a scalar is expected here.`),
  patternNoMatch: (name: string, args: string) =>
    err('KQL309', `Pattern ${q(name)} has no rule for ${args}: add a matching rule to its declaration.`),
  // types and functions
  unknownFunction: (name: string, suggestion?: string) =>
    err('KQL401', `Unknown function ${q(name)}${didYouMean(suggestion) || '.'}`),
  wrongArgCount: (name: string, expected: string, got: number) =>
    err('KQL402', `Function ${q(name)} expects ${expected} argument(s) but got ${got}.`),
  wrongArgType: (name: string, index: number, expected: string, got: string) =>
    err('KQL403', `Argument ${index + 1} of ${q(name)} must be ${expected}, but it is ${got}.`),
  operatorTypes: (op: string, left: string, right: string) =>
    err('KQL404', `Operator ${q(op)} cannot be applied to ${left} and ${right}.`),
  aggregateOutsideSummarize: (name: string) =>
    err('KQL405', `Aggregate function ${q(name)} can only be used in summarize, make-series or top-nested.`),
  notAnAggregate: (name: string) =>
    err('KQL406', `${q(name)} is not an aggregate function; summarize needs one (count(), sum(x), …).`),
  expectedType: (what: string, expected: string, got: string) =>
    err('KQL407', `${what} must be ${expected}, but it is ${got}.`),
  constantRequired: (what: string) => err('KQL408', `${what} must be a constant.`),
  deprecatedName: (name: string, replacement: string) =>
    warn('KQL409', `${q(name)} is a legacy name; ${q(replacement)} is preferred.`),
  // cloud only
  cloudOnlyFunction: (name: string, product: string) =>
    err('KQL501', `${q(name)} is available only in ${product}, not locally: run this query there, or remove the call.`),
  cloudOnlyTable: (name: string, product: string) =>
    err('KQL502', `Table ${q(name)} is available only in ${product}; export it to a file to query it locally.`),
  unsupportedLocally: (what: string) => err('KQL503', `${what} is not supported by the local engine.`),
  notAvailableLocally: (name: string, needs: string, runsIn: string) =>
    err('KQL504', `${q(name)} is not available locally: it needs ${needs}, so it runs only in ${runsIn}.`),
  // execution
  timeout: (ms: number) => err('KQL601', `Query cancelled: it ran longer than the ${ms} ms limit (raise --timeout).`),
  rowBudget: (rows: number) =>
    err('KQL602', `Query cancelled: it produced more than ${rows} rows (raise --max-rows or filter earlier).`),
  cancelled: () => err('KQL603', 'Query cancelled.'),
  runtime: (message: string) => err('KQL604', message),
  memoryBudget: (mb: number) =>
    err('KQL605', `Query cancelled: it needed more than ${mb} MB (raise --max-memory or filter earlier).`),
  workerOutOfMemory: (heapMb: number | undefined) =>
    err(
      'KQL605',
      `Query cancelled: it ran out of memory${heapMb === undefined ? '' : ` (the query worker's ${heapMb} MB heap)`} (lower its working set or raise --max-memory).`,
    ),
  busy: () => err('KQL607', 'The query engine is busy with other queries; try again in a moment.'),
  externalDataDenied: (uri: string) =>
    err('KQL606', `externaldata may read only local files you allow (--allow-file); ${q(uri)} was not read.`),
  /** A stack overflow caught at a stage boundary: the last line of defence behind MAX_TREE_DEPTH. */
  tooDeepToRun: () =>
    err(
      'KQL208',
      'The query nests too deeply for the local engine; simplify it (e.g. shorter chains, fewer nested calls).',
    ),
  internal: (message: string) => err('KQL901', `Internal error: ${message}. Please report it with the query.`),
} satisfies Record<string, Fact>;

export type DiagnosticFactory = keyof typeof DIAG;

/** True for the RangeError V8 throws when the call stack is exhausted. */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/** A fact for an exception that escaped a stage: KQL208 for stack exhaustion, else KQL901. */
export function faultDiagnostic(e: unknown): Omit<RawDiagnostic, 'offset' | 'length'> {
  if (isStackOverflow(e)) return DIAG.tooDeepToRun();
  return DIAG.internal(e instanceof Error ? e.message : String(e));
}

/** Converts an offset into 1-based line/column (lines end with \n, \r\n or \r). */
export class LineMap {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] as number) + 1 };
  }
}

export function locate(raw: readonly RawDiagnostic[], text: string): Diagnostic[] {
  if (raw.length === 0) return [];
  const map = new LineMap(text);
  return raw.map((d) => ({ ...d, ...map.position(d.offset) }));
}

/** Levenshtein-based suggestion among candidates (case-insensitive), or undefined if none is close. */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    if (cl === lower) return c;
    let score = editDistance(lower, cl);
    // 'AccountUpn' → 'InitiatingProcessAccountUpn': a name that another name ends or starts with
    // is the likeliest intent, however long the rest.
    if (lower.length >= 3 && (cl.endsWith(lower) || cl.startsWith(lower)))
      score = Math.min(score, 1 + (cl.length - lower.length) / 100);
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  const limit = Math.max(2, Math.floor(name.length / 3));
  return bestScore <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return 99;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] as number;
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      prev[j] = Math.min((prev[j] as number) + 1, (prev[j - 1] as number) + 1, diag + cost);
      diag = tmp;
    }
  }
  return prev[b.length] as number;
}
