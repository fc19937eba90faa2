#!/usr/bin/env node
/**
 * Generates the RMM hunting pack (packs/rmm/) from the RMM tool facts in ../shared/data/rmm_tools.json.
 *
 *   node scripts/gen-rmm-pack.mjs [--facts <rmm_tools.json>] [--seeds <seeds dir>] [--out <dir>]
 *
 * The output is committed; running the script twice gives byte-identical files (no clocks, no
 * randomness, sorted inputs). Per tool it writes up to three Sentinel-format hunting queries —
 * process creation (PE company/product name), network connection (vendor domains + company name)
 * and file signature (signer) — plus one "all tools" query per kind. A tool gets a kind only when
 * its facts support it. The SyncroMSP createproc/netconn rules are pinned to the seed queries.
 * Beside every rule it writes `<rule>.tests.yaml` (docs/testing.md): a positive test built from the
 * tool's facts and a near miss; the SyncroMSP Create Process rule also gets seed 000's five
 * false-positive scenarios as exclusion tests.
 * Every decision that departs from the upstream rules is listed in docs/rules.md.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PACK_VERSION = '1.0.0';
const RULE_VERSION = '1.0.0';

/** Namespace of the pack's v5-style rule ids; changing it changes every generated id. */
export const RMM_NAMESPACE = '6f1c2a8e-5b0d-4e2a-9c1f-3d7b8e4a2c10';

