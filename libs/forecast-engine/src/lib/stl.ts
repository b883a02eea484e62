/**
 * STL: seasonal-trend decomposition by loess (Cleveland et al. 1990), non-robust, with the
 * defaults of R's stl() as R's mstl() calls it (s.window 11, local-constant seasonal smoothing,
 * t.window, l.window and the jumps derived from them). It follows the reference Fortran step by
 * step, so its seasonal strength matches R's forecast package, which decides on it whether a
 * series needs a seasonal difference.
 */
export interface StlDecomposition {
  seasonal: number[];
  trend: number[];
  remainder: number[];
}

const nextOdd = (x: number) => {
  const r = Math.round(x);
  return r % 2 === 0 ? r + 1 : r;
};

/**
 * The loess value at position xs (1-based) from y[nleft..nright] (1-based, inclusive), tricube
 * weights, degree 0 or 1; null when no point has weight.
 */
function loessAt(y: readonly number[], n: number, len: number, degree: number, xs: number, nleft: number, nright: number): number | null {
  const range = n - 1;
  let h = Math.max(xs - nleft, nright - xs);
  if (len > n) h += Math.floor((len - n) / 2);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  const w = new Array<number>(nright - nleft + 1).fill(0);
  let total = 0;
  for (let j = nleft; j <= nright; j++) {
    const r = Math.abs(j - xs);
    if (r <= h9) {
      w[j - nleft] = r <= h1 ? 1 : (1 - (r / h) ** 3) ** 3;
      total += w[j - nleft];
    }
  }
  if (total <= 0) return null;
  for (let j = 0; j < w.length; j++) w[j] /= total;
  if (h > 0 && degree > 0) {
    let a = 0;
    for (let j = nleft; j <= nright; j++) a += w[j - nleft] * j;
    let c = 0;
    for (let j = nleft; j <= nright; j++) c += w[j - nleft] * (j - a) ** 2;
    if (Math.sqrt(c) > 0.001 * range) {
      const b = (xs - a) / c;
      for (let j = nleft; j <= nright; j++) w[j - nleft] *= b * (j - a) + 1;
    }
  }
  let value = 0;
  for (let j = nleft; j <= nright; j++) value += w[j - nleft] * y[j - 1];
  return value;
}

/** Loess smoothing of the whole series, evaluated every `jump` points and interpolated between. */
function loess(y: readonly number[], len: number, degree: number, jump: number): number[] {
  const n = y.length;
  if (n < 2) return [...y];
  const ys = new Array<number>(n).fill(0);
  const at = (i: number, nleft: number, nright: number) => (ys[i - 1] = loessAt(y, n, len, degree, i, nleft, nright) ?? y[i - 1]);
  const step = Math.min(jump, n - 1);
  const half = Math.floor((len + 1) / 2);
  let nleft = 1;
  let nright = n;
  if (len >= n) {
    for (let i = 1; i <= n; i += step) at(i, 1, n);
  } else if (step === 1) {
    nright = len;
    for (let i = 1; i <= n; i++) {
      if (i > half && nright !== n) {
        nleft++;
        nright++;
      }
      at(i, nleft, nright);
    }
  } else {
    for (let i = 1; i <= n; i += step) {
      if (i < half) [nleft, nright] = [1, len];
      else if (i >= n - half + 1) [nleft, nright] = [n - len + 1, n];
      else [nleft, nright] = [i - half + 1, len + i - half];
      at(i, nleft, nright);
    }
  }
  if (step !== 1) {
    for (let i = 1; i <= n - step; i += step) {
      const delta = (ys[i + step - 1] - ys[i - 1]) / step;
      for (let j = i + 1; j < i + step; j++) ys[j - 1] = ys[i - 1] + delta * (j - i);
    }
    const k = Math.floor((n - 1) / step) * step + 1;
    if (k !== n) {
      at(n, nleft, nright);
      if (k !== n - 1) {
        const delta = (ys[n - 1] - ys[k - 1]) / (n - k);
        for (let j = k + 1; j < n; j++) ys[j - 1] = ys[k - 1] + delta * (j - k);
      }
    }
  }
  return ys;
}

/** Each cycle-subseries smoothed and extended by one season at both ends: length n + 2m. */
function cycleSubseries(y: readonly number[], m: number, len: number, degree: number, jump: number): number[] {
  const n = y.length;
  const out = new Array<number>(n + 2 * m).fill(0);
  for (let j = 1; j <= m; j++) {
    const k = Math.floor((n - j) / m) + 1;
    const sub = Array.from({ length: k }, (_, i) => y[i * m + j - 1]);
    const smooth = loess(sub, len, degree, jump);
    const before = loessAt(sub, k, len, degree, 0, 1, Math.min(len, k)) ?? smooth[0];
    const after = loessAt(sub, k, len, degree, k + 1, Math.max(1, k - len + 1), k) ?? smooth[k - 1];
    [before, ...smooth, after].forEach((v, i) => (out[i * m + j - 1] = v));
  }
  return out;
}

const movingAverage = (x: readonly number[], len: number) => {
  const out: number[] = [];
  let sum = x.slice(0, len).reduce((s, v) => s + v, 0);
  out.push(sum / len);
  for (let i = len; i < x.length; i++) {
    sum += x[i] - x[i - len];
    out.push(sum / len);
  }
  return out;
};

/** STL of a series with m periods a season; it needs more than two seasons. */
export function stl(y: readonly number[], m: number, sWindow = 11): StlDecomposition {
  const n = y.length;
  if (!Number.isInteger(m) || m < 2 || n <= 2 * m) throw new RangeError('STL needs a season of 2 or more and more than two seasons of data');
  // Odd windows of at least 3 points, as the Fortran makes them.
  const window = (x: number) => Math.max(3, nextOdd(x));
  const ns = window(sWindow);
  const nt = window(Math.ceil((1.5 * m) / (1 - 1.5 / sWindow)));
  const nl = window(m);
  const [sJump, tJump, lJump] = [ns, nt, nl].map((w) => Math.ceil(w / 10));
  let trend = new Array<number>(n).fill(0);
  let seasonal = new Array<number>(n).fill(0);
  for (let pass = 0; pass < 2; pass++) {
    const cycle = cycleSubseries(
      y.map((v, i) => v - trend[i]),
      m,
      ns,
      0,
      sJump,
    );
    const lowPass = loess(movingAverage(movingAverage(movingAverage(cycle, m), m), 3), nl, 1, lJump);
    seasonal = lowPass.map((l, i) => cycle[m + i] - l);
    trend = loess(
      y.map((v, i) => v - seasonal[i]),
      nt,
      1,
      tJump,
    );
  }
  return { seasonal, trend, remainder: y.map((v, i) => v - seasonal[i] - trend[i]) };
}

/**
 * Strength of the season, 1 − Var(remainder) / Var(season + remainder) from STL, in [0, 1]
 * (Wang, Smith and Hyndman 2006), as R's forecast package measures it; 0 for two seasons or less.
 */
export function stlSeasonalStrength(y: readonly number[], m: number): number {
  if (y.length <= 2 * m) return 0;
  const { seasonal, remainder } = stl(y, m);
  const variance = (values: readonly number[]) => {
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    return values.reduce((s, v) => s + (v - mean) ** 2, 0);
  };
  const total = variance(remainder.map((r, i) => r + seasonal[i]));
  return total > 0 ? Math.max(0, Math.min(1, 1 - variance(remainder) / total)) : 0;
}
