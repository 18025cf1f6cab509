import { secondsToFinish, type PreparedRoute } from '../../core/race/index';
import {
  CATCH_FEATURE_SIGNS,
  catchFeatures,
  catchKmFeatures,
  catchKmToGo,
  catchProbability,
  type CatchSituation,
} from '../../core/race/predictions/catch-model';
import { catchSituationOf, largestGroupSize } from '../../core/race/predictions/group-predictions';
import { paceRoleOf, type PaceRole } from '../../core/race/predictions/terrain';
import { leastAbsoluteDeviations, leastSquares, signConstrainedLogisticRegression } from './linear-algebra';
import type { ReplayRun } from './replay';

/**
 * Turns replayed stages into the models' samples, fits the three prediction models and scores them on held-out
 * runs with the accuracy harness's own definitions (analysis/accuracy/replay-stage.ts): a catch call for every group
 * ahead of the peloton, labelled by whether the truth has its head rider caught later; the ETA error of every group
 * against its head rider's true finish.
 */

/** A replayed run with its prepared route. */
export interface FitRun extends ReplayRun {
  readonly route: PreparedRoute;
}

/** A catch call, labelled as the harness labels it. */
export interface CatchSample {
  readonly situation: CatchSituation;
  readonly caught: boolean;
  /** Km to go at the catch of the group's head rider, when caught. */
  readonly kmToGoAtCatch: number | null;
  readonly stageType: string;
}

/** A finish-ETA sample: a group's head at `meters` at a snapshot, and how long its head rider took to the line. */
export interface EtaSample {
  readonly role: PaceRole;
  readonly route: PreparedRoute;
  /** Where the group's head was, m from the start. */
  readonly meters: number;
  /** Pace features of the road left (`paceFeatures`). */
  readonly features: readonly number[];
  readonly seconds: number;
  readonly kmToGo: number;
  /** The group's speed at the snapshot, km/h (the naive baseline). */
  readonly speedKmh: number;
}

/** The catch calls of a run (every group ahead of the peloton, every sampled minute). */
export function catchSamplesOf(run: FitRun): CatchSample[] {
  const out: CatchSample[] = [];
  for (const s of run.samples) {
    const groups = s.groups.map((g) => g.group);
    const input = {
      groups,
      routeLengthMeters: run.routeLengthMeters,
      tMs: s.tMs,
      route: run.route,
      headLeadTrendSecondsPerMinute: s.headLeadTrendSecondsPerMinute,
    };
    const peloton = groups.findIndex((g) => g.kind === 'peloton');
    for (let i = 0; i < peloton; i++) {
      const g = s.groups[i]!;
      out.push({
        situation: catchSituationOf(input, i, peloton),
        caught: g.caught,
        kmToGoAtCatch: g.kmToGoAtCatch,
        stageType: run.stageType,
      });
    }
  }
  return out;
}

/** Pace features of the road from `from` to `to`, m: Σ over the profile intervals of km × [1, g⁺, (g⁺)², g⁻]. */
export function paceFeatures(route: PreparedRoute, from: number, to: number): number[] {
  const step = route.profileStepMeters;
  const grad = route.profileGradientPercent;
  const f = [0, 0, 0, 0];
  for (let k = Math.floor(from / step); k * step < to && k < grad.length; k++) {
    const km = (Math.min(to, (k + 1) * step) - Math.max(from, k * step)) / 1_000;
    const g = grad[k]!;
    const up = Math.max(g, 0);
    f[0]! += km;
    f[1]! += km * up;
    f[2]! += km * up * up;
    f[3]! += km * Math.min(g, 0);
  }
  return f;
}

/** The ETA samples of a run: every group whose head rider finished, every sampled minute. */
export function etaSamplesOf(run: FitRun): EtaSample[] {
  const out: EtaSample[] = [];
  const length = run.route.lengthMeters;
  for (const s of run.samples) {
    const largest = largestGroupSize(s.groups.map((g) => g.group));
    for (const { group, finishMs } of s.groups) {
      if (finishMs === null) continue;
      const meters = Math.min(group.distanceMeters, length);
      out.push({
        role: paceRoleOf(group.kind, largest),
        route: run.route,
        meters,
        features: paceFeatures(run.route, meters, length),
        seconds: (finishMs - s.tMs) / 1_000,
        kmToGo: (length - meters) / 1_000,
        speedKmh: group.speedKmh,
      });
    }
  }
  return out;
}

