/**
 * Seeded pseudo-random numbers for the fleet generator. Output must be byte-identical for a seed on
 * every platform, so nothing here touches Math.random or the clock.
 *
 * sfc32 (Chris Doty-Humphrey's "small fast counting" generator, public domain algorithm) over a
 * 128-bit state that a string hash derives from the seed. `fork(label)` derives an independent
 * stream, so each device and day draws from its own generator: adding a scenario to one device does
 * not shift the random numbers of any other device.
 */

/** 128-bit string hash (four 32-bit lanes, murmur-style mixing) used to seed sfc32. */
export function hash128(text: string): [number, number, number, number] {
  let h1 = 0x6a09e667;
  let h2 = 0xbb67ae85;
  let h3 = 0x3c6ef372;
  let h4 = 0xa54ff53a;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const HEX_CODES = Buffer.from('0123456789abcdef', 'latin1');
/** Scratch bytes for hex(): one latin1 decode instead of a concatenation per digit. */
let hexScratch = Buffer.allocUnsafe(128);

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  readonly seed: string;

  constructor(seed: string) {
    this.seed = seed;
    [this.a, this.b, this.c, this.d] = hash128(seed);
    // Discard the first outputs: sfc32 needs a few rounds to spread a low-entropy state.
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** An independent stream named by `label` (same seed + label → same stream). */
  fork(label: string): Rng {
    return new Rng(`${this.seed}/${label}`);
  }

  nextU32(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by relative weight: `[[item, weight], …]`. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /** `n` lower-case hex digits. */
  hex(n: number): string {
    if (hexScratch.length < n) hexScratch = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) hexScratch[i] = HEX_CODES[this.nextU32() & 15]!;
    return hexScratch.toString('latin1', 0, n);
  }

  /** Fisher–Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}
