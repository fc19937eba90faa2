#!/usr/bin/env node
/**
 * `npm start` helper: builds dist/ only when it is out of date, so starting the app does not pay
 * for a full `tsc` run every time. dist is out of date when a source file under src/ has no
 * compiled twin in dist/, or is newer than it, or a tsconfig is newer than the oldest output.
 * Usage: `node scripts/ensure-built.mjs [--check|--bin]` (--check: print what is stale, exit 1 if
 * any; --bin: only mark the bin executable, as `postbuild` does — tsc writes files without the
 * executable bit, and `npx kqlhunt` from a checkout runs dist/cli/main.js directly).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every `.ts` file under `dir` (not `.d.ts`), as paths relative to `dir`. */
function sources(dir, base = dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) sources(full, base, out);
    else if (e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(relative(base, full));
  }
  return out;
}

/**
 * The reasons dist/ under `root` is stale (empty when current): at most `limit` of them.
 * Exported for the test.
 */
export function staleReasons(root, limit = 5) {
  const src = join(root, 'src');
  const dist = join(root, 'dist');
  const reasons = [];
  // An installed package ships dist/ without src/: nothing to build from, nothing to compare.
  if (!existsSync(src)) return reasons;
  let oldestOutput = Number.POSITIVE_INFINITY;
  for (const rel of sources(src)) {
    const out = join(dist, rel.replace(/\.ts$/, '.js'));
    if (!existsSync(out)) {
      reasons.push(`${rel}: not built`);
    } else {
      const outTime = statSync(out).mtimeMs;
      oldestOutput = Math.min(oldestOutput, outTime);
      if (statSync(join(src, rel)).mtimeMs > outTime) reasons.push(`${rel}: changed since the build`);
    }
    if (reasons.length >= limit) return reasons;
  }
  for (const config of ['tsconfig.json', 'tsconfig.build.json']) {
    const p = join(root, config);
    if (existsSync(p) && statSync(p).mtimeMs > oldestOutput) reasons.push(`${config}: changed since the build`);
  }
  return reasons.slice(0, limit);
}

/** Marks the package bin executable (a no-op where there is no such bit). */
export function markBinExecutable(root) {
  const bin = join(root, 'dist', 'cli', 'main.js');
  if (existsSync(bin) && process.platform !== 'win32') chmodSync(bin, 0o755);
}

function main() {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  if (process.argv.includes('--bin')) {
    markBinExecutable(root);
    return;
  }
  const reasons = staleReasons(root);
  if (process.argv.includes('--check')) {
    for (const r of reasons) process.stdout.write(`${r}\n`);
    process.exitCode = reasons.length > 0 ? 1 : 0;
    return;
  }
  if (reasons.length === 0) {
    markBinExecutable(root);
    return;
  }
  process.stderr.write(`kqlhunt: building dist/ (${reasons[0]}${reasons.length > 1 ? ', …' : ''})\n`);
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  process.exitCode = r.status ?? 1;
  if (r.status === 0) markBinExecutable(root);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
