/**
 * Numerical cores of the series analysis functions: least-squares line and polynomial fits,
 * two-segment regression, FIR/IIR filters, Tukey outlier scores, period detection by
 * autocorrelation, seasonal/trend decomposition and the discrete Fourier transform (radix-2, and
 * Bluestein's chirp-z for other lengths). Missing (null/NaN) elements count as 0 in fits and filters,
 * as the engine's make-series defaults do.
 */

export type Num = number | null;

const clean = (xs: readonly Num[]): number[] => xs.map((x) => (x === null || !Number.isFinite(x) ? 0 : x));

export interface LineFit {
  readonly rsquare: number;
  readonly slope: number;
  readonly variance: number;
  readonly rvariance: number;
  readonly interception: number;
  readonly lineFit: number[];
}

/** Sample variance (n - 1); 0 for fewer than two values. */
function sampleVariance(ys: readonly number[]): number {
  const n = ys.length;
  if (n < 2) return 0;
  const m = ys.reduce((s, y) => s + y, 0) / n;
  return ys.reduce((s, y) => s + (y - m) ** 2, 0) / (n - 1);
}

/** Least-squares line over x = first, first + 1, …; R² and variances as series_fit_line reports them. */
export function fitLine(ys: readonly number[], first = 1): LineFit {
  const n = ys.length;
  const xs = ys.map((_, i) => i + first);
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    sxx += ((xs[i] as number) - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const interception = my - slope * mx;
  const lineFit = xs.map((x) => interception + slope * x);
  const residual = ys.map((y, i) => y - (lineFit[i] as number));
  const ssTot = ys.reduce((s, y) => s + (y - my) ** 2, 0);
  const ssRes = residual.reduce((s, r) => s + r * r, 0);
  return {
    rsquare: ssTot === 0 ? 1 : 1 - ssRes / ssTot,
    slope,
    variance: sampleVariance(ys),
    rvariance: n < 2 ? 0 : ssRes / (n - 1),
    interception,
    lineFit,
  };
}

export interface TwoLines {
  readonly rsquare: number;
  readonly splitIdx: number;
  readonly variance: number;
  readonly rvariance: number;
  readonly lineFit: number[];
  readonly right: LineFit;
  readonly left: LineFit;
}

/** The split (each side at least two points) whose two lines give the largest total R². */
export function fitTwoLines(ys: readonly number[]): TwoLines | undefined {
  const n = ys.length;
  if (n < 4) return undefined;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  const ssTot = ys.reduce((s, y) => s + (y - my) ** 2, 0);
  let best: TwoLines | undefined;
  for (let split = 2; split <= n - 2; split++) {
    const left = fitLine(ys.slice(0, split), 1);
    const right = fitLine(ys.slice(split), split + 1);
    const lineFit = [...left.lineFit, ...right.lineFit];
    const ssRes = ys.reduce((s, y, i) => s + (y - (lineFit[i] as number)) ** 2, 0);
    const rsquare = ssTot === 0 ? 1 : 1 - ssRes / ssTot;
    if (!best || rsquare > best.rsquare) {
      best = {
        rsquare,
        splitIdx: split,
        variance: sampleVariance(ys),
        rvariance: ssRes / (n - 1),
        lineFit,
        right,
        left,
      };
    }
  }
  return best;
}

/** Solves A·x = b by Gaussian elimination with partial pivoting; undefined when singular. */
function solve(a: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++)
      if (Math.abs((m[r] as number[])[c] as number) > Math.abs((m[p] as number[])[c] as number)) p = r;
    if (Math.abs((m[p] as number[])[c] as number) < 1e-12) return undefined;
    [m[c], m[p]] = [m[p] as number[], m[c] as number[]];
    const pivot = m[c] as number[];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const row = m[r] as number[];
      const f = (row[c] as number) / (pivot[c] as number);
      for (let k = c; k <= n; k++) row[k] = (row[k] as number) - f * (pivot[k] as number);
    }
  }
  return m.map((row, i) => (row[n] as number) / (row[i] as number));
}

export interface PolyFit {
  readonly rsquare: number;
  /** Coefficients from the highest degree to the constant. */
  readonly coefficients: number[];
  readonly variance: number;
  readonly rvariance: number;
  readonly polyFit: number[];
}