/** RFC 4122 version-5 style UUID: SHA-1 of namespace bytes + name, version and variant bits set. */
export function uuidV5(name, namespace = RMM_NAMESPACE) {
  const ns = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const digest = createHash('sha1').update(ns).update(Buffer.from(name, 'utf8')).digest();
  const b = digest.subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const KINDS = /** @type {const} */ (['createproc', 'netconn', 'filesig']);

const KIND_INFO = {
  createproc: { label: 'Create Process', table: 'DeviceProcessEvents' },
  netconn: { label: 'Network Connection', table: 'DeviceNetworkEvents' },
  filesig: { label: 'File Signature', table: 'DeviceFileCertificateInfo' },
};

/**
 * Names that appear on binaries of platforms or bundled third-party components rather than on the
 * RMM vendor's own files (a Microsoft-signed binary is not evidence of an RMM tool). Matching them
 * would flag most of a fleet, so they never become match terms.
 */
const NOT_VENDOR_SPECIFIC = new Set(
  [
    'Microsoft',
    'Microsoft Corporation',
    'Microsoft Windows Component Publisher',
    'Google LLC',
    'GlobalSigningDig',
    'CodeSigningMico',
    'win.rar GmbH',
    'Simon Tatham',
    'Adobe Systems Incorporated',
    'Oculus VR, LLC',
    'Unity Technologies ApS',
    'Unity Technologies SF',
    'Power Software Limited',
    'Alexander Roshal',
  ].map((s) => s.toLowerCase()),
);

/**
 * Companies that are safe as a per-tool term only together with the tool's product name (Google +
 * "Chrome Remote Desktop", GitHub + a tool's product, Sysinternals + PsExec …): the per-tool rules
 * keep them, but the company-only "all tools" sweep drops them, or it would flag Google Chrome,
 * GitHub Desktop and every Sysinternals utility on every device.
 */
const SWEEP_GENERIC = new Set(
  [
    'Google',
    'GitHub, Inc.',
    'Alibaba Group',
    'Tencent',
    'Yandex',
    'Sysinternals - www.sysinternals.com',
    'ESET',
    'Flexera',
    'NCH Software',
    'MEGA Limited',
  ].map((s) => s.toLowerCase()),
);

/**
 * The two seed rules (SyncroMSP). Their query text and ids are kept exactly as the seeds carry
 * them so that the pack reproduces the rules analysts already know.
 */
const PINNED = {
  Syncro: {
    createproc: {
      id: 'f9919f87-a7ba-4f47-a942-e30c46eb7a7d',
      query: [
        'let Time_start = now(-5d);',
        'let Time_end = now();',
        '//',
        'DeviceProcessEvents',
        '| where Timestamp between (Time_start..Time_end)',
        "| where ProcessVersionInfoCompanyName has 'Servably, Inc.'",
        "    and ProcessVersionInfoProductName has 'Syncro'",
        '| summarize FirstSeen=min(Timestamp), LastSeen=max(Timestamp),',
        '    Report=make_set(ReportId), Count=count() by DeviceId, DeviceName',
      ],
      // The match terms of the pinned query (its tests build rows from them).
      terms: { companies: ['Servably, Inc.'], products: ['Syncro'] },
    },
    netconn: {
      id: '3abb45d6-8514-4444-a7e4-6ab1c71ae5ce',
      query: [
        'let Time_start = now(-5d);',
        'let Time_end = now();',
        '//',
        'DeviceNetworkEvents',
        '| where Timestamp between (Time_start..Time_end)',
        '| where RemoteUrl has_any (',
        "        'syncromsp.com',",
        "        'servably.com',",
        "        'syncroapi.com'",
        '    )',
        "    and InitiatingProcessVersionInfoCompanyName has 'Servably, Inc.'",
        '| summarize FirstSeen=min(Timestamp), LastSeen=max(Timestamp),',
        '    Report=make_set(ReportId), Count=count() by DeviceId, DeviceName,',
        '    RemoteUrl',
      ],
      terms: { domains: ['syncromsp.com', 'servably.com', 'syncroapi.com'], companies: ['Servably, Inc.'] },
    },
    // Azure-Sentinel ships the SyncroMSP file-signature rule under this id; keep it so imports match.
    filesig: { id: '3510a677-6a63-45f5-a0cd-509c5b865e0e' },
  },
};

/* ---------------------------------------------------------------------------------------------- */
/* Facts → match terms                                                                             */
/* ---------------------------------------------------------------------------------------------- */

/** Extraction artefacts in the facts (`Signer has 'Ammyy`, `[n/a]`) are not names. */
function isUsableTerm(term) {
  const t = term.trim();
  return t.length >= 3 && !/["'[\]]/.test(t) && !/\bhas(_any)?\b/.test(t);
}

function uniqueCi(values) {
  const seen = new Set();
  const out = [];
  for (const v of values) {
    const t = v.trim();
    const key = t.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(t);
    }
  }
  return out;
}

/** Curated KQL terms (jischell) win; otherwise exact names (LOLRMM), minus non-vendor names. */
function pickTerms(curated, exact) {
  const clean = (list) => uniqueCi(list.filter(isUsableTerm).filter((s) => !NOT_VENDOR_SPECIFIC.has(s.toLowerCase())));
  const fromCurated = clean(curated);
  return fromCurated.length > 0 ? fromCurated : clean(exact);
}

/**
 * Domains usable with `has`: wildcard prefixes dropped (`*.x.com` → `x.com`), ports dropped, and
 * patterns (regex or inner wildcards) and bare IP addresses skipped. A domain whose parent is also listed is redundant,
 * because `has 'x.com'` already matches `a.x.com` (term-bounded match).
 */
export function normaliseDomains(domains) {
  const cleaned = [];
  for (const raw of domains) {
    let d = raw.trim().toLowerCase().replace(/^\*\./, '').replace(/:\d+$/, '');
    d = d.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    if (!/^[a-z0-9][a-z0-9._-]*[a-z0-9]$/.test(d)) continue;
    if (!d.includes('.') && !d.includes('-')) continue;
    // Bare IPv4 addresses belong on RemoteIP, not RemoteUrl; the URL rules leave them out.
    if (/^\d+\.\d+\.\d+\.\d+$/.test(d)) continue;
    cleaned.push(d);
  }
  const set = new Set(cleaned);
  const covered = (d) => {
    const parts = d.split('.');
    for (let i = 1; i < parts.length - 1; i++) if (set.has(parts.slice(i).join('.'))) return true;
    return false;
  };
  return [...set].filter((d) => !covered(d)).sort();
}

export function toolFacts(tool) {
  const companies = pickTerms(tool.company_name_match_terms, tool.vendor_company_names);
  const products = pickTerms(tool.product_name_match_terms, tool.product_names);
  const signers = pickTerms(tool.signer_match_terms, tool.signers);
  const domains = normaliseDomains(tool.domains);
  return { companies, products, signers, domains };
}

/* ---------------------------------------------------------------------------------------------- */
/* Query text                                                                                      */
/* ---------------------------------------------------------------------------------------------- */

/** A KQL string literal; single quotes as upstream, escaping backslash and quote. */
export function kqlString(s) {
  return `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** `col has 'x'` for one value, `col has_any ('a', 'b')` for several (upstream spelling). */
function termTest(column, values) {
  if (values.length === 1) return `${column} has ${kqlString(values[0])}`;
  if (values.length <= 4 && values.every((v) => v.length < 40)) {
    return `${column} has_any (${values.map(kqlString).join(', ')})`;
  }
  return [
    `${column} has_any (`,
    ...values.map((v, i) => `        ${kqlString(v)}${i < values.length - 1 ? ',' : ''}`),
    '    )',
  ].join('\n');
}

const HEADER = ['let Time_start = now(-5d);', 'let Time_end = now();', '//'];

function summarizeLines(extraKey) {
  const tail = extraKey
    ? ['    Report=make_set(ReportId), Count=count() by DeviceId, DeviceName,', `    ${extraKey}`]
    : ['    Report=make_set(ReportId), Count=count() by DeviceId, DeviceName'];
  return ['| summarize FirstSeen=min(Timestamp), LastSeen=max(Timestamp),', ...tail];
}

function whereLines(conditions) {
  const [first, ...rest] = conditions;
  return [`| where ${first}`, ...rest.map((c) => `    and ${c}`)];
}

function queryFor(kind, facts) {
  const table = KIND_INFO[kind].table;
  const conditions = [];
  if (kind === 'createproc') {
    conditions.push(termTest('ProcessVersionInfoCompanyName', facts.companies));
    if (facts.products.length > 0) conditions.push(termTest('ProcessVersionInfoProductName', facts.products));
  } else if (kind === 'netconn') {
    conditions.push(termTest('RemoteUrl', facts.domains));
    if (facts.companies.length > 0)
      conditions.push(termTest('InitiatingProcessVersionInfoCompanyName', facts.companies));
  } else {
    conditions.push(termTest('Signer', facts.signers));
  }
  const lines = [
    ...HEADER,
    table,
    '| where Timestamp between (Time_start..Time_end)',
    ...whereLines(conditions),
    ...summarizeLines(kind === 'netconn' ? 'RemoteUrl' : undefined),
  ];
  return lines.join('\n');
}

function hasFactsFor(kind, facts) {
  if (kind === 'createproc') return facts.companies.length > 0;
  if (kind === 'netconn') return facts.domains.length > 0;
  return facts.signers.length > 0;
}

/* ---------------------------------------------------------------------------------------------- */
/* Rules                                                                                           */
/* ---------------------------------------------------------------------------------------------- */

const DESCRIPTION_BY_KIND = {
  createproc: (tool, f) =>
    `Finds processes whose PE version information names the vendor of ${tool} (company: ${f.companies.join(', ')}${f.products.length ? `; product: ${f.products.join(', ')}` : ''}).`,
  netconn: (tool, f) =>
    `Finds network connections to domains of ${tool}${f.companies.length ? ', made by a process whose PE version information names the vendor' : ''}.`,
  filesig: (tool, f) => `Finds files signed by the vendor of ${tool} (signer: ${f.signers.join(', ')}).`,
};

const CONTEXT =
  'Remote monitoring and management (RMM) tools are legitimate IT software that attackers install for persistence and command and control (MITRE ATT&CK T1219). Expect hits where IT uses the tool; confirm it is sanctioned on the device.';

function displayName(tool) {
  const rules = tool.jischell_hunting_rules ?? {};
  for (const k of KINDS) {
    const m = /^Remote Management and Monitoring tool - (.+) - [^-]+$/.exec(rules[k]?.rule_name ?? '');
    if (m) return m[1].trim();
  }
  return tool.name;
}

export function slugOf(name) {
  return name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

function referencesFor(tool) {
  const refs = [...tool.websites.slice(0, 1)];
  for (const s of tool.sources) {
    if (s.startsWith('magicsword-io/LOLRMM@')) refs.push('https://lolrmm.io/');
    if (s.startsWith('jischell-msft/RemoteManagementMonitoringTools@'))
      refs.push('https://github.com/jischell-msft/RemoteManagementMonitoringTools');
  }
  return uniqueCi(refs);
}

function ruleDocument({ id, name, description, table, query, tags }) {
  return {
    id,
    name,
    description,
    requiredDataConnectors: [{ connectorId: 'MicrosoftThreatProtection', dataTypes: [table] }],
    tactics: ['CommandAndControl'],
    relevantTechniques: ['T1219'],
    query,
    version: RULE_VERSION,
    tags,
  };
}

function toolRule(tool, kind, facts) {
  const shown = displayName(tool);
  const slug = slugOf(shown);
  const pin = PINNED[tool.name]?.[kind];
  const query = pin?.query ? pin.query.join('\n') : queryFor(kind, facts);
  const description = [DESCRIPTION_BY_KIND[kind](shown, facts), CONTEXT, ...referencesFor(tool)].join('\n');
  const doc = ruleDocument({
    id: pin?.id ?? uuidV5(`${slug}/${kind}`),
    name: `Remote Management and Monitoring tool - ${shown} - ${KIND_INFO[kind].label}`,
    description,
    table: KIND_INFO[kind].table,
    query,
    tags: ['RMM', `rmm:${slug}`, `rmm-kind:${kind}`],
  });
  const terms = { ...facts, ...(pin?.terms ?? {}) };
  const tests = toolTests(tool, kind, terms, slug);
  if (tool.name === 'Syncro' && kind === 'createproc') tests.tests.push(...seedTests(terms, tests));
  return { path: join('tools', slug, `rmm_${slug}_${kind}.yaml`), doc, tests };
}

function allToolsRule(kind, tools) {
  const seen = new Set();
  const values = [];
  for (const { facts } of tools) {
    const list = kind === 'createproc' ? facts.companies : kind === 'netconn' ? facts.domains : facts.signers;
    for (const v of list) {
      if (kind === 'createproc' && SWEEP_GENERIC.has(v.toLowerCase())) continue;
      if (!seen.has(v.toLowerCase())) {
        seen.add(v.toLowerCase());
        values.push(v);
      }
    }
  }
  values.sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
  const column = { createproc: 'ProcessVersionInfoCompanyName', netconn: 'RemoteUrl', filesig: 'Signer' }[kind];
  const listLines = values.map((v, i) => `    ${kqlString(v)}${i < values.length - 1 ? ',' : ''}`);
  const query = [
    `let rmm_terms = dynamic([`,
    ...listLines,
    ']);',
    ...HEADER,
    KIND_INFO[kind].table,
    '| where Timestamp between (Time_start..Time_end)',
    `| where ${column} has_any (rmm_terms)`,
    ...summarizeLines(kind === 'netconn' ? 'RemoteUrl' : undefined),
  ].join('\n');
  const what = { createproc: 'PE company names', netconn: 'domains', filesig: 'signers' }[kind];
  return {
    tests: sweepTests(kind, values),
    path: join('all', `rmm__all_${kind}.yaml`),
    doc: ruleDocument({
      id: uuidV5(`__all__/${kind}`),
      name: `Remote Management and Monitoring tool - All tools - ${KIND_INFO[kind].label}`,
      description: [
        `Sweeps for any of ${tools.length} RMM tools at once by their ${what} (${values.length} terms). Broader than the per-tool rules: it does not pair company with product names.`,
        CONTEXT,
      ].join('\n'),
      table: KIND_INFO[kind].table,
      query,
      tags: ['RMM', 'rmm:all', `rmm-kind:${kind}`],
    }),
  };
}

/** All pack files as [relative path, text], sorted by path. Pure: same facts → same output. */
export function buildPack(tools) {
  const files = [];
  const perKind = { createproc: [], netconn: [], filesig: [] };
  const slugs = new Map();
  for (const tool of [...tools].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const slug = slugOf(displayName(tool));
    if (slugs.has(slug)) throw new Error(`slug collision: ${slug} (${tool.name} / ${slugs.get(slug)})`);
    slugs.set(slug, tool.name);
    const facts = toolFacts(tool);
    for (const kind of KINDS) {
      if (!hasFactsFor(kind, facts)) continue;
      files.push(toolRule(tool, kind, facts));
      perKind[kind].push({ tool, facts });
    }
  }
  for (const kind of KINDS) files.push(allToolsRule(kind, perKind[kind]));
  const rendered = files.flatMap(({ path, doc, tests }) => {
    const rel = path.split('\\').join('/');
    // Exclusions (the tuning under test) after the tests, as docs/testing.md shows them.
    const { tests: list, ...rest } = tests;
    return [
      [rel, renderYaml(doc)],
      [rel.replace(/\.yaml$/, '.tests.yaml'), renderYaml({ tests: list, ...rest })],
    ];
  });
  rendered.push(['pack.yaml', renderYaml(manifest(files.length, perKind))]);
  return rendered.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

function manifest(ruleCount, perKind) {
  return {
    name: 'rmm',
    title: 'Remote Management and Monitoring tools',
    description:
      'Hunting queries for remote monitoring and management (RMM) and remote-access tools, one per tool and kind (process creation, network connection, file signature), plus one sweep per kind. Generated by scripts/gen-rmm-pack.mjs; do not edit by hand.',
    version: PACK_VERSION,
    format: 'sentinel-hunting-yaml',
    rules: ruleCount,
    kinds: Object.fromEntries(KINDS.map((k) => [k, perKind[k].length])),
    tactics: ['CommandAndControl'],
    techniques: ['T1219'],
    sources: [
      {
        name: 'LOLRMM',
        repository: 'https://github.com/magicsword-io/LOLRMM',
        commit: '3c75cf091b10bf7e8ecd576055c44d172b35ff21',
        license: 'Apache-2.0',
        used: 'tool names, PE company/product names, signers, domains',
      },
      {
        name: 'RemoteManagementMonitoringTools',
        repository: 'https://github.com/jischell-msft/RemoteManagementMonitoringTools',
        commit: '7bb251e68abd13989445195e9d812cb189277715',
        license: 'MIT',
        copyright: 'Copyright (c) 2023 J Schell',
        used: 'KQL match terms, rule shape, SyncroMSP rule ids and queries',
      },
    ],
  };
}

function renderYaml(doc) {
  return stringify(doc, { lineWidth: 0, blockQuote: 'literal', indentSeq: true });
}

/* ---------------------------------------------------------------------------------------------- */
/* Tests (format v1, docs/testing.md): one positive and one near-miss negative per rule            */
/* ---------------------------------------------------------------------------------------------- */

const TEST_NOW = '2024-05-01T12:00:00Z';
const EVENT_TIME = '2024-05-01T10:00:00Z';

/** KQL `has` for a needle: found case-insensitively with a term boundary on both sides. */
export function hasTerm(haystack, needle) {
  const h = haystack.toLowerCase();
  const n = needle.toLowerCase();
  const alnum = (c) => c !== undefined && /[a-z0-9]/.test(c);
  for (let i = h.indexOf(n); i >= 0; i = h.indexOf(n, i + 1)) {
    if (!alnum(h[i - 1]) && !alnum(h[i + n.length])) return true;
  }
  return false;
}

/** A fact value that the terms match (a real name when one fits), else the first term itself. */
function matchingValue(candidates, terms) {
  return candidates.find((c) => terms.some((t) => hasTerm(c, t))) ?? terms[0];
}

/** A look-alike of a domain: the first label's last character doubled (`anydesk.com` → `anydeskk.com`). */
export function lookalikeDomain(domain) {
  const [first, ...rest] = domain.split('.');
  return [`${first}${first.at(-1)}`, ...rest].join('.');
}

const BENIGN = { company: 'Contoso Ltd', product: 'Contoso Notes', signer: 'Contoso Code Signing Ltd' };

function processName(tool, slug) {
  return tool.process_names?.[0] ?? tool.original_file_names?.[0] ?? `${slug}.exe`;
}

function event(device, report, fields) {
  return { Timestamp: EVENT_TIME, DeviceId: `${device}-id`, DeviceName: device, ReportId: report, ...fields };
}

function positiveTest(name, table, row, expectRow) {
  return {
    name,
    now: TEST_NOW,
    input: { tables: { [table]: [row] } },
    expect: { fires: true, count: 1, rows: [expectRow] },
  };
}

function negativeTest(name, table, row) {
  return { name, now: TEST_NOW, input: { tables: { [table]: [row] } }, expect: { fires: false } };
}

/** The tests of one tool rule, from the terms its query matches on. */
function toolTests(tool, kind, terms, slug) {
  const exe = processName(tool, slug);
  const table = KIND_INFO[kind].table;
  const tests = [];
  if (kind === 'createproc') {
    const company = matchingValue(tool.vendor_company_names ?? [], terms.companies);
    const product = terms.products.length > 0 ? matchingValue(tool.product_names ?? [], terms.products) : undefined;
    const fields = {
      FileName: exe,
      ProcessCommandLine: exe,
      ProcessVersionInfoCompanyName: company,
      ...(product !== undefined ? { ProcessVersionInfoProductName: product } : {}),
    };
    tests.push(
      positiveTest(`fires on ${exe} with the vendor's PE company`, table, event('ws-01', 1, fields), {
        DeviceName: 'ws-01',
        Count: 1,
      }),
      negativeTest(
        `does not fire when the vendor name is only in the command line (another company's binary)`,
        table,
        event('ws-02', 2, {
          FileName: 'notepad.exe',
          ProcessCommandLine: `notepad.exe "${company}${product ? ` ${product}` : ''} licence.txt"`,
          ProcessVersionInfoCompanyName: BENIGN.company,
          ProcessVersionInfoProductName: BENIGN.product,
        }),
      ),
    );
  } else if (kind === 'netconn') {
    const domain = terms.domains[0];
    const host = `agent.${domain}`;
    const company =
      terms.companies.length > 0 ? matchingValue(tool.vendor_company_names ?? [], terms.companies) : undefined;
    const fields = (url) => ({
      RemoteUrl: url,
      RemotePort: 443,
      InitiatingProcessFileName: exe,
      ...(company !== undefined ? { InitiatingProcessVersionInfoCompanyName: company } : {}),
    });
    tests.push(
      positiveTest(`fires on ${exe} connecting to ${host}`, table, event('ws-01', 1, fields(host)), {
        DeviceName: 'ws-01',
        RemoteUrl: host,
      }),
      negativeTest(
        `does not fire on the look-alike domain ${lookalikeDomain(domain)}`,
        table,
        event('ws-02', 2, fields(lookalikeDomain(domain))),
      ),
    );
  } else {
    const signer = matchingValue(tool.signers ?? [], terms.signers);
    tests.push(
      positiveTest(
        `fires on a file signed by ${signer}`,
        table,
        event('ws-01', 1, { SHA1: SHA1_A, Signer: signer, IsSigned: true }),
        {
          DeviceName: 'ws-01',
          Count: 1,
        },
      ),
      negativeTest(
        'does not fire when the vendor name is only in the issuer (another signer)',
        table,
        event('ws-02', 2, { SHA1: SHA1_B, Signer: BENIGN.signer, Issuer: `${signer} Issuing CA`, IsSigned: true }),
      ),
    );
  }
  return { tests };
}

