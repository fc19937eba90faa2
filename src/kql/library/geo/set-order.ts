/**
 * The order in which Kusto's engine lists cell neighbours. The engine collects the neighbour
 * tokens that the geometry library produces (H3's ring around the cell, S2's AppendAllNeighbors)
 * into a C++ `std::unordered_set<std::string>` built from that list — which also removes the
 * duplicates S2 gives next to a cube corner — and returns the set in its iteration order. With
 * GNU libstdc++ (the engine's Linux build) that order is fully determined:
 * - the hash is `std::hash<std::string>`: `_Hash_bytes(data, len, 0xc70f6907)`, a 64-bit
 *   MurmurHash2 variant;
 * - a set built from n elements starts with `_M_next_bkt(n)` buckets (7 for 6 elements, 11 for 8)
 *   and does not grow while it holds at most that many;
 * - an element whose bucket is empty goes to the front of the element list; one whose bucket is
 *   already used goes first in that bucket's run; iteration walks the list.
 * This reproduces the engine's results for both H3 and S2 neighbours; the documentation pages,
 * rendered by an older build on another platform, show other orders.
 */

const M64 = (1n << 64n) - 1n;
const MUL = (0xc6a4a793n << 32n) + 0x5bd1e995n;
const SEED = 0xc70f6907n;

const shiftMix = (v: bigint): bigint => v ^ (v >> 47n);

/** libstdc++'s `_Hash_bytes` for a 64-bit size_t (little-endian loads). */
export function hashBytes(bytes: Uint8Array, seed: bigint = SEED): bigint {
  const len = bytes.length;
  let hash = (seed ^ ((BigInt(len) * MUL) & M64)) & M64;
  const aligned = len & ~7;
  const load = (from: number, to: number): bigint => {
    let w = 0n;
    for (let k = to - 1; k >= from; k--) w = (w << 8n) | BigInt(bytes[k] as number);
    return w;
  };
  for (let p = 0; p < aligned; p += 8) {
    const data = (shiftMix((load(p, p + 8) * MUL) & M64) * MUL) & M64;
    hash = ((hash ^ data) * MUL) & M64;
  }
  if ((len & 7) !== 0) hash = ((hash ^ load(aligned, len)) * MUL) & M64;
  hash = (shiftMix(hash) * MUL) & M64;
  return shiftMix(hash);
}

/** The bucket count libstdc++ picks for a set built from n elements (`_M_next_bkt`). */
export function bucketCountFor(n: number): number {
  const fast = [2, 2, 2, 3, 5, 5, 7, 7, 11, 11, 11, 11, 13, 13];
  if (n < fast.length) return fast[n] as number;
  // Larger sets use the next prime of libstdc++'s table; neighbour lists never get here, and
  // the next prime is what the table holds for small values.
  for (let p = n; ; p++) {
    let prime = p > 1;
    for (let d = 2; d * d <= p && prime; d++) prime = p % d !== 0;
    if (prime) return p;
  }
}

/**
 * The iteration order of `std::unordered_set<std::string>(values.begin(), values.end())`:
 * distinct values, in the order libstdc++ walks them. `rangeLength` is the length of the list the
 * set was built from when `values` already lost its duplicates (it sets the bucket count).
 */
export function unorderedSetOrder(values: readonly string[], rangeLength = values.length): string[] {
  const buckets = bucketCountFor(rangeLength);
  const encoder = new TextEncoder();
  const bucketOf = (s: string) => Number(hashBytes(encoder.encode(s)) % BigInt(buckets));
  // The element list, and per bucket the first element of its run.
  const list: string[] = [];
  const seen = new Set<string>();
  const bucketOfIndex: number[] = [];
  for (const v of values) {
    if (seen.has(v)) continue;
    seen.add(v);
    const b = bucketOf(v);
    const first = bucketOfIndex.indexOf(b);
    if (first < 0) {
      list.unshift(v);
      bucketOfIndex.unshift(b);
    } else {
      list.splice(first, 0, v);
      bucketOfIndex.splice(first, 0, b);
    }
  }
  return list;
}
