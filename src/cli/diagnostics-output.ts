/**
 * Diagnostic output of the CLI contract:
 * - text: `file:line:col: error KQL301: message`, then the source line and a caret under the span;
 * - JSON: `{code, severity, message, line, column, length}` (no offset: tools index by line/col).
 */

import pc from 'picocolors';
import type { Diagnostic } from '../kql/engine.js';

export interface JsonDiagnostic {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly length: number;
}

export function toJsonDiagnostic(d: Diagnostic): JsonDiagnostic {
  return { code: d.code, severity: d.severity, message: d.message, line: d.line, column: d.column, length: d.length };
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

type Colors = ReturnType<typeof pc.createColors>;

/** Colours only for a terminal that did not opt out (NO_COLOR), so pipes and tests get plain text. */
export function colorsFor(stream: NodeJS.WriteStream): Colors {
  return pc.createColors(Boolean(stream.isTTY) && !process.env.NO_COLOR);
}

/** All diagnostics as text blocks, each ending in a newline. */
export function formatDiagnosticsText(
  diags: readonly Diagnostic[],
  fileName: string,
  text: string,
  colors: Colors = pc.createColors(false),
): string {
  const lines = text.split(/\r\n|\r|\n/);
  return diags.map((d) => formatOne(d, fileName, lines, colors)).join('');
}

function formatOne(d: Diagnostic, fileName: string, lines: readonly string[], c: Colors): string {
  const sev =
    d.severity === 'error' ? c.red(d.severity) : d.severity === 'warning' ? c.yellow(d.severity) : c.cyan(d.severity);
  let out = `${c.bold(`${fileName}:${d.line}:${d.column}:`)} ${sev} ${d.code}: ${d.message}\n`;
  const src = lines[d.line - 1];
  if (src !== undefined) out += `${src}\n${caretLine(src, d.column, d.length, c)}\n`;
  return out;
}

/**
 * The caret line under a source line. Copies tabs from the source so the caret lines up in any
 * terminal, and clips the underline at the end of the line (a span may run onto later lines).
 */
export function caretLine(src: string, column: number, length: number, c: Colors = pc.createColors(false)): string {
  const start = Math.max(0, Math.min(column - 1, src.length));
  const pad = src.slice(0, start).replace(/[^\t]/g, ' ');
  const width = Math.max(1, Math.min(length, src.length - start));
  return pad + c.green(`^${'~'.repeat(width - 1)}`);
}
