import * as h3 from 'h3-js';
// libstdc++ unordered_set<uint64_t> (identity hash) simulation
function libstdcxx(values: bigint[], bucketCount: number, erase: bigint[] = []): bigint[] {
  // list as array of nodes; buckets map bucket -> index of "before" node (-1 = before_begin)
  type N = { v: bigint; next: N | null };
  const before: N = { v: -1n, next: null };
  const buckets = new Map<number, N>();
  const bkt = (v: bigint) => Number(v % BigInt(bucketCount));
  for (const v of values) {
    // skip duplicates
    let p = before.next, dup = false; while (p) { if (p.v === v) dup = true; p = p.next; } if (dup) continue;
    const node: N = { v, next: null };
    const b = bkt(v);
    const prev = buckets.get(b);
    if (prev) { node.next = prev.next; prev.next = node; }
    else { node.next = before.next; before.next = node; if (node.next) buckets.set(bkt(node.next.v), node); buckets.set(b, before); }
  }
  const out: bigint[] = []; let p = before.next; while (p) { if (!erase.includes(p.v)) out.push(p.v); p = p.next; } return out;
}
const hx = (s: string) => BigInt('0x' + s);
const c='862a1072fffffff';
const exp=["862a10777ffffff", "862a100d7ffffff", "862a100dfffffff", "862a1070fffffff", "862a10707ffffff", "862a10727ffffff"];
const disk = h3.gridDisk(c,1);
const orders: Record<string,string[]> = { disk, rev: [...disk].reverse(), ring: disk.slice(1), ringrev: disk.slice(1).reverse() };
for (const [name, ord] of Object.entries(orders)) for (const bc of [2,3,5,7,11,13,17,19,23,29,31,8,16,32]) {
  const r = libstdcxx(ord.map(hx), bc, [hx(c)]).map(v=>v.toString(16));
  const ok = JSON.stringify(r) === JSON.stringify(exp);
  if (ok) console.log('H3 MATCH', name, bc);
}
console.log('h3 done');
// S2
const s2c = '89c259', s2exp = ['89c25d','89c25b','89c2f7','89c257','89c2f5','89c251','89c25f','89c2f9'];
const appendAll = ['89c2f9','89c251','89c257','89c25f','89c2f7','89c25b','89c2f5','89c25d'];
const tok = (t: string) => BigInt('0x' + t.padEnd(16,'0'));
const s2orders: Record<string,string[]> = { all: appendAll, allrev: [...appendAll].reverse(), withc: [s2c, ...appendAll], withcrev: [s2c, ...[...appendAll].reverse()] };
for (const [name, ord] of Object.entries(s2orders)) for (const bc of [2,3,5,7,11,13,17,19,23,29,31,8,16,32]) {
  const r = libstdcxx(ord.map(tok), bc, [tok(s2c)]).map(v=>v.toString(16).replace(/0+$/,''));
  if (JSON.stringify(r) === JSON.stringify(s2exp)) console.log('S2 MATCH', name, bc);
}
console.log('s2 done');
