/** The page shell: landmarks, skip link, navigation, stylesheet and the one deferred script. */
import { type Html, html } from './html.js';

export interface PageContext {
  /** CSRF token for forms and the JS helpers (read from a meta tag). */
  readonly csrf: string;
  /** Footer line: where the loaded data came from. */
  readonly dataLabel: string;
}

export type NavKey = 'feed' | 'findings' | 'coverage' | 'hunts' | 'playground' | 'rule' | 'error';

const NAV: readonly { readonly key: NavKey; readonly href: string; readonly label: string }[] = [
  { key: 'feed', href: '/', label: 'Feed' },
  { key: 'findings', href: '/findings', label: 'Findings' },
  { key: 'coverage', href: '/coverage', label: 'Coverage' },
  { key: 'hunts', href: '/hunts', label: 'Hunts' },
  { key: 'playground', href: '/playground', label: 'Playground' },
];

export interface PageOptions {
  /** Reload the page every N seconds (a running hunt's page; a meta tag, not a script). */
  readonly refreshSeconds?: number;
  /** Extra same-origin scripts, loaded (deferred) before app.js: fixed paths, never user text. */
  readonly scripts?: readonly '/static/chart.umd.min.js'[];
}

export function page(ctx: PageContext, title: string, active: NavKey, body: Html, options: PageOptions = {}): string {
  const nav = NAV.map(
    (n) => html`<li><a href="${n.href}"${n.key === active ? html` aria-current="page"` : ''}>${n.label}</a></li>`,
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${ctx.csrf}">
<title>${title} · kqlhunt</title>
${options.refreshSeconds ? html`<meta http-equiv="refresh" content="${options.refreshSeconds}">` : ''}
<link rel="stylesheet" href="/static/app.css">
<link rel="alternate" type="application/feed+json" title="kqlhunt rules (JSON Feed)" href="/feed.json">
<link rel="alternate" type="application/atom+xml" title="kqlhunt rules (Atom)" href="/feed.atom">
${(options.scripts ?? []).map((s) => html`<script src="${s}" defer></script>`)}
<script src="/static/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
<a class="brand" href="/">kqlhunt <span>SOC feed</span></a>
<nav aria-label="Main"><ul>${nav}</ul></nav>
</header>
<main id="main" tabindex="-1">
${body}
</main>
<footer class="site"><p>Data: ${ctx.dataLabel}. ATT&amp;CK® is a registered trademark of The MITRE Corporation.</p></footer>
</body>
</html>
`.value;
}

/** A small coloured label. `tone` picks the colour class (fixed set, never user text). */
export function badge(text: string, tone = 'plain', label?: string): Html {
  return html`<span class="badge badge-${tone}"${label ? html` title="${label}"` : ''}>${text}</span>`;
}

export function severityTone(severity: string): string {
  switch (severity.toLowerCase()) {
    case 'high':
      return 'high';
    case 'medium':
      return 'medium';
    case 'low':
      return 'low';
    default:
      return 'info';
  }
}
