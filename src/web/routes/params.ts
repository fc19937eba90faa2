/** Query-string readers shared by pages and API. */
import type { CoverageOptions } from '../coverage.js';

const on = (v: unknown) => v === '1' || v === 'true' || v === 'on';

export function coverageOptionsFrom(p: Readonly<Record<string, unknown>>): CoverageOptions {
  return { loadedOnly: on(p.loaded), findingsOnly: on(p.findings) };
}
