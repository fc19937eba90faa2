import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { runCli } from '../helpers/cli.js';

/** Every command of the tree with its path ("rules exclusions add"). */
function commandsOf(cmd: Command, prefix: string[] = []): { path: string; cmd: Command }[] {
  return cmd.commands.flatMap((c) => {
    const path = [...prefix, c.name()];
    return [{ path: path.join(' '), cmd: c }, ...commandsOf(c, path)];
  });
}

/** What `kqlhunt <path> --help` prints, rendered in-process (the same text, without spawning). */
function helpOf(cmd: Command): string {
  let text = '';
  cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  cmd.outputHelp();
  return text;
}

/**
 * The kqlhunt command lines of a help text's examples: `$ …` lines with their `\` continuations,
 * from the `kqlhunt` word on (after `echo … |`), up to a redirect, a pipe, a `#` comment or the
 * two-space gap before a description.
 */
function exampleLines(help: string): string[][] {
  const lines = help.split('\n');
  const out: string[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s+\$ (.*)$/.exec(lines[i]!);
    if (!m) continue;
    let text = m[1]!;
    while (text.endsWith('\\') && i + 1 < lines.length) text = `${text.slice(0, -1).trimEnd()} ${lines[++i]!.trim()}`;
    const at = text.search(/(^|\| )kqlhunt /);
    if (at < 0) continue;
    out.push(shellWords(text.slice(text.indexOf('kqlhunt ', at) + 'kqlhunt '.length)));
  }
  return out;
}

function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      word = (word ?? '') + text.slice(i + 1, end).replace(c === '"' ? /\\(["\\])/g : /$^/, '$1');
      i = end;
    } else if (c === ' ') {
      if (word !== undefined) words.push(word);
      word = undefined;
      if (text[i + 1] === ' ') break;
    } else if ((c === '>' || c === '|' || c === '#') && word === undefined) break;
    else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** A program whose commands accept their arguments but do nothing. */
function dryProgram(): Command {
  const program = buildProgram();
  for (const { cmd } of commandsOf(program)) cmd.action(() => undefined);
  program.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  for (const { cmd } of commandsOf(program))
    cmd.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  return program;
}

const all = commandsOf(buildProgram());
const leaves = all.filter((c) => c.cmd.commands.length === 0);

describe('every --help', () => {
  it('covers the whole command tree', () => {
    expect(leaves.map((c) => c.path)).toEqual(
      expect.arrayContaining([
        'demo',
        'query',
        'check',
        'explain',
        'data inspect',
        'generate',
        'hunt',
        'runs list',
        'runs show',
        'findings list',
        'findings set-state',
        'rules import',
        'rules list',
        'rules show',
        'rules lint',
        'rules export',
        'rules exclusions list',
        'rules exclusions add',
        'serve',
      ]),
    );
  });

  it.each(leaves.map((c) => [c.path, c.cmd] as const))('%s: exit status and its own examples', (path, cmd) => {
    const help = helpOf(cmd);
    expect(help).toContain('Exit status');
    expect(help).toMatch(/\b0 /);
    expect(help).toContain('Examples:');
    const own = exampleLines(help).filter((words) => words.slice(0, path.split(' ').length).join(' ') === path);
    expect(own.length).toBeGreaterThan(0);
  });

  it.each(all.map((c) => [c.path, c.cmd] as const))('%s: every option and argument is described', (_path, cmd) => {
    for (const o of cmd.options) expect(o.description, o.flags).not.toBe('');
    for (const a of cmd.registeredArguments) expect(a.description, a.name()).not.toBe('');
  });

  it('every example in every help text parses: known commands, options and argument counts', async () => {
    const texts = [helpOf(buildProgram()), ...all.map((c) => helpOf(c.cmd))];
    const examples = texts.flatMap(exampleLines);
    expect(examples.length).toBeGreaterThan(60);
    const failures: string[] = [];
    for (const words of examples) {
      try {
        await dryProgram().parseAsync(words, { from: 'user' });
      } catch (e) {
        // An example that shows a help page ("kqlhunt data inspect --help") is fine.
        if ((e as { code?: string }).code === 'commander.helpDisplayed') continue;
        failures.push(`kqlhunt ${words.join(' ')}: ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('the example extractor stops at comments, redirects and description columns', () => {
    const help = [
      '  $ kqlhunt rules lint ./rules --format sarif > lint.sarif',
      `  $ echo 'print 1' | kqlhunt check --format json`,
      '  $ kqlhunt demo                 run a rule on a sample',
      `  $ kqlhunt rules exclusions add f9 'a == "b"' \\`,
      '        --id x   # comment',
    ].join('\n');
    expect(exampleLines(help)).toEqual([
      ['rules', 'lint', './rules', '--format', 'sarif'],
      ['check', '--format', 'json'],
      ['demo'],
      ['rules', 'exclusions', 'add', 'f9', 'a == "b"', '--id', 'x'],
    ]);
  });
});

describe('usage checks added with the help review', () => {
  it('rules show --data without --enriched is a usage error (it would be ignored)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kqlhunt-help-'));
    try {
      const r = runCli(['rules', 'show', 'abc', '--data', dir, '--db', join(dir, 'k.db')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--data needs --enriched');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