/** Least-squares polynomial of a degree over x (default 1, 2, …, n). */
export function fitPoly(ys: readonly number[], xs: readonly number[], degree: number): PolyFit | undefined {
  const n = ys.length;
  if (n === 0 || degree < 1 || degree > 6) return undefined;
  // Centre and scale x for a well-conditioned system, then expand back to plain coefficients.
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const sx = Math.max(...xs.map((x) => Math.abs(x - mx))) || 1;
  const ts = xs.map((x) => (x - mx) / sx);
  const k = degree + 1;
  const ata = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const atb = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const pw = Array.from({ length: k }, (_, j) => (ts[i] as number) ** j);
    for (let r = 0; r < k; r++) {
      atb[r] = (atb[r] as number) + (pw[r] as number) * (ys[i] as number);
      for (let c = 0; c < k; c++)
        (ata[r] as number[])[c] = ((ata[r] as number[])[c] as number) + (pw[r] as number) * (pw[c] as number);
    }
  }
  const scaled = solve(ata, atb);
  if (!scaled) return undefined;
  // p(x) = Σ c_j ((x - mx)/sx)^j → Σ a_m x^m (binomial expansion).
  const plain = new Array<number>(k).fill(0);
  for (let j = 0; j < k; j++) {
    const cj = (scaled[j] as number) / sx ** j;
    for (let m = 0; m <= j; m++) plain[m] = (plain[m] as number) + cj * binomial(j, m) * (-mx) ** (j - m);
  }
  const polyFit = xs.map((x) => plain.reduce((s, a, m) => s + a * x ** m, 0));
  const my = ys.reduce((s, y) => s + y, 0) / n;
  const ssTot = ys.reduce((s, y) => s + (y - my) ** 2, 0);
  const ssRes = ys.reduce((s, y, i) => s + (y - (polyFit[i] as number)) ** 2, 0);
  return {
    rsquare: ssTot === 0 ? 1 : 1 - ssRes / ssTot,
    coefficients: [...plain].reverse(),
    variance: sampleVariance(ys),
    rvariance: n < 2 ? 0 : ssRes / (n - 1),
    polyFit,
  };
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** FIR filter: y[i] = Σ f[j]·x[i - j] (or centred on i); points outside the series count as 0. */
export function fir(xs: readonly Num[], filter: readonly number[], normalize: boolean, center: boolean): Num[] {
  const x = clean(xs);
  const sum = filter.reduce((s, f) => s + f, 0);
  const f = normalize && sum !== 0 ? filter.map((c) => c / sum) : filter;
  const shift = center ? Math.floor((filter.length - 1) / 2) : 0;
  return x.map((_, i) => {
    let y = 0;
    for (let j = 0; j < f.length; j++) {
      const k = i + shift - j;
      if (k >= 0 && k < x.length) y += (f[j] as number) * (x[k] as number);
    }
    return y;
  });
}

/** IIR filter: a0·y[i] = Σ b[j]·x[i - j] − Σ_{j≥1} a[j]·y[i - j]. */
export function iir(xs: readonly Num[], b: readonly number[], a: readonly number[]): Num[] | undefined {
  const a0 = a[0];
  if (a0 === undefined || a0 === 0) return undefined;
  const x = clean(xs);
  const y: number[] = [];
  for (let i = 0; i < x.length; i++) {
    let v = 0;
    for (let j = 0; j < b.length && j <= i; j++) v += (b[j] as number) * (x[i - j] as number);
    for (let j = 1; j < a.length && j <= i; j++) v -= (a[j] as number) * (y[i - j] as number);
    y.push(v / a0);
  }
  return y;
}