/** Ridge penalty of the catch logit (per sample; features are O(1)): enough to tame collinear features. */
const CATCH_LAMBDA = 1e-3;

/** Logistic weights for P(caught), with the signs `CATCH_FEATURE_SIGNS` demands. */
export function fitCatchLogit(samples: readonly CatchSample[]): number[] {
  return signConstrainedLogisticRegression(
    samples.map((s) => catchFeatures(s.situation)),
    samples.map((s) => (s.caught ? 1 : 0)),
    CATCH_FEATURE_SIGNS,
    CATCH_LAMBDA,
  );
}

/** Linear weights for the km to go at the catch (caught groups only; target in units of 100 km). */
export function fitCatchKm(samples: readonly CatchSample[]): number[] {
  const caught = samples.filter((s) => s.kmToGoAtCatch !== null);
  return leastSquares(
    caught.map((s) => catchKmFeatures(s.situation)),
    caught.map((s) => s.kmToGoAtCatch! / 100),
    1e-4,
  );
}

/** Pace coefficients (s/km) per role, minimising the absolute error of the time left to the line. */
export function fitPace(samples: readonly EtaSample[]): Record<PaceRole, number[]> {
  const fit = (subset: readonly EtaSample[]): number[] =>
    // No bias column: every feature scales with distance, so column 0 (km) is the base pace.
    leastAbsoluteDeviations(
      subset.map((s) => s.features),
      subset.map((s) => s.seconds),
    );
  const all = fit(samples);
  const roles: PaceRole[] = ['ahead', 'peloton', 'grupetto', 'dropped', 'solo'];
  const entries = roles.map((role) => {
    const mine = samples.filter((s) => s.role === role);
    // A role seen too rarely to fit on its own rides at the pace fitted on every group.
    return [role, mine.length >= 200 ? fit(mine) : all] as const;
  });
  return Object.fromEntries(entries) as Record<PaceRole, number[]>;
}

/** Held-out scores of the catch model on a subset of calls. */
export interface CatchScores {
  readonly subset: string;
  readonly calls: number;
  readonly caughtShare: number;
  readonly brier: number;
  /** Brier score of always predicting the training calls' catch rate. */
  readonly baseRateBrier: number;
  /** Brier score of always predicting this subset's own catch rate (what the harness prints: p·(1 − p)). */
  readonly ownRateBrier: number;
  /** Mean absolute error of the catch km over caught calls with P ≥ 0.5 (where the snapshot shows one), km. */
  readonly catchKmMae: number;
  /** Same, always predicting the training mean km to go at the catch (within the km left), km. */
  readonly baselineCatchKmMae: number;
}

const SUBSETS: readonly [string, (s: CatchSample) => boolean][] = [
  ['all', () => true],
  ['> 100 km to go', (s) => s.situation.kmToGo >= 100],
  ['50–100 km to go', (s) => s.situation.kmToGo >= 50 && s.situation.kmToGo < 100],
  ['20–50 km to go', (s) => s.situation.kmToGo >= 20 && s.situation.kmToGo < 50],
  ['< 20 km to go', (s) => s.situation.kmToGo < 20],
  ['head of the race', (s) => s.situation.isHeadOfRace !== false],
  ['chasers', (s) => s.situation.isHeadOfRace === false],
  ...['flat', 'hilly', 'mountain', 'itt'].map((type) => [`${type} stages`, (s: CatchSample) => s.stageType === type]),
] as [string, (s: CatchSample) => boolean][];

