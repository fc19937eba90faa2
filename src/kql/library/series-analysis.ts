/**
 * Series analysis: line, two-line and polynomial fits, FIR/IIR filters, outliers, period detection
 * and validation, decomposition (with anomalies and forecast), statistics and the Fourier
 * transform. Multi-result functions declare `outputs` (see types.ts); the `_dynamic` variants give
 * the same results as one property bag.
 */
import type { KqlDynamic, KqlValue, ScalarType } from '../types.js';
import { boolOf, dynamicToNumber, isArray, numberConv, stringConv } from './coerce.js';
import { type Compile, defineAll, type Spec } from './define.js';
import { seriesValues } from './series.js';
import {
  type Decomposition,
  decompose,
  detectPeriods,
  dft,
  fir,
  fitLine,
  fitPoly,
  fitTwoLines,
  iir,
  type LineFit,
  type Num,
  outlierScores,
  periodScore,
  seasonalComponent,
} from './series-math.js';

const real = (name: string) => ({ name, type: 'real' as ScalarType });
const dyn = (name: string) => ({ name, type: 'dynamic' as ScalarType });
const long = (name: string) => ({ name, type: 'long' as ScalarType });

const cleanValues = (xs: readonly Num[]): number[] => xs.map((x) => (x === null || !Number.isFinite(x) ? 0 : x));

/** Optional argument i converted to a number (undefined when absent, null when null). */
function optNum(types: readonly ScalarType[], i: number): (v: KqlValue | undefined) => number | null | undefined {
  const c = numberConv(types[i] ?? 'real');
  return (v) => (v === undefined ? undefined : c(v));
}

function numbersOf(v: unknown): number[] | undefined {
  if (!isArray(v)) return undefined;
  const out: number[] = [];
  for (const x of v) {
    const n = dynamicToNumber(x);
    if (n === null) return undefined;
    out.push(n);
  }
  return out;
}

const lineValues = (f: LineFit) => [f.rsquare, f.slope, f.variance, f.rvariance, f.interception, f.lineFit];
const LINE_OUTPUTS = [
  real('rsquare'),
  real('slope'),
  real('variance'),
  real('rvariance'),
  real('interception'),
  dyn('line_fit'),
];

const TWO_LINE_OUTPUTS = [
  real('rsquare'),
  long('split_idx'),
  real('variance'),
  real('rvariance'),
  dyn('line_fit'),
  real('right_rsquare'),
  real('right_slope'),
  real('right_interception'),
  real('right_variance'),
  real('right_rvariance'),
  real('left_rsquare'),
  real('left_slope'),
  real('left_interception'),
  real('left_variance'),
  real('left_rvariance'),
];

function twoLineValues(ys: number[]): KqlDynamic[] | null {
  const t = fitTwoLines(ys);
  if (!t) return null;
  return [
    t.rsquare,
    t.splitIdx,
    t.variance,
    t.rvariance,
    t.lineFit,
    t.right.rsquare,
    t.right.slope,
    t.right.interception,
    t.right.variance,
    t.right.rvariance,
    t.left.rsquare,
    t.left.slope,
    t.left.interception,
    t.left.variance,
    t.left.rvariance,
  ];
}

/** Output values as one property bag (the *_dynamic variants). */
const asBag = (outputs: readonly { name: string }[], values: readonly KqlDynamic[] | null): KqlDynamic => {
  if (values === null) return null;
  const bag: Record<string, KqlDynamic> = {};
  outputs.forEach((o, i) => {
    bag[o.name] = (values[i] ?? null) as KqlDynamic;
  });
  return bag;
};

const onSeries =
  (f: (ys: number[], raw: Num[]) => KqlDynamic[] | KqlDynamic | null): Compile =>
  () =>
  (v) => {
    const xs = seriesValues(v);
    return xs === undefined ? null : (f(cleanValues(xs), xs) as KqlValue);
  };

const STATS_OUTPUTS = [
  real('min'),
  long('min_idx'),
  real('max'),
  long('max_idx'),
  real('avg'),
  real('stdev'),
  real('variance'),
];