/** Linear-interpolation percentile (p in 0..100) of sorted values. */
export function percentileOf(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

/**
 * Tukey's fence scores: (x − Q_high)/IQR above the high percentile, (x − Q_low)/IQR below the low
 * one, 0 between; with `ignore`, values equal to it are left out of the percentiles and score 0.
 */
export function outlierScores(xs: readonly Num[], low: number, high: number, ignore: Num = null): Num[] {
  const vals = xs.filter((x): x is number => x !== null && Number.isFinite(x) && x !== ignore).sort((a, b) => a - b);
  const q1 = percentileOf(vals, low);
  const q3 = percentileOf(vals, high);
  const iqr = q3 - q1;
  return xs.map((x) => {
    if (x === null || !Number.isFinite(x) || x === ignore || vals.length === 0) return 0;
    if (x > q3) return iqr === 0 ? 0 : (x - q3) / iqr;
    if (x < q1) return iqr === 0 ? 0 : (x - q1) / iqr;
    return 0;
  });
}

function detrended(xs: readonly number[]): number[] {
  const f = fitLine(xs, 0);
  return xs.map((x, i) => x - (f.lineFit[i] as number));
}

/** Autocorrelation at a lag of the detrended series, normalised for the overlap (n − lag); in [0, 1]. */
export function periodScore(xs: readonly number[], lag: number): number {
  const d = detrended(xs);
  const n = d.length;
  const m = d.reduce((s, x) => s + x, 0) / n;
  const denom = d.reduce((s, x) => s + (x - m) ** 2, 0) / n;
  if (denom === 0 || lag >= n) return 0;
  let s = 0;
  for (let i = 0; i + lag < n; i++) s += ((d[i] as number) - m) * ((d[i + lag] as number) - m);
  return Math.max(0, Math.min(1, s / (n - lag) / denom));
}

/**
 * Periods between min and max (at least 4 points, fewer than half the series) that are local
 * maxima of the autocorrelation; among near-equal scores the shortest period (the fundamental) is
 * preferred over its multiples. Returns up to `count` [period, score] pairs, best first.
 */
export function detectPeriods(xsIn: readonly Num[], min: number, max: number, count: number): [number, number][] {
  const xs = clean(xsIn);
  const n = xs.length;
  const lo = Math.max(4, Math.ceil(min));
  const hi = Math.min(Math.floor(max), Math.floor((n - 1) / 2));
  const scores = new Map<number, number>();
  for (let p = lo - 1; p <= hi + 1; p++) if (p >= 1 && p < n) scores.set(p, periodScore(xs, p));
  const peaks: [number, number][] = [];
  for (let p = lo; p <= hi; p++) {
    const s = scores.get(p) ?? 0;
    if (s > 0 && s >= (scores.get(p - 1) ?? 0) && s >= (scores.get(p + 1) ?? 0)) peaks.push([p, s]);
  }
  peaks.sort((a, b) => b[1] - a[1]);
  const chosen: [number, number][] = [];
  const remaining = [...peaks];
  while (chosen.length < count && remaining.length > 0) {
    const top = (remaining[0] as [number, number])[1];
    // The shortest period scoring within 10% of the best one left.
    const pick = remaining.filter(([, s]) => s >= 0.9 * top).sort((a, b) => a[0] - b[0])[0] as [number, number];
    chosen.push(pick);
    remaining.splice(remaining.indexOf(pick), 1);
    // Multiples of a chosen period are its harmonics, not periods of their own.
    for (let i = remaining.length - 1; i >= 0; i--) {
      const p = (remaining[i] as [number, number])[0];
      if (Math.abs(p / pick[0] - Math.round(p / pick[0])) < 0.1) remaining.splice(i, 1);
    }
  }
  return chosen;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Median of each phase of the period over the first `train` points, repeated over the length. */
export function seasonalComponent(xs: readonly number[], period: number, train: number, length = xs.length): number[] {
  const phases: number[][] = Array.from({ length: period }, () => []);
  for (let i = 0; i < train; i++) phases[i % period]?.push(xs[i] as number);
  const medians = phases.map((p) => (p.length === 0 ? 0 : median(p)));
  return Array.from({ length }, (_, i) => medians[i % period] as number);
}

export interface Decomposition {
  readonly baseline: number[];
  readonly seasonal: number[];
  readonly trend: number[];
  readonly residual: number[];
}

/**
 * series_decompose: seasonal (median per phase; period -1 detects with the threshold, 0 none),
 * trend of the deseasonalised series ('avg', 'linefit' or 'none'), baseline and residual; the last
 * `testPoints` are left out of learning and extrapolated (for forecasts).
 */
export function decompose(
  xsIn: readonly Num[],
  seasonality: number,
  trendKind: string,
  testPoints: number,
  threshold: number,
): Decomposition | undefined {
  const xs = clean(xsIn);
  const n = xs.length;
  const train = n - testPoints;
  if (train < 1 || testPoints < 0) return undefined;
  let period = seasonality;
  if (period < 0) {
    const found = detectPeriods(xs.slice(0, train), 4, train, 1)[0];
    period = found && found[1] >= threshold ? found[0] : 0;
  }
  const seasonal = period > 0 ? seasonalComponent(xs, period, train, n) : new Array<number>(n).fill(0);
  const deseason = xs.slice(0, train).map((x, i) => x - (seasonal[i] as number));
  let trend: number[];
  if (trendKind === 'linefit') {
    const f = fitLine(deseason, 0);
    trend = Array.from({ length: n }, (_, i) => f.interception + f.slope * i);
  } else if (trendKind === 'avg') {
    const avg = deseason.reduce((s, x) => s + x, 0) / train;
    trend = new Array<number>(n).fill(avg);
  } else if (trendKind === 'none') trend = new Array<number>(n).fill(0);
  else return undefined;
  const baseline = seasonal.map((s, i) => s + (trend[i] as number));
  return { baseline, seasonal, trend, residual: xs.map((x, i) => x - (baseline[i] as number)) };
}

/** In-place radix-2 FFT (length a power of two); `inverse` uses e^{+i}. */
function fft2(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j] as number, re[i] as number];
      [im[i], im[j]] = [im[j] as number, im[i] as number];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = ((inverse ? 2 : -2) * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k);
        const wi = Math.sin(ang * k);
        const a = i + k;
        const b = a + len / 2;
        const xr = (re[b] as number) * wr - (im[b] as number) * wi;
        const xi = (re[b] as number) * wi + (im[b] as number) * wr;
        re[b] = (re[a] as number) - xr;
        im[b] = (im[a] as number) - xi;
        re[a] = (re[a] as number) + xr;
        im[a] = (im[a] as number) + xi;
      }
    }
  }
}