const SHA1_A = 'a9993e364706816aba3e25717850c26c9cd0d89d';
const SHA1_B = '84983e441c3bd26ebaae4aa1f95129e5e54670f1';

/** Tests of an "all tools" sweep: its first term fires; another company's name does not. */
function sweepTests(kind, values) {
  const table = KIND_INFO[kind].table;
  const first = values[0];
  if (kind === 'createproc')
    return {
      tests: [
        positiveTest(
          `fires on a process of ${first}`,
          table,
          event('ws-01', 1, { FileName: 'agent.exe', ProcessVersionInfoCompanyName: first }),
          {
            DeviceName: 'ws-01',
            Count: 1,
          },
        ),
        negativeTest(
          "does not fire on another company's process",
          table,
          event('ws-02', 2, { FileName: 'notepad.exe', ProcessVersionInfoCompanyName: BENIGN.company }),
        ),
      ],
    };
  if (kind === 'netconn')
    return {
      tests: [
        positiveTest(
          `fires on a connection to ${first}`,
          table,
          event('ws-01', 1, { RemoteUrl: first, RemotePort: 443 }),
          {
            DeviceName: 'ws-01',
            RemoteUrl: first,
          },
        ),
        negativeTest(
          `does not fire on the look-alike domain ${lookalikeDomain(first)}`,
          table,
          event('ws-02', 2, { RemoteUrl: lookalikeDomain(first), RemotePort: 443 }),
        ),
      ],
    };
  return {
    tests: [
      positiveTest(`fires on a file signed by ${first}`, table, event('ws-01', 1, { SHA1: SHA1_A, Signer: first }), {
        DeviceName: 'ws-01',
        Count: 1,
      }),
      negativeTest(
        'does not fire on another signer',
        table,
        event('ws-02', 2, { SHA1: SHA1_B, Signer: BENIGN.signer }),
      ),
    ],
  };
}

