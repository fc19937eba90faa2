/**
 * JSON records with integers beyond 2^53 kept exact. JSON.parse rounds such a number to a double
 * (a 23-digit id loads as 1e+23), so a long column could neither hold it exactly nor notice that it
 * does not fit int64. A record with a top-level field JSON.parse rounded is read again here
 * (raw-item.ts): integer tokens that are not safe integers become bigint. A record's own field gets
 * the JsonBigInteger wrapper (the column type decides: an exact long, a reject when it does not fit
 * int64, a real, text); a value nested in a dynamic field of such a record stays a bigint (the
 * engine's dynamic form of such an integer). Nested integers of other records keep JSON.parse's
 * doubles: looking for them would cost every record a walk of its whole tree.
 */
import { JsonBigInteger } from '../coerce.js';

/** JSON.parse that keeps unsafe integers as bigint; throws SyntaxError as JSON.parse does. */
export function parseJsonExact(text: string): unknown {
  // A marker JSON text cannot contain by accident: a NUL (written escaped) and a random tag.
  const tag = `int${Math.random().toString(36).slice(2)}:`;
  const marker = `\u0000${tag}`;
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    if (c !== 45 && !(c >= 48 && c <= 57)) continue;
    // A number token (outside strings JSON has no other digits): its integer part, then whether
    // a fraction or exponent follows.
    let j = c === 45 ? i + 1 : i;
    const start = j;
    while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    const next = text.charCodeAt(j);
    if (j - start >= 16 && next !== 46 && next !== 101 && next !== 69) {
      const token = text.slice(i, j);
      if (!Number.isSafeInteger(Number(token))) {
        out += `${text.slice(last, i)}"\\u0000${tag}${token}"`;
        last = j;
      }
    }
    i = j - 1;
  }
  if (last === 0) return JSON.parse(text);
  out += text.slice(last);
  return JSON.parse(out, (_k, v: unknown) =>
    typeof v === 'string' && v.startsWith(marker) ? BigInt(v.slice(marker.length)) : v,
  );
}

/** A record's own bigint fields wrapped (see the file comment); the record is fresh, so edited in place. */
export function wrapBigFields(record: Record<string, unknown>): Record<string, unknown> {
  for (const k of Object.keys(record)) {
    const v = record[k];
    if (typeof v === 'bigint') record[k] = new JsonBigInteger(v);
  }
  return record;
}
