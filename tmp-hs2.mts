import * as h3 from 'h3-js';
const M64 = (1n << 64n) - 1n;
const mul = (0xc6a4a793n << 32n) + 0x5bd1e995n;
const shiftMix = (v: bigint) => v ^ (v >> 47n);
function murmur(bytes: number[], seed = 0xc70f6907n): bigint {
  const len = BigInt(bytes.length);
  let hash = (seed ^ ((len * mul) & M64)) & M64;
  const aligned = bytes.length & ~7;
  for (let p = 0; p < aligned; p += 8) {
    let w = 0n; for (let k = 7; k >= 0; k--) w = (w << 8n) | BigInt(bytes[p + k]!);
    const data = (shiftMix((w * mul) & M64) * mul) & M64;
    hash ^= data; hash = (hash * mul) & M64;
  }
  if (bytes.length & 7) {
    let w = 0n; for (let k = bytes.length - 1; k >= aligned; k--) w = (w << 8n) | BigInt(bytes[k]!);
    hash ^= w; hash = (hash * mul) & M64;
  }
  hash = (shiftMix(hash) * mul) & M64;
  return shiftMix(hash);
}
function fnv1a(bytes: number[]): bigint { let h = 14695981039346656037n; for (const b of bytes) { h ^= BigInt(b); h = (h * 1099511628211n) & M64; } return h; }
const u64bytes = (v: bigint) => Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(8 * i)) & 255n));
const strBytes = (s: string) => [...Buffer.from(s, 'utf8')];
type Key = { tok: string; v: bigint };
const hashes: Record<string, (k: Key) => bigint> = {
  id: (k) => k.v,
  murStr: (k) => murmur(strBytes(k.tok)),
  murU64: (k) => murmur(u64bytes(k.v)),
  fnvU64: (k) => fnv1a(u64bytes(k.v)),
  fnvStr: (k) => fnv1a(strBytes(k.tok)),
};
// libstdc++ semantic with possible growth: start buckets given, rehash when size > buckets (prime policy approx)
function libstdcxx(keys: Key[], bc: number, hash: (k: Key) => bigint): Key[] {
  type N = { k: Key; next: N | null };
  const before: N = { k: keys[0]!, next: null };
  const buckets = new Map<number, N>();
  const bkt = (k: Key) => Number(hash(k) % BigInt(bc));
  for (const k of keys) {
    const node: N = { k, next: null };
    const b = bkt(k);
    const prev = buckets.get(b);
    if (prev) { node.next = prev.next; prev.next = node; }
    else { node.next = before.next; before.next = node; if (node.next) buckets.set(bkt(node.next.k), node); buckets.set(b, before); }
  }
  const out: Key[] = []; let p = before.next; while (p) { out.push(p.k); p = p.next; } return out;
}
// "grouped insertion order": iteration = insertion order but elements of a bucket inserted after the first of that bucket (front or back)
function grouped(keys: Key[], bc: number, hash: (k: Key) => bigint, front: boolean): Key[] {
  const list: Key[] = [];
  const bkt = (k: Key) => Number(hash(k) & BigInt(bc - 1));
  for (const k of keys) {
    const b = bkt(k);
    const idx = list.map(bkt).indexOf(b);
    if (idx < 0) list.push(k);
    else if (front) list.splice(idx, 0, k);
    else { let j = idx; while (j < list.length && bkt(list[j]!) === b) j++; list.splice(j, 0, k); }
  }
  return list;
}
// bucket-ordered iteration (e.g. open addressing / sorted by bucket)
function byBucket(keys: Key[], bc: number, hash: (k: Key) => bigint): Key[] {
  return keys.map((k, i) => ({ k, i, b: Number(hash(k) % BigInt(bc)) })).sort((a, b) => a.b - b.b || a.i - b.i).map((x) => x.k);
}
const h3c = '862a1072fffffff';
const h3exp = ['862a10777ffffff', '862a100d7ffffff', '862a100dfffffff', '862a1070fffffff', '862a10707ffffff', '862a10727ffffff'];
const disk = h3.gridDisk(h3c, 1);
const s2c = '89c259';
const s2exp = ['89c25d', '89c25b', '89c2f7', '89c257', '89c2f5', '89c251', '89c25f', '89c2f9'];
const appendAll = ['89c2f9', '89c251', '89c257', '89c25f', '89c2f7', '89c25b', '89c2f5', '89c25d'];
const hk = (t: string): Key => ({ tok: t, v: BigInt('0x' + t) });
const sk = (t: string): Key => ({ tok: t, v: BigInt('0x' + t.padEnd(16, '0')) });
const variants = (center: string, ring: string[]) => ({ ring, ringRev: [...ring].reverse(), withC: [center, ...ring], withCRev: [center, ...[...ring].reverse()], cEnd: [...ring, center] });
const H = variants(h3c, disk.slice(1));
const S = variants(s2c, appendAll);
const same = (a: Key[], exp: string[], center: string) => { const t = a.map((k) => k.tok).filter((x) => x !== center); return t.join() === exp.join(); };
for (const [hn, hf] of Object.entries(hashes)) {
  for (const bc of [2, 3, 4, 5, 7, 8, 11, 13, 16, 17, 19, 23, 29, 31, 32, 37, 47, 53, 59, 61, 64, 97, 128]) {
    for (const [vn] of Object.entries(H)) {
      const hh = (H as any)[vn].map(hk), ss = (S as any)[vn].map(sk);
      const tests: [string, (x: Key[]) => Key[]][] = [
        ['libstdcxx', (x) => libstdcxx(x, bc, hf)],
        ['groupedFront', (x) => grouped(x, bc, hf, true)],
        ['groupedBack', (x) => grouped(x, bc, hf, false)],
        ['byBucket', (x) => byBucket(x, bc, hf)],
      ];
      for (const [tn, f] of tests) {
        const a = same(f(hh), h3exp, h3c), b = same(f(ss), s2exp, s2c);
        if (a || b) console.log(hn, bc, vn, tn, 'h3', a, 's2', b);
      }
    }
  }
}
console.log('done');
