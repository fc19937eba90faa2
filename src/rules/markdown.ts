/**
 * Markdown loader: KQL in ```kql / ```kusto fenced blocks, as in the Defender hunting-queries
 * repository. One rule per block; the name comes from the nearest heading above the block (with
 * "(2)", "(3)" for further blocks under the same heading), the description from the prose under
 * the document's first heading, techniques from ATT&CK ids (T1234, T1234.001) in the document and
 * tactics from ATT&CK mapping tables whose "covered" cell is ticked, or "Tactic(s):" lines.
 */
import { basename } from 'node:path';
import { at, RULE_DIAG, type RuleDiagnostic } from './diagnostics.js';
import { SOURCE_NAMESPACE, uuidV5 } from './ids.js';
import { type LoadResult, type Rule, type RuleSource, UNCHECKED } from './model.js';
import { findReferences } from './references.js';
import { tablesOfQuery } from './tables.js';

interface Block {
  readonly query: string;
  readonly heading: string;
  readonly line: number;
}

/** Sentinel spelling of each ATT&CK tactic, keyed by its lower-case words without spaces. */
const TACTICS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'Reconnaissance',
    'ResourceDevelopment',
    'InitialAccess',
    'Execution',
    'Persistence',
    'PrivilegeEscalation',
    'DefenseEvasion',
    'CredentialAccess',
    'Discovery',
    'LateralMovement',
    'Collection',
    'CommandAndControl',
    'Exfiltration',
    'Impact',
  ].map((t) => [t.toLowerCase(), t]),
);

function tacticOf(text: string): string | undefined {
  const key = text
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z]/g, '');
  return TACTICS[key];
}

const FENCE_OPEN = /^\s{0,3}(`{3,}|~{3,})\s*(kql|kusto)\b.*$/i;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;

function scan(lines: readonly string[], path: string, diagnostics: RuleDiagnostic[]): Block[] {
  const blocks: Block[] = [];
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const h = HEADING.exec(line);
    if (h) {
      heading = (h[2] as string).trim();
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (!open) continue;
    const fence = open[1] as string;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !(lines[j] as string).trim().startsWith(fence)) body.push(lines[j++] as string);
    if (j >= lines.length) diagnostics.push(at(RULE_DIAG.unterminatedFence(), path, i + 1, 1));
    blocks.push({ query: body.join('\n'), heading, line: i + 1 });
    i = j;
  }
  return blocks;
}

function techniquesIn(text: string): string[] {
  return [...new Set([...text.matchAll(/\bT\d{4}(?:\.\d{3})?\b/g)].map((m) => m[0]))].sort();
}

/** Rows `| Persistence | v | … |` of an ATT&CK mapping table, and `Tactic(s): A, B` lines. */
function tacticsIn(lines: readonly string[]): string[] {
  const found = new Set<string>();
  for (const line of lines) {
    const cells = line.split('|').map((c) => c.trim());
    if (line.trim().startsWith('|') && cells.length >= 4) {
      const tactic = tacticOf(cells[1] as string);
      if (tactic && (cells[2] as string) !== '' && !/^-+$/.test(cells[2] as string)) found.add(tactic);
    }
    const listed = /^\s*[*-]?\s*\**tactics?\**\s*:\s*(.+)$/i.exec(line);
    if (listed) {
      for (const part of (listed[1] as string).split(/[,;/]/)) {
        const tactic = tacticOf(part);
        if (tactic) found.add(tactic);
      }
    }
  }
  return [...found];
}

/** The first paragraph of prose after the first heading (or from the top). */
function descriptionOf(lines: readonly string[]): string {
  const out: string[] = [];
  let started = false;
  for (const line of lines) {
    if (HEADING.test(line) || FENCE_OPEN.test(line)) {
      if (started) break;
      continue;
    }
    if (line.trim() === '') {
      if (started) break;
      continue;
    }
    started = true;
    out.push(line.trim());
  }
  return out.join('\n');
}

export function loadMarkdown(text: string, source: RuleSource): LoadResult {
  const path = source.path;
  const diagnostics: RuleDiagnostic[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n?|\n/);
  const blocks = scan(lines, path, diagnostics).filter((b) => b.query.trim() !== '');
  if (blocks.length === 0) return { rules: [], diagnostics: [...diagnostics, at(RULE_DIAG.noKqlBlocks(), path)] };

  const description = descriptionOf(lines);
  const techniques = techniquesIn(text);
  const tactics = tacticsIn(lines);
  const docTitle = lines
    .map((l) => HEADING.exec(l))
    .find((h) => h && h[1] === '#')?.[2]
    ?.trim();
  const fallbackName = docTitle ?? basename(path).replace(/\.[^.]+$/, '');
  const seen = new Map<string, number>();
  const rules: Rule[] = blocks.map((block, index) => {
    const base = block.heading || fallbackName;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const blockSource = { ...source, block: index };
    return {
      id: uuidV5(`${source.repository}\n${path}\n${index}`, SOURCE_NAMESPACE),
      name: n > 1 ? `${base} (${n})` : base,
      description,
      kind: 'hunting',
      format: 'markdown',
      query: block.query,
      tactics,
      techniques,
      requiredDataConnectors: [],
      tables: tablesOfQuery(block.query),
      entityMappings: [],
      customDetails: {},
      tags: [],
      references: findReferences(description, block.query),
      source: blockSource,
      extra: {},
      lint: UNCHECKED,
    };
  });
  return { rules, diagnostics };
}
