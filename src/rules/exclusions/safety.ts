/**
 * Safety analysis of an exclusion, shown wherever an exclusion is shown. An exclusion is a hole in
 * the rule on purpose; this says how big the hole is and who can walk through it:
 *
 * - `unmapped-field` / `invalid`: a field the table does not have, or text that does not parse —
 *   the exclusion cannot run at all.
 * - `never-matches`: a comparison whose value cannot occur in that field (a file name without an
 *   extension, a path without a separator, a malformed IP or hash, contradictory equalities).
 * - `always-matches`: a condition that holds for every row (an empty substring, a negated dead test).
 * - `attacker-controlled`: a way to satisfy the exclusion using only values the attacker decides —
 *   text in their own command line, or names they can copy (a parent process name is spoofable and
 *   weaker than a signer or hash check).
 * - measured: `suppresses-all` (hides every row the rule finds), `hides-malicious` (ground truth says
 *   malicious rows were suppressed), `no-effect` (nothing suppressed on this data).
 *
 * The logic: the exclusion is put in disjunctive normal form; each conjunction is one sufficient
 * condition for suppressing a row, and the weakest one decides.
 */
import type { CompareExpr, ExclusionExpr, InExpr, Span } from './ast.js';
import { compileExclusion } from './compile.js';
import { type Control, type ResolvedField, resolveField } from './fields.js';
import type { ExclusionMeasurement } from './measure.js';
import { parseExclusion } from './parser.js';
import { matchesEverything, neverMatchReason } from './shapes.js';

export type SafetySeverity = 'info' | 'low' | 'medium' | 'high';

export type SafetyKind =
  | 'invalid'
  | 'unmapped-field'
  | 'never-matches'
  | 'always-matches'
  | 'attacker-controlled'
  | 'suppresses-all'
  | 'hides-malicious'
  | 'no-effect';

export interface SafetyFlag {
  readonly kind: SafetyKind;
  readonly severity: SafetySeverity;
  readonly reason: string;
  /** Part of the exclusion text the flag is about, when it is about a part. */
  readonly span?: Span;
}

export interface SafetyContext {
  /** The table the exclusion runs on. */
  readonly table: string | undefined;
  /** Measured effect of this exclusion, with the rule's baseline row count. */
  readonly measured?: { readonly baselineRows: number; readonly result: ExclusionMeasurement };
  /** Strings the rule itself filters on (vendor, product, tool names), lower-cased or not. */
  readonly ruleTerms?: readonly string[];
}

type Leaf = CompareExpr | InExpr;
interface Literal {
  readonly leaf: Leaf;
  /** True when the literal holds where the leaf's positive form (==, in, contains …) holds. */
  readonly positive: boolean;
}

const MAX_TERMS = 64;

