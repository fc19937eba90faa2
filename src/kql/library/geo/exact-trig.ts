/**
 * Correctly rounded sin, cos and atan2 for the S2 point round trip of geo outputs.
 *
 * Kusto turns every output vertex of its S2 geometry into a unit vector and back
 * (lat/lng → (x, y, z) → lat/lng), and its runtime's libm rounds sin/cos/atan2 correctly, which
 * leaves last-bit traces in the printed coordinates (`10.000000000000002`). V8's Math.sin/cos/atan2
 * are within one ulp but not always the nearest double, so the same formulas give other last bits.
 * Here each function is evaluated in double-double arithmetic (about 106 bits) and rounded once,
 * which gives the nearest double except in astronomically rare hard cases.
 *
 * Double-double: a value is hi + lo with |lo| <= ulp(hi)/2 (Dekker, Knuth two-sum/two-product).
 */

type DD = readonly [number, number];

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

const SPLITTER = 134217729; // 2^27 + 1

function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function add(a: DD, b: DD): DD {
  const s = twoSum(a[0], b[0]);
  const t = twoSum(a[1], b[1]);
  let hi = s[0];
  let lo = s[1] + t[0];
  const u = twoSum(hi, lo);
  hi = u[0];
  lo = u[1] + t[1];
  return twoSum(hi, lo);
}

function mul(a: DD, b: DD): DD {
  const p = twoProd(a[0], b[0]);
  return twoSum(p[0], p[1] + (a[0] * b[1] + a[1] * b[0]));
}

const mulD = (a: DD, b: number): DD => mul(a, [b, 0]);
const neg = (a: DD): DD => [-a[0], -a[1]];

/** a / b for a double-double a and a double b (one correction step: ~106 bits). */
function divD(a: DD, b: number): DD {
  const q1 = a[0] / b;
  const r = add(a, neg(twoProd(q1, b)));
  const q2 = r[0] / b;
  return twoSum(q1, q2);
}

/** 1/n! as double-double for n = 0..31. */
const INV_FACT: DD[] = (() => {
  const out: DD[] = [[1, 0]];
  for (let n = 1; n <= 31; n++) out.push(divD(out[n - 1] as DD, n));
  return out;
})();

/** π/2 in three parts: P1 + P2 + P3 (each a double). */
const P1 = 1.5707963267948966;
const P2 = 6.123233995736766e-17;
const P3 = -1.4973849048591698e-33;

/** sin and cos of |r| <= π/4 by their Taylor series in double-double. */
function sinCosSmall(r: DD): { sin: DD; cos: DD } {
  const r2 = mul(r, r);
  // Horner from the highest term: sin r = r·Σ (-r²)^k / (2k+1)!, cos r = Σ (-r²)^k / (2k)!.
  let s: DD = [0, 0];
  let c: DD = [0, 0];
  for (let k = 15; k >= 0; k--) {
    const sign = k % 2 === 0 ? 1 : -1;
    const sc = INV_FACT[2 * k + 1] as DD;
    const cc = INV_FACT[2 * k] as DD;
    s = add(mul(s, r2), [sign * sc[0], sign * sc[1]]);
    c = add(mul(c, r2), [sign * cc[0], sign * cc[1]]);
  }
  // The loop built Σ c_k (r²)^k with alternating signs folded into the coefficients.
  return { sin: mul(s, r), cos: c };
}

/** sin and cos of a double x (|x| up to a few thousand radians) as double-doubles. */
function sinCosDD(x: number): { sin: DD; cos: DD } {
  const k = Math.round(x / P1);
  // r = x - k·π/2, exactly enough: each product is split exactly and summed in double-double.
  let r: DD = twoSum(x, 0);
  r = add(r, neg(twoProd(k, P1)));
  r = add(r, neg(twoProd(k, P2)));
  r = add(r, neg(twoProd(k, P3)));
  const { sin, cos } = sinCosSmall(r);
  switch (((k % 4) + 4) % 4) {
    case 0:
      return { sin, cos };
    case 1:
      return { sin: cos, cos: neg(sin) };
    case 2:
      return { sin: neg(sin), cos: neg(cos) };
    default:
      return { sin: neg(cos), cos: sin };
  }
}

/** The nearest double to sin(x). */
export function sinExact(x: number): number {
  if (!Number.isFinite(x) || Math.abs(x) > 1e5) return Math.sin(x);
  if (x === 0) return x;
  const s = sinCosDD(x).sin;
  return s[0] + s[1];
}

/** The nearest double to cos(x). */
export function cosExact(x: number): number {
  if (!Number.isFinite(x) || Math.abs(x) > 1e5) return Math.cos(x);
  const c = sinCosDD(x).cos;
  return c[0] + c[1];
}

/**
 * The nearest double to atan2(y, x): V8's value refined by one Newton step in double-double,
 * a + atan((y·cos a − x·sin a) / (x·cos a + y·sin a)), whose correction is ~1e-16, so its own
 * error (cubic in the correction) is far below the last bit.
 */
export function atan2Exact(y: number, x: number): number {
  const a = Math.atan2(y, x);
  if (!Number.isFinite(a) || a === 0 || !Number.isFinite(x) || !Number.isFinite(y)) return a;
  const { sin, cos } = sinCosDD(a);
  const num = add(mulD(cos, y), neg(mulD(sin, x)));
  const den = add(mulD(cos, x), mulD(sin, y));
  const delta = (num[0] + num[1]) / (den[0] + den[1]);
  const r = twoSum(a, delta);
  return r[0];
}

const TO_RAD = Math.PI / 180;
const TO_DEG = 180 / Math.PI;

/**
 * A [longitude, latitude] vertex as Kusto's S2 geometry returns it: converted to a unit vector
 * and back with correctly rounded trigonometry (S2LatLng.toPoint / S2LatLng(S2Point)), so
 * `[10, 10]` comes back as `[10, 10.000000000000002]` exactly as the engine prints it.
 */
export function s2RoundTrip(lon: number, lat: number): [number, number] {
  const phi = lat * TO_RAD;
  const theta = lon * TO_RAD;
  const cosPhi = cosExact(phi);
  const x = cosExact(theta) * cosPhi;
  const y = sinExact(theta) * cosPhi;
  const z = sinExact(phi);
  return [atan2Exact(y, x) * TO_DEG, atan2Exact(z, Math.sqrt(x * x + y * y)) * TO_DEG];
}
