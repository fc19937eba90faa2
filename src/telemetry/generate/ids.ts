/**
 * Identifier helpers: content hashes, GUIDs, SIDs and IP addresses. Hashes of a binary are derived
 * from its identity (name + version) with real hash functions, so the same binary has the same
 * SHA1/SHA256/MD5 on every device, as in real telemetry, and the values look like real digests.
 */
import { createHash } from 'node:crypto';
import type { Rng } from './prng.js';

export function digestHex(algorithm: 'sha1' | 'sha256' | 'md5', text: string): string {
  return createHash(algorithm).update(text).digest('hex');
}

/** Deterministic 40-hex id (the shape of Defender's DeviceId). */
export function deviceIdFor(seed: string, index: number): string {
  return digestHex('sha1', `device:${seed}:${index}`);
}

/** Random canonical lower-case GUID. */
export function guid(rng: Rng): string {
  const h = rng.hex(32);
  // Version 4 / RFC 4122 variant bits, so the value is a well-formed random GUID.
  const variant = '89ab'[rng.int(0, 3)];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** GUID derived from text (stable across runs without consuming random numbers). */
export function guidFrom(text: string): string {
  const h = digestHex('md5', text);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Domain SID prefix `S-1-5-21-a-b-c` (the per-domain identifier part). */
export function domainSid(rng: Rng): string {
  return `S-1-5-21-${rng.int(1_000_000_000, 4_000_000_000)}-${rng.int(1_000_000_000, 4_000_000_000)}-${rng.int(1_000_000_000, 4_000_000_000)}`;
}

export function ipv4(a: number, b: number, c: number, d: number): string {
  return `${a}.${b}.${c}.${d}`;
}

/** Upper-case hex (certificate serial numbers and thumbprints are shown that way). */
export function upperHex(rng: Rng, n: number): string {
  return rng.hex(n).toUpperCase();
}
