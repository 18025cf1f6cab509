import {
  LAST_CHECK_BEFORE_FINISH_METERS,
  TIME_CHECK_STEP_METERS,
  TIME_TRIAL_START_METERS,
} from '../../core/race/index';
import type { TruthSecond } from '../../sim/ground-truth';

/**
 * The true time-trial clocks, kept the way the engine keeps them (`time-checks.ts`) but from the simulator's true
 * positions: each rider's crossing of the start mark and his elapsed time at each time check and at the finish, so
 * that the engine's time lost at a check can be scored against the true time lost at the same check.
 */
export class TruthClock {
  private readonly lastKm: number[] = [];
  private readonly lastMs: number[] = [];
  private readonly startMs: (number | undefined)[] = [];
  /** Per rider (header order), elapsed ms at check k (index k − 1). */
  private readonly checks: number[][] = [];
  private readonly finishElapsed: (number | undefined)[] = [];

  constructor(private readonly lengthMeters: number) {}

  /** Adds a simulated second; seconds must come in time order. */
  add(truth: TruthSecond): void {
    truth.km.forEach((km, i) => {
      const meters = km * 1_000;
      const fromMeters = this.lastKm[i];
      const fromMs = this.lastMs[i];
      this.lastKm[i] = meters;
      this.lastMs[i] = truth.t;
      if (fromMeters === undefined || fromMs === undefined || !(meters > fromMeters)) return;
      const at = (m: number): number => fromMs + ((m - fromMeters) / (meters - fromMeters)) * (truth.t - fromMs);
      if (this.startMs[i] === undefined) {
        if (!(fromMeters < TIME_TRIAL_START_METERS && meters >= TIME_TRIAL_START_METERS)) return;
        this.startMs[i] = at(TIME_TRIAL_START_METERS);
      }
      const start = this.startMs[i]!;
      const checks = (this.checks[i] ??= []);
      const last = Math.floor(
        Math.min(meters, this.lengthMeters - LAST_CHECK_BEFORE_FINISH_METERS) / TIME_CHECK_STEP_METERS,
      );
      for (let k = checks.length + 1; k <= last; k++) checks.push(at(k * TIME_CHECK_STEP_METERS) - start);
      if (meters >= this.lengthMeters && this.finishElapsed[i] === undefined) {
        this.finishElapsed[i] = at(this.lengthMeters) - start;
      }
    });
  }

  /** The true time lost by rider `index` at his latest time check (or the finish), s; undefined before his first. */
  latestGapSeconds(index: number): number | undefined {
    if (this.finishElapsed[index] !== undefined) return this.gapSeconds(index, this.lengthMeters);
    const checks = this.checks[index];
    if (checks === undefined || checks.length === 0) return undefined;
    return this.gapSeconds(index, checks.length * TIME_CHECK_STEP_METERS);
  }

  /**
   * The true time lost by rider `index` on the fastest at the check at `atMeters` (the finish at the route length),
   * among the riders truly past it by now, s; undefined when the rider has no true time there.
   */
  gapSeconds(index: number, atMeters: number): number | undefined {
    const atFinish = atMeters >= this.lengthMeters;
    const k = Math.round(atMeters / TIME_CHECK_STEP_METERS) - 1;
    const own = atFinish ? this.finishElapsed[index] : this.checks[index]?.[k];
    if (own === undefined) return undefined;
    let best = Infinity;
    for (let i = 0; i < this.checks.length || i < this.finishElapsed.length; i++) {
      const t = atFinish ? this.finishElapsed[i] : this.checks[i]?.[k];
      if (t !== undefined && t < best) best = t;
    }
    return (own - best) / 1_000;
  }
}
