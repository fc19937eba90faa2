import type { RawDiagnostic } from '../diagnostics.js';
import type { Span } from '../syntax/ast.js';
import type { BindContext } from './scope.js';

/** Records a diagnostic built by a DIAG factory at a syntax span. */
export function report(ctx: BindContext, fact: Omit<RawDiagnostic, 'offset' | 'length'>, span: Span): void {
  ctx.diagnostics.push({ ...fact, offset: span.start, length: Math.max(0, span.end - span.start) });
}
