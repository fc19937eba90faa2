/** Selection of false-positive templates for a rule, with placeholders filled from tool facts. */
import { FP_TEMPLATES, type FpTemplate } from './knowledge.js';

export { FP_TEMPLATES, type FpFamily, type FpTemplate } from './knowledge.js';

export interface FpFill {
  readonly tool?: string;
  readonly agent?: string;
  readonly domain?: string;
  readonly company?: string;
}

export interface FilledTemplate extends Omit<FpTemplate, 'tables'> {
  readonly table: string;
}

/** Replaces {name} placeholders; undefined when a placeholder has no value. */
export function fillTemplate(text: string, fill: FpFill): string | undefined {
  let missing = false;
  const out = text.replace(/\{(tool|agent|domain|company)\}/g, (_, k: keyof FpFill) => {
    const v = fill[k];
    if (v === undefined || v === '') missing = true;
    return v ?? '';
  });
  return missing ? undefined : out;
}

/** Templates for `table`, RMM ones only when `rmm` is true, filled; unfillable ones are skipped. */
export function fpTemplatesFor(table: string, rmm: boolean, fill: FpFill): FilledTemplate[] {
  const out: FilledTemplate[] = [];
  // Prose may say "the tool" when no tool is known; expressions never guess.
  const named: FpFill = { ...fill, tool: fill.tool ?? 'the tool' };
  for (const t of FP_TEMPLATES) {
    if (!t.tables.includes(table) || (t.appliesTo === 'rmm' && !rmm)) continue;
    const scenario = fillTemplate(t.scenario, named);
    const description = fillTemplate(t.description, named);
    const expression = fillTemplate(t.expression, fill);
    if (scenario === undefined || description === undefined || expression === undefined) continue;
    const { tables, ...rest } = t;
    void tables;
    out.push({ ...rest, scenario, description, expression, table });
  }
  return out;
}
