/** JSON Feed 1.1 and Atom 1.0 of new and updated rules (newest first). */
import { escapeHtml } from './html.js';
import type { WebRule } from './model.js';
import { originalUrl } from './pages/rule.js';
import type { WebState } from './state.js';

const FEED_SIZE = 100;

function link(base: string, r: WebRule): string {
  return `${base}/rules/${encodeURIComponent(r.rule.id)}`;
}

export function jsonFeed(state: WebState, base: string) {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: 'kqlhunt SOC feed',
    home_page_url: `${base}/`,
    feed_url: `${base}/feed.json`,
    description: 'New and updated KQL hunting rules.',
    language: 'en',
    items: state.rules.slice(0, FEED_SIZE).map((r) => ({
      id: r.rule.id,
      url: link(base, r),
      ...(originalUrl(r) ? { external_url: originalUrl(r) } : {}),
      title: r.rule.name,
      content_text: r.rule.description,
      summary: r.enrichment.hypothesis.text,
      date_published: r.updatedAt,
      date_modified: r.updatedAt,
      tags: [...r.rule.techniques, ...r.rule.tables, ...r.rule.tags],
    })),
  };
}

/** XML text: escapeHtml covers the five XML specials; control characters XML forbids are dropped. */
function x(text: string): string {
  return escapeHtml(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''));
}

export function atomFeed(state: WebState, base: string): string {
  const items = state.rules.slice(0, FEED_SIZE);
  const updated = items[0]?.updatedAt ?? new Date(0).toISOString();
  const entries = items.map(
    (r) => `<entry>
<id>urn:kqlhunt:rule:${x(r.rule.id)}</id>
<title>${x(r.rule.name)}</title>
<link rel="alternate" type="text/html" href="${x(link(base, r))}"/>
<updated>${x(r.updatedAt)}</updated>
<summary type="text">${x(r.rule.description)}</summary>
${r.rule.techniques.map((t) => `<category term="${x(t)}"/>`).join('')}
</entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>urn:kqlhunt:feed</id>
<title>kqlhunt SOC feed</title>
<link rel="self" type="application/atom+xml" href="${x(`${base}/feed.atom`)}"/>
<link rel="alternate" type="text/html" href="${x(`${base}/`)}"/>
<updated>${x(updated)}</updated>
<author><name>kqlhunt</name></author>
${entries.join('\n')}
</feed>
`;
}
