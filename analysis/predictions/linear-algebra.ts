/**
 * The few numerical tools the fit needs: solving a small linear system, ridge least squares and logistic regression
 * by Newton's method (IRLS). Hand-written because the models have at most 7 coefficients: a numerical library would
 * add a dependency for ~60 lines of textbook code.
 */

/** Solves `a x = b` for a small dense system by Gaussian elimination with partial pivoting. */
export function solve(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    if (Math.abs(p) < 1e-12) throw new Error(`singular system: pivot ${p} in column ${col}`);
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / p;
      for (let c = col; c <= n; c++) m[r]![c] = m[r]![c]! - f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/** Weighted ridge least squares: minimises Σ wᵢ (yᵢ − xᵢ·β)² + λ|β|² (the bias, column 0, is not penalised). */
export function leastSquares(
  xs: readonly (readonly number[])[],
  ys: readonly number[],
  lambda = 1e-6,
  weights?: readonly number[],
): number[] {
  const d = xs[0]?.length ?? 0;
  const a = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const b = new Array<number>(d).fill(0);
  xs.forEach((x, i) => {
    const w = weights?.[i] ?? 1;
    for (let r = 0; r < d; r++) {
      b[r]! += w * x[r]! * ys[i]!;
      for (let c = 0; c < d; c++) a[r]![c]! += w * x[r]! * x[c]!;
    }
  });
  for (let r = 1; r < d; r++) a[r]![r]! += lambda * xs.length;
  return solve(a, b);
}

/** Logistic regression by Newton's method (IRLS) with a small ridge penalty; labels are 0 or 1. */
export function logisticRegression(xs: readonly (readonly number[])[], ys: readonly number[], lambda = 1e-3): number[] {
  const d = xs[0]?.length ?? 0;
  let beta = new Array<number>(d).fill(0);
  for (let iteration = 0; iteration < 50; iteration++) {
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    const gradient = new Array<number>(d).fill(0);
    xs.forEach((x, i) => {
      let z = 0;
      for (let k = 0; k < d; k++) z += beta[k]! * x[k]!;
      const p = 1 / (1 + Math.exp(-z));
      const w = Math.max(p * (1 - p), 1e-9);
      for (let r = 0; r < d; r++) {
        gradient[r]! += (ys[i]! - p) * x[r]!;
        for (let c = 0; c < d; c++) hessian[r]![c]! += w * x[r]! * x[c]!;
      }
    });
    for (let r = 1; r < d; r++) {
      gradient[r]! -= lambda * xs.length * beta[r]!;
      hessian[r]![r]! += lambda * xs.length;
    }
    const step = solve(hessian, gradient);
    beta = beta.map((v, k) => v + step[k]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return beta;
}

/**
 * Logistic regression whose weights keep the given signs (−1: ≤ 0, +1: ≥ 0, 0: free): fits, pins the most wrongly
 * signed weight to 0, and refits until every sign holds (an active-set method; at most one refit per feature).
 */
export function signConstrainedLogisticRegression(
  xs: readonly (readonly number[])[],
  ys: readonly number[],
  signs: readonly number[],
  lambda = 1e-3,
): number[] {
  const pinned = new Set<number>();
  for (;;) {
    const free = signs.map((_, k) => k).filter((k) => !pinned.has(k));
    const fitted = logisticRegression(
      xs.map((x) => free.map((k) => x[k]!)),
      ys,
      lambda,
    );
    const beta = signs.map(() => 0);
    free.forEach((k, j) => (beta[k] = fitted[j]!));
    const wrong = free.filter((k) => signs[k]! * beta[k]! < 0);
    if (wrong.length === 0) return beta;
    pinned.add(wrong.reduce((a, b) => (Math.abs(beta[b]!) > Math.abs(beta[a]!) ? b : a)));
  }
}

/**
 * Least absolute deviations (median regression) by iteratively reweighted least squares: robust to the few samples
 * whose head rider's tracker froze far from the line, which would drag a squared-error fit.
 */
export function leastAbsoluteDeviations(
  xs: readonly (readonly number[])[],
  ys: readonly number[],
  iterations = 30,
): number[] {
  let beta = leastSquares(xs, ys, 0);
  for (let i = 0; i < iterations; i++) {
    const weights = xs.map((x, k) => {
      let fitted = 0;
      for (let c = 0; c < x.length; c++) fitted += beta[c]! * x[c]!;
      // Floor of 1 (the residual's unit) keeps a sample that fits exactly from taking all the weight.
      return 1 / Math.max(1, Math.abs(ys[k]! - fitted));
    });
    beta = leastSquares(xs, ys, 0, weights);
  }
  return beta;
}