/* Seed 000's false-positive scenarios on the SyncroMSP Create Process rule ---------------------- */

/** Generic exclusion fields of the seed → DeviceProcessEvents columns (docs/exclusions.md). */
const SEED_FIELDS = {
  'process.parent_process_name': 'InitiatingProcessFileName',
  'process.command_line': 'ProcessCommandLine',
};

/** Scenario / Description / Filter/Exclusion triples of seed 000, in order. */
export function seedScenarios(text) {
  const lines = text.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^Scenario: (.*)$/.exec(lines[i]);
    if (!m) continue;
    out.push({
      scenario: m[1].trim(),
      description: (lines[i + 1] ?? '').replace(/^Description: /, '').trim(),
      expression: (lines[i + 2] ?? '')
        .replace(/^Filter\/Exclusion: /, '')
        .replace(/-+$/, '')
        .trim(),
    });
  }
  return out;
}

/** Columns of a row the exclusion's first `or` branch matches (`field == "v"`, `field contains "v"`). */
function rowForExclusion(expression) {
  const branch = expression.split(/\s+or\s+/)[0];
  const fields = {};
  for (const part of branch.split(/\s+and\s+/)) {
    const m = /^\s*([\w.]+)\s+(==|contains)\s+"([^"]*)"\s*$/.exec(part);
    if (!m || !SEED_FIELDS[m[1]]) throw new Error(`seed exclusion part not understood: ${part}`);
    const column = SEED_FIELDS[m[1]];
    fields[column] = m[2] === '==' ? m[3] : `${fields[column] ?? 'Syncro.Service.Runner.exe'} ${m[3]}`;
  }
  return fields;
}

