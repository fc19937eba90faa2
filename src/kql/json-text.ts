/**
 * JSON text of a JSON-cell structure (`toJsonCell` output, whole CLI/web results): JSON.stringify,
 * except that a bigint — a long beyond 2^53 (long.ts) — prints as its exact digits, a JSON number
 * (JSON.stringify throws on a bigint, and Node 20 has no JSON.rawJSON).
 */
export function jsonText(v: unknown): string {
  if (!containsBigint(v, 0)) return JSON.stringify(v) ?? 'null';
  return write(v);
}

/** Most results hold no bigint: one cheap walk keeps them on the native path. */
function containsBigint(v: unknown, depth: number): boolean {
  if (typeof v === 'bigint') return true;
  if (v === null || typeof v !== 'object' || depth > 256) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (containsBigint(x, depth + 1)) return true;
    return false;
  }
  for (const k in v)
    if (Object.hasOwn(v, k) && containsBigint((v as Record<string, unknown>)[k], depth + 1)) return true;
  return false;
}

function write(v: unknown): string {
  if (typeof v === 'bigint') return v.toString();
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      out += `${i > 0 ? ',' : ''}${x === undefined || typeof x === 'function' ? 'null' : write(x)}`;
    }
    return `${out}]`;
  }
  let out = '{';
  let first = true;
  for (const k in v) {
    if (!Object.hasOwn(v, k)) continue;
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined || typeof x === 'function') continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${write(x)}`;
    first = false;
  }
  return `${out}}`;
}
