/**
 * Agreement measures between the engine and the live feed: errors, rank agreement and split agreement.
 * Pure functions over plain numbers; `compareWithFeed` decides what is paired with what.
 */

/** Mean absolute error, 95th percentile and largest |engine − feed|, in the unit of the inputs. */
export interface ErrorSummary {
  readonly n: number;
  readonly mae: number;
  readonly p95: number;
  readonly max: number;
}

/** Returns the MAE, nearest-rank p95 and max of absolute errors; NaN for all three when there are none. */
export function errorSummary(absoluteErrors: readonly number[]): ErrorSummary {
  const n = absoluteErrors.length;
  if (n === 0) return { n, mae: Number.NaN, p95: Number.NaN, max: Number.NaN };
  const sorted = [...absoluteErrors].sort((a, b) => a - b);
  const sum = sorted.reduce((s, x) => s + x, 0);
  return { n, mae: sum / n, p95: sorted[Math.min(n - 1, Math.ceil(0.95 * n) - 1)]!, max: sorted[n - 1]! };
}

/** Ranks 1..n of `values`, largest first when `descending`; ties share their mean rank (as Spearman needs). */
export function ranksOf(values: readonly number[], descending = false): number[] {
  const order = values.map((v, i) => ({ v: descending ? -v : v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) end++;
    const mean = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]!.i] = mean;
    start = end + 1;
  }
  return ranks;
}

/** Spearman's rank correlation of two rankings of the same items (Pearson on ranks, tie-safe); NaN under 2 items. */
export function spearman(ranksA: readonly number[], ranksB: readonly number[]): number {
  const n = ranksA.length;
  if (n < 2 || ranksB.length !== n) return Number.NaN;
  const meanA = ranksA.reduce((s, x) => s + x, 0) / n;
  const meanB = ranksB.reduce((s, x) => s + x, 0) / n;
  let cov = 0;
  let varA = 0;
  let varB = 0;
  for (let i = 0; i < n; i++) {
    const da = ranksA[i]! - meanA;
    const db = ranksB[i]! - meanB;
    cov += da * db;
    varA += da * da;
    varB += db * db;
  }
  return varA > 0 && varB > 0 ? cov / Math.sqrt(varA * varB) : Number.NaN;
}

/** Rank agreement over many polls: mean Spearman per poll, and the share of riders ranked exactly or within ±window. */
export interface RankAgreement {
  readonly polls: number;
  readonly n: number;
  readonly meanSpearman: number;
  readonly exactPercent: number;
  readonly withinPercent: number;
  readonly window: number;
}

/** Accumulates one poll at a time: each poll gives the feed's and the engine's rank of the same riders. */
export class RankAgreementTally {
  private polls = 0;
  private spearmanSum = 0;
  private n = 0;
  private exact = 0;
  private within = 0;

  constructor(readonly window: number) {}

  /** Adds one poll; polls with fewer than 3 riders say nothing about order and are left out. */
  add(feedRanks: readonly number[], engineRanks: readonly number[]): void {
    if (feedRanks.length < 3) return;
    const rho = spearman(feedRanks, engineRanks);
    if (Number.isNaN(rho)) return;
    this.polls++;
    this.spearmanSum += rho;
    feedRanks.forEach((f, i) => {
      const d = Math.abs(f - engineRanks[i]!);
      this.n++;
      if (d === 0) this.exact++;
      if (d <= this.window) this.within++;
    });
  }

  result(): RankAgreement {
    const pct = (k: number): number => (this.n === 0 ? Number.NaN : (100 * k) / this.n);
    return {
      polls: this.polls,
      n: this.n,
      meanSpearman: this.polls === 0 ? Number.NaN : this.spearmanSum / this.polls,
      exactPercent: pct(this.exact),
      withinPercent: pct(this.within),
      window: this.window,
    };
  }
}

/** Split agreement between consecutive riders: does each source put a group boundary between them? */
export interface SplitAgreement {
  readonly pairs: number;
  readonly agreementPercent: number;
  readonly feedSplits: number;
  readonly engineSplits: number;
  readonly bothSplits: number;
}

/** Scores pairs of consecutive riders, each with the feed's and the engine's verdict (true = a split between them). */
export function splitAgreement(pairs: readonly { feed: boolean; engine: boolean }[]): SplitAgreement {
  let agree = 0;
  let feedSplits = 0;
  let engineSplits = 0;
  let bothSplits = 0;
  for (const p of pairs) {
    if (p.feed === p.engine) agree++;
    if (p.feed) feedSplits++;
    if (p.engine) engineSplits++;
    if (p.feed && p.engine) bothSplits++;
  }
  return {
    pairs: pairs.length,
    agreementPercent: pairs.length === 0 ? Number.NaN : (100 * agree) / pairs.length,
    feedSplits,
    engineSplits,
    bothSplits,
  };
}
