/**
 * An EVTX record's element tree → the JSON that evtx_dump-style tools write:
 * `{"Event": {"System": {"Provider": {"#attributes": {"Name": …}}, "EventID": 1, …}, "EventData": {"Image": …}}}`.
 * An element with attributes becomes `{"#attributes": {…}, "#text": value}`; `<Data Name="X">v</Data>`
 * becomes `"X": v`; a repeated child name gets `_1`, `_2` … as those tools do.
 */
import { EvtxFormatError, type EvtxValue, type XmlElement, type XmlNode } from './binxml.js';

/**
 * Most elements one record may expand to. Templates can nest template instances, and a crafted
 * chunk could make a few kilobytes expand exponentially; real events have a few dozen elements.
 */
const MAX_ELEMENTS = 10_000;

type Json = EvtxValue | null | { [k: string]: Json } | readonly Json[];

function textOf(el: XmlElement): Json {
  let out: EvtxValue | null = null;
  let joined: string | undefined;
  for (const c of el.children) {
    if (c.kind !== 'value') continue;
    if (out === null) out = c.value;
    else joined = (joined ?? String(out)) + String(c.value);
  }
  return joined ?? out;
}

function attributes(el: XmlElement): Record<string, Json> | undefined {
  if (el.attrs.length === 0) return undefined;
  const out: Record<string, Json> = {};
  for (const a of el.attrs) out[a.name] = a.value;
  return out;
}

function elementJson(el: XmlElement, budget: { left: number }): Json {
  if (--budget.left < 0) throw new EvtxFormatError(`record expands to more than ${MAX_ELEMENTS} elements`);
  const attrs = attributes(el);
  const elements: XmlElement[] = [];
  for (const c of el.children) if (c.kind === 'element') elements.push(c);
  if (elements.length === 0) {
    const text = textOf(el);
    if (!attrs) return text;
    return text === null ? { '#attributes': attrs } : { '#attributes': attrs, '#text': text };
  }
  const out: Record<string, Json> = {};
  if (attrs) out['#attributes'] = attrs;
  const unnamedData: Json[] = [];
  for (const child of elements) {
    const dataName = child.name === 'Data' ? child.attrs.find((a) => a.name === 'Name')?.value : undefined;
    if (child.name === 'Data' && dataName === undefined) {
      unnamedData.push(textOf(child));
      continue;
    }
    let key = dataName !== undefined ? String(dataName) : child.name;
    const value = dataName !== undefined ? textOf(child) : elementJson(child, budget);
    if (key in out) {
      let i = 1;
      while (`${key}_${i}` in out) i++;
      key = `${key}_${i}`;
    }
    out[key] = value;
  }
  if (unnamedData.length > 0) out.Data = { '#text': unnamedData.length === 1 ? (unnamedData[0] as Json) : unnamedData };
  return out;
}

/** The record's root element as `{ <root name>: … }` (`{"Event": …}` for every Windows event). */
export function recordJson(nodes: readonly XmlNode[]): Record<string, Json> {
  const root = nodes.find((n): n is XmlElement => n.kind === 'element');
  if (!root) return {};
  return { [root.name]: elementJson(root, { left: MAX_ELEMENTS }) };
}