/** Discrete Fourier transform of any length (Bluestein for lengths that are not powers of two). */
export function dft(reIn: readonly number[], imIn: readonly number[], inverse: boolean): [number[], number[]] {
  const n = reIn.length;
  if (n === 0) return [[], []];
  if ((n & (n - 1)) === 0) {
    const re = Float64Array.from(reIn);
    const im = Float64Array.from(imIn);
    fft2(re, im, inverse);
    const k = inverse ? 1 / n : 1;
    return [Array.from(re, (x) => x * k), Array.from(im, (x) => x * k)];
  }
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  const sign = inverse ? 1 : -1;
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const a = (sign * Math.PI * ((k * k) % (2 * n))) / n;
    wr[k] = Math.cos(a);
    wi[k] = Math.sin(a);
  }
  const ar = new Float64Array(m);
  const ai = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    const x = reIn[k] as number;
    const y = imIn[k] as number;
    ar[k] = x * (wr[k] as number) - y * (wi[k] as number);
    ai[k] = x * (wi[k] as number) + y * (wr[k] as number);
  }
  const br = new Float64Array(m);
  const bi = new Float64Array(m);
  br[0] = wr[0] as number;
  bi[0] = -(wi[0] as number);
  for (let k = 1; k < n; k++) {
    br[k] = br[m - k] = wr[k] as number;
    bi[k] = bi[m - k] = -(wi[k] as number);
  }
  fft2(ar, ai, false);
  fft2(br, bi, false);
  for (let k = 0; k < m; k++) {
    const x = (ar[k] as number) * (br[k] as number) - (ai[k] as number) * (bi[k] as number);
    const y = (ar[k] as number) * (bi[k] as number) + (ai[k] as number) * (br[k] as number);
    ar[k] = x;
    ai[k] = y;
  }
  fft2(ar, ai, true);
  const scale = inverse ? 1 / n : 1;
  const outRe: number[] = [];
  const outIm: number[] = [];
  for (let k = 0; k < n; k++) {
    const x = (ar[k] as number) / m;
    const y = (ai[k] as number) / m;
    outRe.push((x * (wr[k] as number) - y * (wi[k] as number)) * scale);
    outIm.push((x * (wi[k] as number) + y * (wr[k] as number)) * scale);
  }
  return [outRe, outIm];
}
