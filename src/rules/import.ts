/**
 * Directory / repository import: walk a directory, load every rule file (.yaml, .yml, .md;
 * Sentinel YAML, Sigma or Markdown, told apart by content; never `*.tests.yaml` or `pack.yaml`),
 * attach source facts (repository, path, commit, URL, retrieval time) and report what could not be
 * loaded. Never throws on bad files. `importFromGit` clones a repository (only when asked) and
 * imports it at the cloned commit.
 */
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { queryAnchor } from './anchor.js';
import { at, RULE_DIAG, type RuleDiagnostic } from './diagnostics.js';
import { contentHash } from './hash.js';
import { loadMarkdown } from './markdown.js';
import type { LoadResult, Rule, RuleSource } from './model.js';
import { loadSentinelYaml } from './sentinel-yaml.js';
import { loadSigmaYaml } from './sigma/load.js';
import { looksLikeSigma } from './sigma/parse.js';
import { isPackManifest, isTestsFile } from './tests/discover.js';

const run = promisify(execFile);

export interface ImportOptions {
  /** Repository identity recorded on each rule (default: the directory path). */
  readonly repository?: string;
  readonly commit?: string;
  /** ISO time; default now. */
  readonly retrievedAt?: string;
}

export interface ImportedRule {
  readonly rule: Rule;
  readonly hash: string;
}

export interface ImportResult {
  readonly rules: readonly ImportedRule[];
  readonly diagnostics: readonly RuleDiagnostic[];
  readonly filesRead: number;
  readonly commit?: string;
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '.github']);

/** Rule-file loader by extension. */
export function loadRuleText(text: string, source: RuleSource): LoadResult {
  if (isTestsFile(source.path) || isPackManifest(source.path)) {
    const kind = isTestsFile(source.path) ? '.tests.yaml' : 'pack.yaml';
    return { rules: [], diagnostics: [at(RULE_DIAG.unsupportedFile(kind), source.path)] };
  }
  const ext = extname(source.path).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return loadMarkdown(text, source);
  if (looksLikeSigma(text)) {
    const head = text.slice(0, 2000);
    const license = /^# license: (.+)$/m.exec(head)?.[1]?.trim();
    const upstreamUrl = /^# source: (https:\/\/\S+)$/m.exec(head)?.[1];
    return loadSigmaYaml(text, source, {
      ...(license ? { defaultLicense: license } : {}),
      ...(upstreamUrl ? { upstreamUrl } : {}),
    });
  }
  return loadSentinelYaml(text, source);
}

/** Rule files by extension; tests files (`*.tests.yaml`) and pack manifests (`pack.yaml`) never are. */
export function isRuleFile(path: string): boolean {
  if (isTestsFile(path) || isPackManifest(path)) return false;
  return ['.yaml', '.yml', '.md', '.markdown'].includes(extname(path).toLowerCase());
}

/** A rule file found under a root, with what a cache needs to tell whether it changed. */
export interface RuleFileStat {
  /** Absolute path. */
  readonly file: string;
  /** Relative to the root, with `/` separators (the rule's `source.path`). */
  readonly path: string;
  /** -1 when the file vanished between listing and stat. */
  readonly size: number;
  readonly mtimeMs: number;
}

/** Rule files under `root` (absolute paths, sorted by name at each level, skipping SKIP_DIRS). */
function ruleFilesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory() && !SKIP_DIRS.has(e.name)) walk(full);
      else if (e.isFile() && isRuleFile(e.name)) out.push(full);
    }
  };
  walk(root);
  return out;
}

/** Rule files under `root` (absolute paths, sorted, skipping .git, node_modules and .github). */
export async function listRuleFiles(root: string): Promise<string[]> {
  return ruleFilesUnder(root);
}

/** Rule files under `root` as `listRuleFiles` finds them, with their sizes and modification times (no reading). */
export function ruleFileStats(root: string): RuleFileStat[] {
  return ruleFilesUnder(root).map((file) => {
    const s = statSync(file, { throwIfNoEntry: false });
    return { file, path: relative(root, file).split(sep).join('/'), size: s?.size ?? -1, mtimeMs: s?.mtimeMs ?? 0 };
  });
}