function statsValues(xs: readonly Num[], ignoreNonFinite: boolean): KqlDynamic[] {
  const none = STATS_OUTPUTS.map(() => null);
  if (!ignoreNonFinite && xs.some((x) => x === null || !Number.isFinite(x))) return none;
  let min: number | null = null;
  let max: number | null = null;
  let minIdx: number | null = null;
  let maxIdx: number | null = null;
  const vals: number[] = [];
  xs.forEach((x, i) => {
    if (x === null || !Number.isFinite(x)) return;
    vals.push(x);
    if (min === null || x < min) [min, minIdx] = [x, i];
    if (max === null || x > max) [max, maxIdx] = [x, i];
  });
  if (vals.length === 0) return none;
  const avg = vals.reduce((s, x) => s + x, 0) / vals.length;
  const variance = vals.length > 1 ? vals.reduce((s, x) => s + (x - avg) ** 2, 0) / (vals.length - 1) : 0;
  return [min, minIdx, max, maxIdx, avg, Math.sqrt(variance), variance];
}

const DECOMPOSE_OUTPUTS = [dyn('baseline'), dyn('seasonal'), dyn('trend'), dyn('residual')];
const decompositionValues = (d: Decomposition | undefined): KqlDynamic[] | null =>
  d ? [d.baseline, d.seasonal, d.trend, d.residual] : null;

/** Tukey scores of the residual: +1/-1 flags beyond the threshold, the scores, and the baseline. */
function anomalies(d: Decomposition, threshold: number, trainPoints: number): KqlDynamic[] {
  const train = d.residual.slice(0, trainPoints);
  const scores = outlierScores(d.residual, 10, 90);
  // Percentiles come from the learning points only.
  const fromTrain = outlierScores([...train, ...d.residual.slice(trainPoints)], 10, 90);
  const s = trainPoints === d.residual.length ? scores : fromTrain;
  const flags = s.map((x) => ((x ?? 0) > threshold ? 1 : (x ?? 0) < -threshold ? -1 : 0));
  return [flags, s, d.baseline];
}

const series = (spec: Omit<Spec, 'returns'> & { returns?: Spec['returns'] }): Spec => ({ returns: 'dynamic', ...spec });