/** Scores the catch model on held-out calls, overall and per subset. */
export function scoreCatch(
  test: readonly CatchSample[],
  trainRate: number,
  trainMeanKmToGoAtCatch: number,
  logit: readonly number[],
  kmWeights: readonly number[],
): CatchScores[] {
  return SUBSETS.map(([subset, keep]) => {
    const calls = test.filter(keep);
    const rate = calls.filter((s) => s.caught).length / Math.max(1, calls.length);
    let brier = 0;
    let base = 0;
    let kmError = 0;
    let kmCalls = 0;
    let baselineKmError = 0;
    for (const s of calls) {
      const y = s.caught ? 1 : 0;
      // Rounded as the snapshot rounds it: the harness scores the wire value.
      const p = Math.round(catchProbability(s.situation, logit) * 100) / 100;
      brier += (p - y) ** 2;
      base += (trainRate - y) ** 2;
      if (s.kmToGoAtCatch === null || p < 0.5) continue;
      kmCalls++;
      kmError += Math.abs(catchKmToGo(s.situation, kmWeights) - s.kmToGoAtCatch);
      baselineKmError += Math.abs(Math.min(trainMeanKmToGoAtCatch, s.situation.kmToGo) - s.kmToGoAtCatch);
    }
    const n = Math.max(1, calls.length);
    return {
      subset,
      calls: calls.length,
      caughtShare: rate,
      brier: brier / n,
      baseRateBrier: base / n,
      ownRateBrier: rate * (1 - rate),
      catchKmMae: kmError / Math.max(1, kmCalls),
      baselineCatchKmMae: baselineKmError / Math.max(1, kmCalls),
    };
  });
}

/** Reliability of the catch model: calls binned by predicted probability (tenths), mean prediction vs caught share. */
export function reliability(
  test: readonly CatchSample[],
  logit: readonly number[],
): { bin: string; calls: number; meanP: number; caughtShare: number }[] {
  const bins = Array.from({ length: 10 }, () => ({ calls: 0, p: 0, caught: 0 }));
  for (const s of test) {
    const p = catchProbability(s.situation, logit);
    const b = bins[Math.min(9, Math.floor(p * 10))]!;
    b.calls++;
    b.p += p;
    if (s.caught) b.caught++;
  }
  return bins.map((b, i) => ({
    bin: `${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}`,
    calls: b.calls,
    meanP: b.p / Math.max(1, b.calls),
    caughtShare: b.caught / Math.max(1, b.calls),
  }));
}

/** Held-out ETA |error| quantiles over the samples within `maxKmToGo` of the line, s. */
export interface EtaScores {
  readonly maxKmToGo: number;
  readonly samples: number;
  readonly p50: number;
  readonly p95: number;
  /** Median signed error (predicted − real), s. */
  readonly medianBias: number;
  /** |error| p50 and p95 of the naive ETA: the distance left at the group's present speed, s. */
  readonly naiveP50: number;
  readonly naiveP95: number;
}

const quantile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
};

/** Scores pace models on held-out ETA samples, as the harness does: all, last 50 km, last 10 km. */
export function scoreEta(test: readonly EtaSample[], pace: Record<PaceRole, readonly number[]>): EtaScores[] {
  return [Infinity, 50, 10].map((maxKmToGo) => {
    const errors: number[] = [];
    const naive: number[] = [];
    for (const s of test) {
      if (s.kmToGo > maxKmToGo) continue;
      // The engine's own integral (with its 80 km/h cap), so the score is what the snapshot would say.
      const predicted = secondsToFinish(s.route, s.meters, pace[s.role]);
      errors.push(predicted - s.seconds);
      naive.push((s.kmToGo / Math.max(s.speedKmh, 5)) * 3_600 - s.seconds);
    }
    const abs = errors.map(Math.abs);
    const naiveAbs = naive.map(Math.abs);
    return {
      maxKmToGo,
      samples: errors.length,
      p50: quantile(abs, 0.5),
      p95: quantile(abs, 0.95),
      medianBias: quantile(errors, 0.5),
      naiveP50: quantile(naiveAbs, 0.5),
      naiveP95: quantile(naiveAbs, 0.95),
    };
  });
}
