/**
 * Where a rule's tests are: a sidecar `<rule file name without extension>.tests.yaml` (or `.yml`)
 * next to the rule file, a top-level `tests:` key of a YAML rule file (Sentinel, Sigma), or a
 * ```yaml block starting with `tests:` in a Markdown rule file. Never throws; an unreadable sidecar
 * is a diagnostic.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { parseRuleTests } from './parse.js';
import type { RuleTestFile } from './types.js';

const TESTS_SUFFIX = /\.tests\.ya?ml$/i;

/** `x.tests.yaml` / `x.tests.yml`: a tests file, never a rule. */
export function isTestsFile(path: string): boolean {
  return TESTS_SUFFIX.test(basename(path));
}

/** `pack.yaml`: a pack manifest, never a rule. */
export function isPackManifest(path: string): boolean {
  return basename(path).toLowerCase() === 'pack.yaml';
}

/** The sidecar paths a rule file may have, in the order they are looked for. */
export function sidecarPaths(ruleFile: string): string[] {
  const stem = basename(ruleFile, extname(ruleFile));
  return [join(dirname(ruleFile), `${stem}.tests.yaml`), join(dirname(ruleFile), `${stem}.tests.yml`)];
}

/**
 * Every tests document of a rule file (sidecar first, then inline); empty when it has none.
 * Synchronous: a rule file and its sidecar are small, and the web app's rule page renders in one go.
 */
export function discoverTests(ruleFile: string, ruleText?: string): RuleTestFile[] {
  const out: RuleTestFile[] = [];
  for (const sidecar of sidecarPaths(ruleFile)) {
    if (!existsSync(sidecar)) continue;
    try {
      out.push(parseRuleTests(readFileSync(sidecar, 'utf8'), sidecar, { kind: 'sidecar' }));
    } catch (e) {
      out.push({
        path: sidecar,
        kind: 'sidecar',
        tests: [],
        exclusions: [],
        diagnostics: [
          {
            code: 'TEST102',
            severity: 'error',
            message: `Cannot read the tests file: ${(e as Error).message}`,
            path: sidecar,
            line: 0,
            column: 0,
          },
        ],
      });
    }
  }
  let text = ruleText;
  if (text === undefined) {
    try {
      text = readFileSync(ruleFile, 'utf8');
    } catch {
      text = undefined;
    }
  }
  if (text !== undefined) out.push(...inlineTests(ruleFile, text));
  return out;
}

/** Inline tests of a rule file's text. */
export function inlineTests(ruleFile: string, text: string): RuleTestFile[] {
  const ext = extname(ruleFile).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') {
    if (!/^tests\s*:/m.test(text)) return [];
    return [parseRuleTests(text, ruleFile, { kind: 'inline', inline: true })];
  }
  if (ext === '.md' || ext === '.markdown') return markdownTests(ruleFile, text);
  return [];
}

const YAML_FENCE = /^\s{0,3}(`{3,}|~{3,})\s*ya?ml\b.*$/i;

function markdownTests(ruleFile: string, text: string): RuleTestFile[] {
  const lines = text.split(/\r?\n/);
  const out: RuleTestFile[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = YAML_FENCE.exec(lines[i] as string);
    if (!open) continue;
    const fence = open[1] as string;
    let end = i + 1;
    while (end < lines.length && !(lines[end] as string).trim().startsWith(fence)) end++;
    const body = lines.slice(i + 1, end).join('\n');
    if (/^tests\s*:/m.test(body))
      out.push(parseRuleTests(body, ruleFile, { kind: 'inline', inline: true, lineOffset: i + 1 }));
    i = end;
  }
  return out;
}
