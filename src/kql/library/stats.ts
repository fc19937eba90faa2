/**
 * Statistical functions: erf, erfc, the beta distribution (beta_cdf, beta_inv, beta_pdf) and
 * welch_test. The special functions come from stdlib-js (@stdlib/*), not hand-rolled series.
 * Documented domains: a non-numeric argument gives null; x outside [0, 1] or alpha/beta outside
 * (0, 10000] give NaN.
 */
import { numberConv } from './coerce.js';
import { type Compile, defineAll } from './define.js';
import { lazyModule } from './lazy-module.js';

// Loaded on first use (see lazy-module.ts).
const erfLib = lazyModule<typeof import('@stdlib/math-base-special-erf')>('@stdlib/math-base-special-erf');
const erfcLib = lazyModule<typeof import('@stdlib/math-base-special-erfc')>('@stdlib/math-base-special-erfc');
const betaCdf = lazyModule<typeof import('@stdlib/stats-base-dists-beta-cdf')>('@stdlib/stats-base-dists-beta-cdf');
const betaPdf = lazyModule<typeof import('@stdlib/stats-base-dists-beta-pdf')>('@stdlib/stats-base-dists-beta-pdf');
const betaQuantile = lazyModule<typeof import('@stdlib/stats-base-dists-beta-quantile')>(
  '@stdlib/stats-base-dists-beta-quantile',
);
const tCdf = lazyModule<typeof import('@stdlib/stats-base-dists-t-cdf')>('@stdlib/stats-base-dists-t-cdf');

/** A numeric function of n arguments; any null argument gives null. */
const numeric =
  (f: (...xs: number[]) => number): Compile =>
  (types) => {
    const convs = types.map((t) => numberConv(t));
    return (...vs) => {
      const xs: number[] = [];
      for (let i = 0; i < convs.length; i++) {
        const x = (convs[i] as (v: unknown) => number | null)(vs[i] ?? null);
        if (x === null) return null;
        xs.push(x);
      }
      return f(...xs);
    };
  };

const shapeOk = (a: number, b: number) => a > 0 && a <= 10000 && b > 0 && b <= 10000;

/** beta_*(x, alpha, beta) with the documented NaN domain. */
const beta = (f: (x: number, a: number, b: number) => number) =>
  numeric((x, a, b) => (x < 0 || x > 1 || !shapeOk(a, b) ? Number.NaN : f(x, a, b)));

/**
 * Two-sided p-value of Welch's t-test from two samples' means, variances and counts (the
 * Welch–Satterthwaite degrees of freedom).
 */
export function welchPValue(m1: number, v1: number, n1: number, m2: number, v2: number, n2: number): number {
  const a = v1 / n1;
  const b = v2 / n2;
  const t = (m1 - m2) / Math.sqrt(a + b);
  const df = (a + b) ** 2 / (a ** 2 / (n1 - 1) + b ** 2 / (n2 - 1));
  return 2 * (1 - tCdf()(Math.abs(t), df));
}

export const statsFunctions = defineAll('math', [
  {
    name: 'erf',
    doc: 'The error function of x.',
    params: ['numeric'],
    returns: 'real',
    compile: numeric((x) => erfLib()(x)),
  },
  {
    name: 'erfc',
    doc: 'The complementary error function of x (1 - erf(x)).',
    params: ['numeric'],
    returns: 'real',
    compile: numeric((x) => erfcLib()(x)),
  },
  {
    name: 'beta_cdf',
    doc: 'The cumulative beta distribution function at x for shape parameters alpha and beta.',
    params: ['numeric', 'numeric', 'numeric'],
    returns: 'real',
    compile: beta((x, a, b) => betaCdf()(x, a, b)),
  },
  {
    name: 'beta_pdf',
    doc: 'The beta probability density function at x for shape parameters alpha and beta.',
    params: ['numeric', 'numeric', 'numeric'],
    returns: 'real',
    compile: beta((x, a, b) => betaPdf()(x, a, b)),
  },
  {
    name: 'beta_inv',
    doc: 'The inverse of beta_cdf: the x whose cumulative probability is p.',
    params: ['numeric', 'numeric', 'numeric'],
    returns: 'real',
    compile: beta((p, a, b) => betaQuantile()(p, a, b)),
  },
  {
    name: 'welch_test',
    doc: "Two-sided p-value of Welch's t-test: (mean1, variance1, count1, mean2, variance2, count2).",
    params: ['numeric', 'numeric', 'numeric', 'numeric', 'numeric', 'numeric'],
    returns: 'real',
    compile: numeric(welchPValue),
  },
]);
