/**
 * A strict structural check of JUnit XML against the schema CI tools read (the Jenkins/Ant
 * junit-10.xsd shape): testsuites > testsuite > (properties > property)?, testcase > (failure |
 * error | skipped)?, system-out / system-err; required attributes present, counts whole numbers,
 * times decimals, and nothing else. Returns the problems; empty when the document conforms.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

interface ElementSpec {
  readonly required: readonly string[];
  readonly optional: readonly string[];
  readonly children: readonly string[];
  readonly text?: boolean;
}

const INT = new Set(['tests', 'failures', 'errors', 'skipped', 'disabled', 'id', 'assertions', 'line']);
const DECIMAL = new Set(['time']);

const SPEC: Readonly<Record<string, ElementSpec>> = {
  testsuites: {
    required: [],
    optional: ['name', 'tests', 'failures', 'errors', 'skipped', 'disabled', 'time', 'timestamp'],
    children: ['testsuite'],
  },
  testsuite: {
    required: ['name', 'tests'],
    optional: [
      'failures',
      'errors',
      'skipped',
      'disabled',
      'time',
      'timestamp',
      'hostname',
      'id',
      'package',
      'file',
      'log',
      'url',
      'version',
      'group',
    ],
    children: ['properties', 'testcase', 'system-out', 'system-err'],
  },
  properties: { required: [], optional: [], children: ['property'] },
  property: { required: ['name', 'value'], optional: [], children: [] },
  testcase: {
    required: ['name'],
    optional: ['classname', 'time', 'assertions', 'status', 'file', 'line', 'group'],
    children: ['failure', 'error', 'skipped', 'system-out', 'system-err'],
  },
  failure: { required: [], optional: ['message', 'type'], children: [], text: true },
  error: { required: [], optional: ['message', 'type'], children: [], text: true },
  skipped: { required: [], optional: ['message'], children: [], text: true },
  'system-out': { required: [], optional: [], children: [], text: true },
  'system-err': { required: [], optional: [], children: [], text: true },
};

type Node = Record<string, unknown>;

export function junitProblems(xml: string): string[] {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) return [`not well-formed: ${wellFormed.err.msg} (line ${wellFormed.err.line})`];
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    preserveOrder: true,
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
  }).parse(xml) as Node[];
  const problems: string[] = [];
  const roots = doc.filter((n) => !('?xml' in n));
  if (roots.length !== 1 || !('testsuites' in roots[0]!)) return ['the root element must be <testsuites>'];
  check('testsuites', roots[0]!, 'testsuites', problems);
  return problems;
}

function check(name: string, node: Node, path: string, problems: string[]): void {
  const spec = SPEC[name];
  if (!spec) {
    problems.push(`${path}: element <${name}> is not in the schema`);
    return;
  }
  const attrs = (node[':@'] ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(attrs)) {
    const attr = k.slice(1);
    if (!spec.required.includes(attr) && !spec.optional.includes(attr))
      problems.push(`${path}: attribute ${attr} is not allowed`);
    if (INT.has(attr) && !/^\d+$/.test(v)) problems.push(`${path}: ${attr}="${v}" is not a whole number`);
    if (DECIMAL.has(attr) && !/^\d+(\.\d+)?$/.test(v)) problems.push(`${path}: ${attr}="${v}" is not a decimal`);
    if (attr === 'timestamp' && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(v))
      problems.push(`${path}: timestamp="${v}" is not an ISO 8601 date-time without zone`);
  }
  for (const r of spec.required) if (!(`@${r}` in attrs)) problems.push(`${path}: required attribute ${r} is missing`);
  const children = (node[name] ?? []) as Node[];
  let i = 0;
  for (const child of children) {
    if ('#text' in child) {
      if (!spec.text && String(child['#text']).trim() !== '') problems.push(`${path}: text is not allowed here`);
      continue;
    }
    const childName = Object.keys(child).find((k) => k !== ':@')!;
    if (!spec.children.includes(childName)) problems.push(`${path}: <${childName}> is not allowed in <${name}>`);
    else check(childName, child, `${path}/${childName}[${i++}]`, problems);
  }
}
