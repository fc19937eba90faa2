/** Writes test/fixtures/windows/ from test/helpers/windows-fixtures.ts: `npx tsx test/helpers/gen-windows-fixtures.ts`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureFiles } from './windows-fixture-files.js';

const root = fileURLToPath(new URL('../fixtures/windows/', import.meta.url));
const files = fixtureFiles();
for (const [name, content] of files) {
  mkdirSync(dirname(join(root, name)), { recursive: true });
  writeFileSync(join(root, name), content);
}
console.log(`wrote ${files.size} files under ${root}`);
