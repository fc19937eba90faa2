/**
 * Diagnostics of the rule loaders and importer. A broken rule file never throws: it yields
 * diagnostics with the file path, a 1-based line/column and a reason, and the other files load.
 * Codes are stable (tests and the UI key on them); every text is built here.
 *
 * Code ranges: RULE1xx file/YAML syntax, RULE2xx schema validation, RULE3xx upstream quirks that
 * were accepted (warnings), RULE4xx markdown, RULE5xx import and git.
 */

export type RuleSeverity = 'error' | 'warning' | 'info';

export interface RuleDiagnostic {
  readonly code: string;
  readonly severity: RuleSeverity;
  readonly message: string;
  /** File path as given to the loader (relative to the import root for directory imports). */
  readonly path: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  readonly line: number;
  readonly column: number;
}

type Fact = Omit<RuleDiagnostic, 'path' | 'line' | 'column'>;

const err = (code: string, message: string): Fact => ({ code, severity: 'error', message });
const warn = (code: string, message: string): Fact => ({ code, severity: 'warning', message });

export const RULE_DIAG = {
  unreadable: (reason: string) => err('RULE101', `Cannot read the file: ${reason}.`),
  loaderFault: (reason: string) =>
    err('RULE106', `The file could not be analysed (${reason}); it is skipped, the other files are imported.`),
  yamlSyntax: (reason: string) => err('RULE102', `YAML syntax error: ${reason}`),
  notAMapping: () => err('RULE103', 'The document is not a mapping of rule fields.'),
  emptyFile: () => err('RULE104', 'The file is empty.'),
  multipleDocuments: () => warn('RULE105', 'The file holds several YAML documents; only the first is read.'),
  missingField: (field: string) => err('RULE201', `Required field '${field}' is missing.`),
  wrongType: (field: string, expected: string, got: string) =>
    err('RULE202', `Field '${field}' must be ${expected}, but it is ${got}.`),
  badValue: (field: string, value: string, allowed: string) =>
    warn('RULE203', `Field '${field}' has the value '${value}'; expected ${allowed}. It is ignored.`),
  badDuration: (field: string, value: string) =>
    warn('RULE204', `Field '${field}' is not a duration ('5m', '1h', '1d', 'PT1H'): '${value}'. It is ignored.`),
  emptyQuery: () => err('RULE205', "Field 'query' is empty."),
  badAttackValue: (field: string, value: string, expected: string) =>
    err(
      'RULE207',
      `Field '${field}' has the value ${JSON.stringify(value.slice(0, 80))}; expected ${expected}. It is dropped.`,
    ),
  unknownField: (field: string) =>
    ({ code: 'RULE206', severity: 'info', message: `Unknown field '${field}' is kept as is.` }) as Fact,
  bom: () => warn('RULE301', 'The file starts with a byte-order mark; it was removed.'),
  crlf: () => warn('RULE302', 'The file uses CRLF line endings; they were read as LF.'),
  tabs: (count: number) => warn('RULE303', `${count} line(s) are indented with tabs; each tab was read as 4 spaces.`),
  stringAsList: (field: string) =>
    warn('RULE304', `Field '${field}' is a string, not a list; it was split into a list.`),
  misindentedConnectors: () =>
    warn('RULE305', "'requiredDataConnectors' is mis-indented; its connectorId/dataTypes entries were re-attached."),
  unindentedBlock: (field: string) =>
    warn(
      'RULE306',
      `The text of '${field}' is not indented under it; the lines up to the next field were read as its text.`,
    ),
  scalarAsString: (field: string, got: string) =>
    warn('RULE307', `Field '${field}' is ${got}, not a string; it was converted.`),
  noKqlBlocks: () => warn('RULE401', 'The markdown file has no ```kql or ```kusto code block.'),
  unterminatedFence: () => warn('RULE402', 'A ```kql block is not closed; it runs to the end of the file.'),
  sigmaFilter: (title: string) =>
    ({
      code: 'RULE601',
      severity: 'info',
      message: `Sigma filter '${title}' is not a rule; it is not applied (add it as an exclusion of the rules it names).`,
    }) as Fact,
  unsupportedFile: (ext: string) =>
    ({ code: 'RULE501', severity: 'info', message: `Files of type '${ext}' are not rules; skipped.` }) as Fact,
  duplicateId: (id: string, other: string) =>
    warn('RULE502', `Rule id ${id} is also used by ${other}; this copy is skipped.`),
  gitFailed: (step: string, reason: string) => err('RULE503', `git ${step} failed: ${reason}`),
  badGitUrl: (url: string) => err('RULE504', `'${url}' is not a repository URL or path git can clone.`),
} satisfies Record<string, (...args: never[]) => Fact>;

export function at(fact: Fact, path: string, line = 0, column = 0): RuleDiagnostic {
  return { ...fact, path, line, column };
}