/** GitHub web URL of a file at a commit: for github.com clone URLs and bare `owner/name`. */
export function githubUrl(repository: string, path: string, commit: string | undefined): string | undefined {
  const m =
    /^(?:https:\/\/github\.com\/|git@github\.com:)([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(repository) ??
    /^([A-Za-z0-9][\w.-]*)\/([\w.-]+)$/.exec(repository);
  if (!m) return undefined;
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return `https://github.com/${m[1]}/${m[2]}/blob/${commit ?? 'HEAD'}/${encoded}`;
}

/** What one file of a directory import gave: its rules (anchored, hashed) and its diagnostics. */
export interface FileImport {
  /** Relative to the import root, with `/` separators. */
  readonly path: string;
  readonly rules: readonly ImportedRule[];
  readonly diagnostics: readonly RuleDiagnostic[];
  /** The file could not be read (the diagnostics say why). */
  readonly unreadable?: boolean;
}

/** Where a directory import's rules say they came from. */
export interface ImportContext {
  readonly repository: string;
  readonly commit?: string;
  readonly retrievedAt: string;
}

/** Loads one file of a directory import (`path` relative to the root). Never throws. */
export async function importRuleFile(file: string, path: string, ctx: ImportContext): Promise<FileImport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return { path, rules: [], diagnostics: [at(RULE_DIAG.unreadable((e as Error).message), path)], unreadable: true };
  }
  const url = githubUrl(ctx.repository, path, ctx.commit);
  const source: RuleSource = {
    repository: ctx.repository,
    path,
    retrievedAt: ctx.retrievedAt,
    ...(ctx.commit ? { commit: ctx.commit } : {}),
    ...(url ? { url } : {}),
  };
  let loaded: ReturnType<typeof loadRuleText>;
  try {
    loaded = loadRuleText(text, source);
  } catch (e) {
    // One hostile file (e.g. a query nested past every limit) must not stop the import.
    return {
      path,
      rules: [],
      diagnostics: [at(RULE_DIAG.loaderFault(e instanceof Error ? e.message : String(e)), path)],
    };
  }
  const rules = loaded.rules.map((loadedRule) => {
    const queryAt = queryAnchor(text, loadedRule);
    const rule = queryAt ? { ...loadedRule, source: { ...loadedRule.source, queryAt } } : loadedRule;
    return { rule, hash: contentHash(rule) };
  });
  return { path, rules, diagnostics: loaded.diagnostics };
}

/** The files' results as one import, in file order; a rule id seen in an earlier file is reported and dropped. */
export function assembleImport(files: readonly FileImport[], commit?: string): ImportResult {
  const diagnostics: RuleDiagnostic[] = [];
  const rules: ImportedRule[] = [];
  const byId = new Map<string, string>();
  for (const f of files) {
    diagnostics.push(...f.diagnostics);
    for (const imported of f.rules) {
      const other = byId.get(imported.rule.id);
      if (other) {
        diagnostics.push(at(RULE_DIAG.duplicateId(imported.rule.id, other), f.path));
        continue;
      }
      byId.set(imported.rule.id, f.path);
      rules.push(imported);
    }
  }
  return { rules, diagnostics, filesRead: files.length, ...(commit ? { commit } : {}) };
}

/** Imports every rule file under `root`. Duplicate ids keep the first file's rule. */
export async function importDirectory(root: string, options: ImportOptions = {}): Promise<ImportResult> {
  const ctx: ImportContext = {
    repository: options.repository ?? root,
    retrievedAt: options.retrievedAt ?? new Date().toISOString(),
    ...(options.commit ? { commit: options.commit } : {}),
  };
  const files: FileImport[] = [];
  for (const file of await listRuleFiles(root))
    files.push(await importRuleFile(file, relative(root, file).split(sep).join('/'), ctx));
  return assembleImport(files, options.commit);
}

/** Imports one rule file (Sentinel YAML, Sigma or Markdown). */
export async function importFile(file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const path = file.split(sep).pop() ?? file;
  const retrievedAt = options.retrievedAt ?? new Date().toISOString();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return { rules: [], diagnostics: [at(RULE_DIAG.unreadable((e as Error).message), path)], filesRead: 0 };
  }
  const loaded = loadRuleText(text, { repository: options.repository ?? file, path, retrievedAt });
  return {
    rules: loaded.rules.map((rule) => ({ rule, hash: contentHash(rule) })),
    diagnostics: loaded.diagnostics,
    filesRead: 1,
  };
}

/** Clone URLs and local paths git may fetch; an argument starting with `-` would be an option. */
function isCloneable(url: string): boolean {
  return !url.startsWith('-') && /^(https?:\/\/|ssh:\/\/|git@|file:\/\/|\/|\.{1,2}\/)/.test(url);
}

const GIT_ENV = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'echo' };

async function git(args: readonly string[], cwd?: string): Promise<string> {
  const { stdout } = await run('git', [...args], { cwd, env: GIT_ENV, maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

/**
 * Clones `url` at `ref` (branch, tag or commit) into a temporary directory, imports it, records
 * the commit and removes the clone. Failures come back as diagnostics.
 */
export async function importFromGit(url: string, ref: string, options: ImportOptions = {}): Promise<ImportResult> {
  const fail = (d: RuleDiagnostic): ImportResult => ({ rules: [], diagnostics: [d], filesRead: 0 });
  if (!isCloneable(url)) return fail(at(RULE_DIAG.badGitUrl(url), url));
  if (ref.startsWith('-')) return fail(at(RULE_DIAG.gitFailed('checkout', `invalid ref '${ref}'`), url));
  const dir = await mkdtemp(join(tmpdir(), 'kqlhunt-import-'));
  try {
    let step = 'clone';
    try {
      await git(['clone', '--quiet', '--no-checkout', '--', url, dir]);
      step = 'checkout';
      await git(['checkout', '--quiet', '--detach', ref, '--'], dir);
      step = 'rev-parse';
      const commit = await git(['rev-parse', 'HEAD'], dir);
      return await importDirectory(dir, { ...options, repository: options.repository ?? url, commit });
    } catch (e) {
      const reason = ((e as { stderr?: string }).stderr || (e as Error).message).trim().split('\n')[0] ?? '';
      return fail(at(RULE_DIAG.gitFailed(step, reason), url));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
