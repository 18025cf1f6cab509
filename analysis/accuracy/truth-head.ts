import type { TruthSecond } from '../../sim/ground-truth';

/**
 * The true head of the race over a stage: the furthest true distance of any rider each second, so that the true gap
 * of a rider at km x at time t is `t − passage(x)`, the same definition the engine uses (DESIGN §3).
 */
export class TruthHead {
  private readonly headKm: number[] = [];
  private readonly tickMs: number[] = [];

  /** Adds a simulated second; seconds must come in time order. */
  add(truth: TruthSecond): void {
    let max = this.headKm.length === 0 ? 0 : this.headKm[this.headKm.length - 1]!;
    for (const km of truth.km) if (km > max) max = km;
    this.headKm.push(max);
    this.tickMs.push(truth.t);
  }

  /** A rider's true gap at `km` at `tMs` (epoch ms): behind the head's passage there, s, ≥ 0 (DESIGN §3). */
  gapSeconds(km: number, tMs: number): number {
    return Math.max(0, (tMs - this.passageMs(km)) / 1_000);
  }

  /** When the true head first reached `km`, epoch ms, interpolated between simulated seconds. */
  passageMs(km: number): number {
    const headKm = this.headKm;
    let lo = 0;
    let hi = headKm.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (headKm[mid]! >= km) hi = mid;
      else lo = mid + 1;
    }
    if (lo === 0) return this.tickMs[0]!;
    const k0 = headKm[lo - 1]!;
    const k1 = headKm[lo]!;
    const t0 = this.tickMs[lo - 1]!;
    return t0 + ((km - k0) / Math.max(k1 - k0, 1e-9)) * (this.tickMs[lo]! - t0);
  }
}
