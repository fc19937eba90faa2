/**
 * Deterministic rule ids: RFC 4122 version-5 style UUIDs (SHA-1 of namespace + name). Used for
 * rules that carry no id upstream (markdown queries) and by the RMM pack generator, which has its
 * own copy in plain JavaScript (scripts/gen-rmm-pack.mjs); a test checks that both agree.
 */
import { createHash } from 'node:crypto';

/** Namespace of the RMM pack's ids (same constant as scripts/gen-rmm-pack.mjs). */
export const RMM_NAMESPACE = '6f1c2a8e-5b0d-4e2a-9c1f-3d7b8e4a2c10';
/** Namespace of ids derived from a rule's source location (markdown blocks). */
export const SOURCE_NAMESPACE = '0d3c5a41-8f6e-4b7a-a2d9-5e1f7c9b3a64';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(text: string): boolean {
  return UUID_RE.test(text);
}

export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const b = createHash('sha1').update(ns).update(Buffer.from(name, 'utf8')).digest().subarray(0, 16);
  b[6] = ((b[6] as number) & 0x0f) | 0x50;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
