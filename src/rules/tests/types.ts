/** Rule tests as the runner uses them (format v1, docs/testing.md): plain JSON-safe data. */
import type { Exclusion } from '../exclusions/types.js';

export type TestExclusions = 'enabled' | 'disabled';
export type RowMatch = 'subset' | 'exact';

export interface TestExpect {
  readonly fires?: boolean;
  readonly count?: number;
  readonly rows?: readonly Readonly<Record<string, unknown>>[];
  readonly match: RowMatch;
}

export interface RuleTest {
  readonly name: string;
  /** Id or name of the rule of a multi-rule file the test is for (extension). */
  readonly rule?: string;
  /** ISO text of now(); undefined: the latest event of the input. */
  readonly now?: string;
  readonly exclusions: TestExclusions;
  /** Inline rows per table name as written. */
  readonly tables: Readonly<Record<string, readonly Readonly<Record<string, unknown>>[]>>;
  /** Telemetry files, absolute (resolved against the tests file). */
  readonly files: readonly string[];
  readonly expect: TestExpect;
  /** Where the test starts in its file (1-based). */
  readonly line: number;
  readonly column: number;
}

export type TestFileKind = 'sidecar' | 'inline';

export interface TestDiagnostic {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly path: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  readonly line: number;
  readonly column: number;
}

export interface RuleTestFile {
  /** The file the tests are written in (the sidecar, or the rule file for inline tests). */
  readonly path: string;
  readonly kind: TestFileKind;
  readonly tests: readonly RuleTest[];
  /** The tuning under test (top-level `exclusions`), empty when the file has none. */
  readonly exclusions: readonly Exclusion[];
  readonly diagnostics: readonly TestDiagnostic[];
}
