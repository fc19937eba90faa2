/**
 * parse_xml: XML text → dynamic, with the usual XML-to-JSON mapping Kusto uses: an element becomes
 * a key; attributes become "@name" keys; text alone becomes the value, text beside attributes or
 * children becomes "#text"; repeated child elements become arrays. A small hand-written scanner
 * (linear, no entities beyond the five predefined ones and numeric references); malformed XML
 * gives null.
 */
import type { KqlDynamic } from '../types.js';

type Bag = { [key: string]: KqlDynamic };

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    return ENTITIES[e] ?? '';
  });
}

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  skipMisc(): void {
    for (;;) {
      while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
      if (this.text.startsWith('<?', this.pos)) this.skipPast('?>');
      else if (this.text.startsWith('<!--', this.pos)) this.skipPast('-->');
      else if (this.text.startsWith('<!DOCTYPE', this.pos)) this.skipPast('>');
      else return;
    }
  }

  skipPast(end: string): void {
    const i = this.text.indexOf(end, this.pos);
    this.pos = i < 0 ? this.text.length : i + end.length;
  }

  /** Parses one element at `pos`; returns [name, value] or null when malformed. */
  element(depth: number): [string, KqlDynamic] | null {
    if (depth > 200 || this.text[this.pos] !== '<') return null;
    const head = /^<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(
      this.text.slice(this.pos, this.pos + 4096),
    );
    if (!head) return null;
    this.pos += head[0].length;
    const name = head[1] as string;
    const node: Bag = {};
    for (const a of (head[2] ?? '').matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      node[`@${a[1]}`] = decodeEntities(a[2] ?? a[3] ?? '');
    }
    if (head[3] === '/') return [name, Object.keys(node).length ? node : null];
    let text = '';
    let children = 0;
    for (;;) {
      const lt = this.text.indexOf('<', this.pos);
      if (lt < 0) return null;
      text += this.text.slice(this.pos, lt);
      this.pos = lt;
      if (this.text.startsWith('</', lt)) {
        const close = `</${name}`;
        if (!this.text.startsWith(close, lt)) return null;
        this.skipPast('>');
        break;
      }
      if (this.text.startsWith('<!--', lt)) {
        this.skipPast('-->');
        continue;
      }
      if (this.text.startsWith('<![CDATA[', lt)) {
        const end = this.text.indexOf(']]>', lt);
        if (end < 0) return null;
        text += this.text.slice(lt + 9, end);
        this.pos = end + 3;
        continue;
      }
      const child = this.element(depth + 1);
      if (!child) return null;
      children++;
      const [k, v] = child;
      const prev = node[k];
      node[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const t = decodeEntities(text).trim();
    if (children === 0 && Object.keys(node).length === 0) return [name, t];
    if (t !== '') node['#text'] = t;
    return [name, node];
  }
}

export function parseXml(text: string): KqlDynamic {
  const s = new Scanner(text);
  s.skipMisc();
  const root = s.element(0);
  if (!root) return null;
  return { [root[0]]: root[1] };
}