export const seriesAnalysisFunctions = defineAll('series', [
  series({
    name: 'series_fit_line',
    doc: 'Linear regression of a series: rsquare, slope, variance, rvariance, interception, line_fit.',
    params: ['dynamic'],
    outputs: LINE_OUTPUTS,
    compile: onSeries((ys) => (ys.length === 0 ? null : lineValues(fitLine(ys)))),
  }),
  series({
    name: 'series_fit_line_dynamic',
    doc: 'series_fit_line as a property bag.',
    params: ['dynamic'],
    compile: onSeries((ys) => (ys.length === 0 ? null : asBag(LINE_OUTPUTS, lineValues(fitLine(ys))))),
  }),
  series({
    name: 'series_fit_2lines',
    doc: 'Two-segment linear regression: the split that maximises R², with each side’s line.',
    params: ['dynamic'],
    outputs: TWO_LINE_OUTPUTS,
    compile: onSeries((ys) => twoLineValues(ys)),
  }),
  series({
    name: 'series_fit_2lines_dynamic',
    doc: 'series_fit_2lines as a property bag.',
    params: ['dynamic'],
    compile: onSeries((ys) => asBag(TWO_LINE_OUTPUTS, twoLineValues(ys))),
  }),
  series({
    name: 'series_fit_poly',
    doc: 'Polynomial regression (degree 1..6, x optional): rsquare, coefficients, variance, rvariance, poly_fit.',
    params: ['dynamic', 'dynamic', 'long'],
    min: 1,
    outputs: [real('rsquare'), dyn('coefficients'), real('variance'), real('rvariance'), dyn('poly_fit')],
    compile: (types) => {
      const deg = optNum(types, 2);
      return (y, x, d) => {
        const ys = seriesValues(y);
        if (!ys || ys.length === 0) return null;
        const xs = x === undefined || x === null ? ys.map((_, i) => i + 1) : numbersOf(x);
        const degree = deg(d) ?? 1;
        if (!xs || xs.length !== ys.length || !Number.isInteger(degree)) return null;
        const f = fitPoly(cleanValues(ys), xs, degree);
        return f ? [f.rsquare, f.coefficients, f.variance, f.rvariance, f.polyFit] : null;
      };
    },
  }),
  series({
    name: 'series_fir',
    doc: 'Finite impulse response filter (normalised by the coefficients’ sum by default; optionally centred).',
    params: ['dynamic', 'dynamic', 'bool', 'bool'],
    min: 2,
    compile: () => (v, f, norm, ctr) => {
      const xs = seriesValues(v);
      const filter = numbersOf(f);
      if (!xs || !filter || filter.length === 0) return null;
      const negative = filter.some((c) => c < 0);
      const normalize = norm === undefined || norm === null ? !negative : boolOf(norm) === true;
      if (normalize && negative) return null;
      return fir(xs, filter, normalize, ctr !== undefined && boolOf(ctr) === true);
    },
  }),
  series({
    name: 'series_iir',
    doc: 'Infinite impulse response filter with numerator and denominator coefficients.',
    params: ['dynamic', 'dynamic', 'dynamic'],
    compile: () => (v, b, a) => {
      const xs = seriesValues(v);
      const num = numbersOf(b);
      const den = numbersOf(a);
      if (!xs || !num || !den) return null;
      return iir(xs, num, den) ?? null;
    },
  }),
  series({
    name: 'series_outliers',
    doc: "Tukey outlier scores ('ctukey': percentiles 10/90 by default, or given; 'tukey': 25/75).",
    params: ['dynamic', 'string', 'real', 'real', 'real'],
    min: 1,
    compile: (types) => {
      const kind = stringConv(types[1] ?? 'string');
      const [ign, lo, hi] = [2, 3, 4].map((i) => optNum(types, i));
      return (v, k, i, l, h) => {
        const xs = seriesValues(v);
        if (!xs) return null;
        const method = k === undefined ? 'ctukey' : kind(k) || 'ctukey';
        if (method !== 'ctukey' && method !== 'tukey') return null;
        const [low, high] = method === 'tukey' ? [25, 75] : [lo?.(l) ?? 10, hi?.(h) ?? 90];
        if (low === null || high === null || low < 0 || high > 100 || low >= high) return null;
        return outlierScores(xs, low, high, ign?.(i) ?? null);
      };
    },
  }),
  series({
    name: 'series_periods_detect',
    doc: 'The most significant periods (in bins) between min and max, with scores in [0, 1].',
    params: ['dynamic', 'real', 'real', 'long'],
    outputs: [dyn('periods'), dyn('scores')],
    compile: (types) => {
      const [mn, mx, ct] = [1, 2, 3].map((i) => optNum(types, i));
      return (v, a, b, c) => {
        const xs = seriesValues(v);
        const [min, max, count] = [mn?.(a), mx?.(b), ct?.(c)];
        if (!xs || min == null || max == null || count == null || count < 1) return null;
        const found = detectPeriods(xs, min, max, Math.trunc(count));
        const pad = Math.trunc(count) - found.length;
        return [
          [...found.map((f) => f[0]), ...new Array<number>(Math.max(0, pad)).fill(0)],
          [...found.map((f) => f[1]), ...new Array<number>(Math.max(0, pad)).fill(0)],
        ];
      };
    },
  }),
  series({
    name: 'series_periods_validate',
    doc: 'Scores in [0, 1] of given periods (in bins) as periods of the series.',
    params: ['dynamic', 'real'],
    min: 2,
    max: 17,
    outputs: [dyn('periods'), dyn('scores')],
    compile: (types) => {
      const convs = types.slice(1).map((t) => numberConv(t));
      return (v, ...ps) => {
        const xs = seriesValues(v);
        if (!xs) return null;
        const ys = cleanValues(xs);
        const periods = ps.map((p, i) => convs[i]?.(p) ?? null);
        if (periods.some((p) => p === null || p <= 0)) return null;
        return [
          periods,
          periods.map((p) => (Number.isInteger(p) && (p as number) < ys.length ? periodScore(ys, p as number) : 0)),
        ];
      };
    },
  }),
  series({
    name: 'series_seasonal',
    doc: 'The seasonal component (median of each phase); period -1 (default) detects it (threshold 0.7), else zeros.',
    params: ['dynamic', 'long'],
    min: 1,
    compile: (types) => {
      const per = optNum(types, 1);
      return (v, p) => {
        const xs = seriesValues(v);
        if (!xs) return null;
        const ys = cleanValues(xs);
        let period = per(p) ?? -1;
        if (period === -1) {
          const found = detectPeriods(ys, 4, ys.length, 1)[0];
          period = found && found[1] >= 0.7 ? found[0] : 0;
        }
        if (!Number.isInteger(period) || period <= 0) return ys.map(() => 0);
        return seasonalComponent(ys, period, ys.length);
      };
    },
  }),
  series({
    name: 'series_decompose',
    doc: 'Decomposition into baseline, seasonal, trend and residual (seasonality -1 detects; trend avg|linefit|none).',
    params: ['dynamic', 'long', 'string', 'long', 'real'],
    min: 1,
    outputs: DECOMPOSE_OUTPUTS,
    compile: (types) => {
      const [sea, test, thr] = [1, 3, 4].map((i) => optNum(types, i));
      const tr = stringConv(types[2] ?? 'string');
      return (v, s, t, tp, th) => {
        const xs = seriesValues(v);
        if (!xs) return null;
        const d = decompose(xs, sea?.(s) ?? -1, t === undefined ? 'avg' : tr(t), test?.(tp) ?? 0, thr?.(th) ?? 0.6);
        return decompositionValues(d);
      };
    },
  }),
  series({
    name: 'series_decompose_forecast',
    doc: 'Forecast of the last points by decomposition (trend linefit by default): baseline, seasonal, trend, residual.',
    params: ['dynamic', 'long', 'long', 'string', 'real'],
    min: 2,
    outputs: DECOMPOSE_OUTPUTS,
    compile: (types) => {
      const [pts, sea, thr] = [1, 2, 4].map((i) => optNum(types, i));
      const tr = stringConv(types[3] ?? 'string');
      return (v, p, s, t, th) => {
        const xs = seriesValues(v);
        const points = pts?.(p);
        if (!xs || points == null || points < 0) return null;
        const d = decompose(xs, sea?.(s) ?? -1, t === undefined ? 'linefit' : tr(t), points, thr?.(th) ?? 0.6);
        return decompositionValues(d);
      };
    },
  }),
  series({
    name: 'series_decompose_anomalies',
    doc: 'Anomalies of a series: decomposition residuals scored by Tukey’s test (ad_flag, ad_score, baseline).',
    params: ['dynamic', 'real', 'long', 'string', 'long', 'string', 'real'],
    min: 1,
    outputs: [dyn('ad_flag'), dyn('ad_score'), dyn('baseline')],
    compile: (types) => {
      const [thr, sea, test, sthr] = [1, 2, 4, 6].map((i) => optNum(types, i));
      const tr = stringConv(types[3] ?? 'string');
      const method = stringConv(types[5] ?? 'string');
      return (v, th, s, t, tp, m, st) => {
        const xs = seriesValues(v);
        if (!xs) return null;
        if (m !== undefined && method(m) !== 'ctukey' && method(m) !== 'tukey' && method(m) !== '') return null;
        const testPoints = test?.(tp) ?? 0;
        const d = decompose(xs, sea?.(s) ?? -1, t === undefined ? 'linefit' : tr(t), testPoints, sthr?.(st) ?? 0.6);
        return d ? anomalies(d, thr?.(th) ?? 1.5, xs.length - testPoints) : null;
      };
    },
  }),
  series({
    name: 'series_stats',
    doc: 'min, min_idx, max, max_idx, avg, stdev, variance of a series (one column each).',
    params: ['dynamic', 'bool'],
    min: 1,
    outputs: STATS_OUTPUTS,
    compile: () => (v, ignore) => {
      const xs = seriesValues(v);
      return xs ? statsValues(xs, ignore !== undefined && boolOf(ignore) === true) : null;
    },
  }),
  series({
    name: 'series_fft',
    doc: 'Fast Fourier transform of a real (and optional imaginary) series: real and imaginary parts.',
    params: ['dynamic', 'dynamic'],
    min: 1,
    outputs: [dyn('real'), dyn('imaginary')],
    compile: () => (re, im) => transform(re, im, false),
  }),
  series({
    name: 'series_ifft',
    doc: 'Inverse fast Fourier transform: real and imaginary parts.',
    params: ['dynamic', 'dynamic'],
    min: 1,
    outputs: [dyn('real'), dyn('imaginary')],
    compile: () => (re, im) => transform(re, im, true),
  }),
]);

function transform(re: KqlValue | undefined, im: KqlValue | undefined, inverse: boolean): KqlValue {
  const r = seriesValues(re);
  if (!r) return null;
  const i = im === undefined || im === null ? r.map(() => 0) : seriesValues(im);
  if (!i || i.length !== r.length) return null;
  const [outRe, outIm] = dft(cleanValues(r), cleanValues(i), inverse);
  return [outRe, outIm];
}