let seedText;

/** Seed 000's text (its false-positive scenarios become tests of the SyncroMSP Create Process rule). */
export function setSeed(text) {
  seedText = text;
}

/**
 * The seed's five scenarios as tests: with the seed's exclusions enabled the benign activity does
 * not fire; with exclusions disabled the same rows do (so each test is about its exclusion).
 */
function seedTests(terms, testsDoc) {
  if (!seedText) return [];
  const scenarios = seedScenarios(seedText);
  if (scenarios.length !== 5) throw new Error(`seed 000: expected 5 scenarios, found ${scenarios.length}`);
  testsDoc.exclusions = scenarios.map((s, i) => ({
    id: `seed-${i + 1}`,
    scenario: s.scenario,
    description: s.description,
    expression: s.expression,
    enabled: true,
    source: 'upstream',
  }));
  const out = [];
  scenarios.forEach((s, i) => {
    const row = event(`ws-fp${i + 1}`, 10 + i, {
      FileName: 'Syncro.Service.Runner.exe',
      ProcessCommandLine: 'Syncro.Service.Runner.exe',
      ProcessVersionInfoCompanyName: terms.companies[0],
      ProcessVersionInfoProductName: terms.products[0],
      ...rowForExclusion(s.expression),
    });
    const tables = () => ({ DeviceProcessEvents: [{ ...row }] });
    out.push(
      {
        name: `does not fire once exclusions are enabled: ${s.scenario}`,
        now: TEST_NOW,
        exclusions: 'enabled',
        input: { tables: tables() },
        expect: { fires: false },
      },
      {
        name: `fires without exclusions: ${s.scenario}`,
        now: TEST_NOW,
        exclusions: 'disabled',
        input: { tables: tables() },
        expect: { fires: true, rows: [{ DeviceName: `ws-fp${i + 1}` }] },
      },
    );
  });
  return out;
}

/* ---------------------------------------------------------------------------------------------- */
/* CLI                                                                                             */
/* ---------------------------------------------------------------------------------------------- */

function argValue(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? resolve(process.argv[i + 1]) : fallback;
}

function main() {
  const factsPath = argValue('--facts', resolve(ROOT, '..', 'shared', 'data', 'rmm_tools.json'));
  const outDir = argValue('--out', join(ROOT, 'packs', 'rmm'));
  const tools = JSON.parse(readFileSync(factsPath, 'utf8'));
  const seedDir = argValue('--seeds', resolve(ROOT, '..', 'shared', 'seeds'));
  const seedFile = readdirSync(seedDir).find((f) => f.startsWith('000_'));
  if (!seedFile) throw new Error(`no seed 000 in ${seedDir}`);
  setSeed(readFileSync(join(seedDir, seedFile), 'utf8'));
  const files = buildPack(tools);
  rmSync(join(outDir, 'tools'), { recursive: true, force: true });
  rmSync(join(outDir, 'all'), { recursive: true, force: true });
  for (const [rel, text] of files) {
    const target = join(outDir, rel);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  process.stdout.write(`wrote ${files.length} files to ${outDir}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