function dnf(e: ExclusionExpr, negated: boolean): Literal[][] {
  switch (e.kind) {
    case 'Compare':
    case 'In': {
      const leafNegated = (e.kind === 'Compare' && e.op === '!=') || (e.kind === 'In' && e.negated);
      return [[{ leaf: e, positive: negated === leafNegated }]];
    }
    case 'Paren':
      return dnf(e.expr, negated);
    case 'Not':
      return dnf(e.operand, !negated);
    case 'And':
    case 'Or': {
      const left = dnf(e.left, negated);
      const right = dnf(e.right, negated);
      const conjunction = (e.kind === 'And') !== negated;
      if (!conjunction) return [...left, ...right].slice(0, MAX_TERMS);
      const out: Literal[][] = [];
      for (const a of left) for (const b of right) if (out.length < MAX_TERMS) out.push([...a, ...b]);
      return out;
    }
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** Why the leaf's positive form can never hold, or undefined. */
function deadReason(leaf: Leaf, f: ResolvedField): string | undefined {
  if (leaf.kind === 'In') {
    const reasons = leaf.values.map((v) => neverMatchReason(f.shape, 'in', v));
    return reasons.every((r) => r !== undefined) && reasons.length > 0 ? reasons.join('; ') : undefined;
  }
  return neverMatchReason(f.shape, leaf.op, leaf.value);
}

function universal(leaf: Leaf): boolean {
  return leaf.kind === 'Compare' && matchesEverything(leaf.op, leaf.value);
}

const CONTROL_RANK: Readonly<Record<Control, number>> = { attacker: 0, spoofable: 1, partial: 2, trusted: 3 };

function text(exclusion: string, span: Span): string {
  return exclusion.slice(span.start, span.end);
}

function contradiction(term: readonly Literal[]): string | undefined {
  const seen = new Map<string, string>();
  for (const l of term) {
    if (!l.positive || l.leaf.kind !== 'Compare' || l.leaf.op !== '==' || l.leaf.value.kind !== 'string') continue;
    const field = l.leaf.field.name.toLowerCase();
    const value = l.leaf.value.value.toLowerCase();
    const other = seen.get(field);
    if (other !== undefined && other !== value)
      return `${l.leaf.field.name} cannot equal both "${other}" and "${value}"`;
    seen.set(field, value);
  }
  return undefined;
}

interface TermView {
  readonly live: readonly Literal[];
  readonly dead: string | undefined;
  readonly deadSpan?: Span;
}

function viewTerm(term: readonly Literal[], fields: ReadonlyMap<Leaf, ResolvedField>): TermView {
  const live: Literal[] = [];
  for (const l of term) {
    const f = fields.get(l.leaf);
    const dead = f ? deadReason(l.leaf, f) : undefined;
    const alwaysTrue = (dead !== undefined && !l.positive) || (universal(l.leaf) && l.positive);
    const neverTrue = (dead !== undefined && l.positive) || (universal(l.leaf) && !l.positive);
    if (neverTrue)
      return {
        live: [],
        dead: dead ?? 'an empty pattern never fails, so its negation never holds',
        deadSpan: l.leaf.span,
      };
    if (!alwaysTrue) live.push(l);
  }
  return { live, dead: contradiction(live) };
}

function attackerFlag(
  exclusion: string,
  term: readonly Literal[],
  fields: ReadonlyMap<Leaf, ResolvedField>,
  ruleTerms: readonly string[],
): SafetyFlag | undefined {
  const controls = term.map((l) => fields.get(l.leaf)?.control ?? 'trusted');
  // A conjunction is as hard to satisfy as its most trusted condition.
  const strongest = Math.max(...controls.map((c) => CONTROL_RANK[c]));
  if (strongest === CONTROL_RANK.trusted) return undefined;
  const parts = term.map((l) => `'${text(exclusion, l.leaf.span)}'`).join(' and ');
  const span = {
    start: Math.min(...term.map((l) => l.leaf.span.start)),
    end: Math.max(...term.map((l) => l.leaf.span.end)),
  };
  const hasAttacker = controls.includes('attacker');
  const names = term
    .filter((l) => (fields.get(l.leaf)?.control ?? 'trusted') === 'spoofable')
    .map((l) => l.leaf.field.name);
  const own = term.some(
    (l) =>
      l.leaf.kind === 'Compare' &&
      l.leaf.value.kind === 'string' &&
      ruleTerms.some(
        (t) =>
          t.length >= 3 &&
          String((l.leaf as CompareExpr).value.value)
            .toLowerCase()
            .includes(t.toLowerCase()),
      ),
  );
  if (strongest === CONTROL_RANK.partial) {
    return {
      kind: 'attacker-controlled',
      severity: 'low',
      span,
      reason: `${parts} uses only values an attacker with some foothold can choose (paths, accounts, domains); pair it with a hash or signer check.`,
    };
  }
  const reason = hasAttacker
    ? `${parts} can be satisfied by the attacker alone: command-line text is whatever the attacker types${names.length > 0 ? `, and ${names.join(', ')} is only a name they can reuse or spoof` : ''}.${own ? " The text names the very tool the rule hunts, so the tool's malicious use carries it too." : ''} Prefer a trusted property (signer, hash, host, tenant).`
    : `${parts} relies only on ${names.join(', ')}, a name an attacker can copy or spoof (e.g. by renaming a binary or PPID spoofing); a signer or hash check is stronger.`;
  return { kind: 'attacker-controlled', severity: hasAttacker ? 'high' : 'medium', span, reason };
}

function measuredFlags(m: SafetyContext['measured']): SafetyFlag[] {
  if (!m?.result.ran) return [];
  const out: SafetyFlag[] = [];
  const r = m.result;
  if (m.baselineRows > 0 && r.suppressed >= m.baselineRows)
    out.push({
      kind: 'suppresses-all',
      severity: 'high',
      reason: `It suppressed all ${m.baselineRows} rows the rule found: with it the rule can never fire on this data.`,
    });
  if (r.malicious > 0)
    out.push({
      kind: 'hides-malicious',
      severity: 'high',
      reason: `It suppressed ${r.malicious} row(s) the ground truth marks malicious${r.maliciousScenarios.length > 0 ? ` (${r.maliciousScenarios.join(', ')})` : ''}.`,
    });
  if (r.suppressed === 0 && m.baselineRows > 0)
    out.push({
      kind: 'no-effect',
      severity: 'info',
      reason: `It suppressed none of the ${m.baselineRows} rows the rule found on this data.`,
    });
  return out;
}

/** Analyses one exclusion expression. Never throws. */
export function analyseExclusion(expression: string, ctx: SafetyContext): SafetyFlag[] {
  const parsed = parseExclusion(expression);
  if (!parsed.expr)
    return [
      {
        kind: 'invalid',
        severity: 'high',
        reason: parsed.diagnostics.map((d) => `${d.code} ${d.message}`).join(' ') || 'It does not parse.',
      },
    ];
  if (!ctx.table)
    return [
      { kind: 'unmapped-field', severity: 'high', reason: 'The rule reads no known table, so no field can be mapped.' },
    ];
  const flags: SafetyFlag[] = [];
  const compiled = compileExclusion(expression, parsed.expr, ctx.table);
  for (const d of compiled.diagnostics)
    flags.push({
      kind: d.code === 'EXC301' ? 'unmapped-field' : 'invalid',
      severity: 'high',
      reason: d.message,
      span: { start: d.offset, end: d.offset + d.length },
    });
  const terms = dnf(parsed.expr, false);
  const fields = new Map<Leaf, ResolvedField>();
  for (const term of terms)
    for (const l of term) {
      const f = resolveField(ctx.table, l.leaf.field.name);
      if (f) fields.set(l.leaf, f);
    }
  const views = terms.map((t) => viewTerm(t, fields));
  const deadSeen = new Set<string>();
  const alive = views.filter((v) => v.dead === undefined);
  if (alive.length === 0) {
    const why = [...new Set(views.map((v) => v.dead as string))].join('; ');
    flags.push({ kind: 'never-matches', severity: 'high', reason: `The exclusion can never match: ${why}.` });
  } else {
    for (const v of views)
      if (v.dead !== undefined && !deadSeen.has(v.dead)) {
        deadSeen.add(v.dead);
        flags.push({
          kind: 'never-matches',
          severity: 'medium',
          reason: `Part of the exclusion can never match: ${v.dead}. It does nothing; fix the value or remove it.`,
          ...(v.deadSpan ? { span: v.deadSpan } : {}),
        });
      }
  }
  if (alive.some((v) => v.live.length === 0))
    flags.push({
      kind: 'always-matches',
      severity: 'high',
      reason: 'A branch of the exclusion holds for every row, so it suppresses everything the rule finds.',
    });
  const attacker = alive
    .filter((v) => v.live.length > 0)
    .map((v) => attackerFlag(expression, v.live, fields, ctx.ruleTerms ?? []))
    .filter((x): x is SafetyFlag => x !== undefined);
  const order: Readonly<Record<SafetySeverity, number>> = { high: 0, medium: 1, low: 2, info: 3 };
  flags.push(...attacker.sort((a, b) => order[a.severity] - order[b.severity]).slice(0, 3));
  flags.push(...measuredFlags(ctx.measured));
  return flags;
}

/** The most severe flag's severity, or undefined when there are none. */
export function worstSeverity(flags: readonly SafetyFlag[]): SafetySeverity | undefined {
  for (const s of ['high', 'medium', 'low', 'info'] as const) if (flags.some((f) => f.severity === s)) return s;
  return undefined;
}
