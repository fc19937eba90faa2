/**
 * Text repairs for upstream YAML quirks. Each repair is conservative (it only fires on text that
 * would otherwise fail to parse) and reports a warning:
 * BOM, CRLF, tab indentation, and block scalars whose text is not indented under the key (what a
 * web page does to a rule when it flattens it, see seeds/000).
 */
import { RULE_DIAG } from './diagnostics.js';
import { SENTINEL_FIELD_NAMES } from './sentinel-schema.js';

export interface Repaired {
  readonly text: string;
  /** Warnings with 1-based line numbers of the original text (0 = whole file). */
  readonly warnings: readonly { readonly fact: ReturnType<(typeof RULE_DIAG)['bom']>; readonly line: number }[];
}

type Warning = Repaired['warnings'][number];

const TOP_KEY = new RegExp(`^(${SENTINEL_FIELD_NAMES.join('|')})\\s*:(\\s|$)`);
const BLOCK_START = /^([A-Za-z_]\w*)\s*:\s*[|>][-+0-9]*\s*(#.*)?$/;

/** Repairs that are always safe: BOM and CRLF never carry meaning in a rule file. */
export function normaliseYamlText(input: string): Repaired {
  const warnings: Warning[] = [];
  let text = input;
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
    warnings.push({ fact: RULE_DIAG.bom(), line: 1 });
  }
  if (text.includes('\r')) {
    text = text.replace(/\r\n?/g, '\n');
    warnings.push({ fact: RULE_DIAG.crlf(), line: 0 });
  }
  return { text, warnings };
}

/**
 * Repairs for text that failed to parse: tab indentation and flattened block scalars. Applied
 * only after a failed parse, because in valid YAML a tab inside a block scalar is content.
 */
export function repairYamlText(input: string): Repaired {
  const warnings: Warning[] = [];
  const lines = input.split('\n');
  const tabLines = expandLeadingTabs(lines);
  if (tabLines.length > 0) warnings.push({ fact: RULE_DIAG.tabs(tabLines.length), line: tabLines[0] as number });
  indentFlattenedBlocks(lines, warnings);
  return { text: lines.join('\n'), warnings };
}

/** YAML forbids tabs in indentation; upstream files use them. A leading tab counts 4 spaces. */
function expandLeadingTabs(lines: string[]): number[] {
  const changed: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const m = /^[ \t]*/.exec(line) as RegExpExecArray;
    if (!line.startsWith('\t')) continue;
    lines[i] = m[0].replaceAll('\t', '    ') + line.slice(m[0].length);
    changed.push(i + 1);
  }
  return changed;
}

/**
 * `key: |` followed by text at column 0 that is not itself a known field: the text belongs to the
 * block (the page lost the indentation). Indent it up to the next known top-level field.
 */
function indentFlattenedBlocks(lines: string[], warnings: Warning[]): void {
  for (let i = 0; i < lines.length; i++) {
    const start = BLOCK_START.exec(lines[i] as string);
    if (!start) continue;
    const first = nextNonEmpty(lines, i + 1);
    if (first < 0 || /^\s/.test(lines[first] as string) || TOP_KEY.test(lines[first] as string)) continue;
    let end = first;
    while (end < lines.length && !TOP_KEY.test(lines[end] as string)) end++;
    for (let j = i + 1; j < end; j++) lines[j] = (lines[j] as string).length > 0 ? `  ${lines[j]}` : '';
    warnings.push({ fact: RULE_DIAG.unindentedBlock(start[1] as string), line: i + 1 });
    i = end - 1;
  }
}

function nextNonEmpty(lines: readonly string[], from: number): number {
  for (let i = from; i < lines.length; i++) if ((lines[i] as string).trim() !== '') return i;
  return -1;
}
