import { PREDICTION_COEFFICIENTS } from './coefficients';

/**
 * The catch model: the probability that a group ahead of the peloton is caught by it before the line (logistic
 * regression) and the km to go at the catch (linear regression), on features both the engine and the fitting
 * script compute with `catchFeatures` / `catchKmFeatures`, so training and serving can never drift apart.
 * Model, features, fit and held-out results: docs/predictions.md.
 */

/** What the catch model reads about a group ahead of the peloton (all of it is in the snapshot). */
export interface CatchSituation {
  /** Lead over the peloton, s (≥ 0). */
  readonly gapSeconds: number;
  /** Change of that lead, s per minute (negative: the peloton is closing). 0 when unknown (every group but the head). */
  readonly gapTrendSecondsPerMinute: number;
  /** Distance from the group's head to the finish, km. */
  readonly kmToGo: number;
  /** Riders in the group. */
  readonly groupSize: number;
  /** Climbing left between the group and the finish, m (sum of rises of the route profile). */
  readonly climbMetersAhead: number;
  /** Riders in the peloton (the largest group): a handful in a time trial, where nobody is caught. @default 100 */
  readonly pelotonSize?: number;
  /** True for the group at the head of the race, false for chasers between it and the peloton. @default true */
  readonly isHeadOfRace?: boolean;
  /** Climbing of the whole route, m: how hilly the day is. @default 0 */
  readonly routeClimbMeters?: number;
}

/** Peloton speed assumed to turn a closing rate (s/min) into a catch distance, km per minute (~42 km/h). */
const CHASE_KM_PER_MINUTE = 0.7;

/** Km to go where the gap would close at the present trend, or the whole distance when it does not close. */
export function projectedKmToGoAtCatch(s: CatchSituation): number {
  if (s.gapTrendSecondsPerMinute > -0.5) return 0;
  const minutes = s.gapSeconds / -s.gapTrendSecondsPerMinute;
  return Math.max(0, s.kmToGo - minutes * CHASE_KM_PER_MINUTE);
}

const clampTrend = (trend: number): number => Math.max(-30, Math.min(30, trend));

/** Names of `catchFeatures`, in order (for the fit's tables and docs/predictions.md). */
export const CATCH_FEATURE_NAMES = [
  'bias',
  'gap, min',
  'gap per km to go, s/km ÷ 10',
  'gap trend, s/min ÷ 10',
  'ln group size',
  'lone rider',
  'chasers (not the head of the race)',
  'ln peloton size',
  'km to go ÷ 100',
  'climbing ahead, km',
  'climbing of the route, km',
  'projected lead at the line, s ÷ 300',
] as const;

/**
 * Sign each weight of `catchFeatures` must have (−1: ≤ 0, +1: ≥ 0, 0: free). The fit holds these, so that a larger
 * lead, a growing lead or a nearer line never raise the catch chance, whatever the training sample says.
 */
export const CATCH_FEATURE_SIGNS: readonly number[] = [0, -1, -1, -1, 0, 0, 0, 0, 1, 0, 0, -1];

/**
 * The lead at the line if the peloton keeps closing at the present rate (a growing lead counts as a steady one, so
 * more road left never helps the breakaway), s; floored at −600 s so one noisy trend cannot saturate the model.
 */
export function projectedLeadAtLineSeconds(s: CatchSituation): number {
  const minutesLeft = Math.max(s.kmToGo, 0) / CHASE_KM_PER_MINUTE;
  return Math.max(-600, s.gapSeconds + Math.min(0, clampTrend(s.gapTrendSecondsPerMinute)) * minutesLeft);
}

/** Features of the logistic model (see `CATCH_FEATURE_NAMES`). */
export function catchFeatures(s: CatchSituation): number[] {
  const kmToGo = Math.max(s.kmToGo, 0);
  const size = Math.max(1, s.groupSize);
  return [
    1,
    s.gapSeconds / 60,
    s.gapSeconds / Math.max(kmToGo, 1) / 10,
    clampTrend(s.gapTrendSecondsPerMinute) / 10,
    Math.log(size),
    size === 1 ? 1 : 0,
    s.isHeadOfRace === false ? 1 : 0,
    Math.log(Math.max(1, s.pelotonSize ?? 100)),
    kmToGo / 100,
    s.climbMetersAhead / 1_000,
    (s.routeClimbMeters ?? 0) / 1_000,
    projectedLeadAtLineSeconds(s) / 300,
  ];
}

/** Features of the catch-distance model: bias, km to go (/100), gap (min), trend (/10), projected km to go at the catch (/100). */
export function catchKmFeatures(s: CatchSituation): number[] {
  return [
    1,
    Math.max(s.kmToGo, 0) / 100,
    s.gapSeconds / 60,
    clampTrend(s.gapTrendSecondsPerMinute) / 10,
    projectedKmToGoAtCatch(s) / 100,
  ];
}

/** Dot product of weights and features. */
export function dot(weights: readonly number[], features: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < features.length; i++) sum += (weights[i] ?? 0) * features[i]!;
  return sum;
}

/** The logistic function, safe for large |x|. */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Probability in [0, 1] that the group is caught before the line. */
export function catchProbability(
  s: CatchSituation,
  weights: readonly number[] = PREDICTION_COEFFICIENTS.catchLogit,
): number {
  return sigmoid(dot(weights, catchFeatures(s)));
}

/** Estimated km to go at the catch, within [0, km to go]. */
export function catchKmToGo(
  s: CatchSituation,
  weights: readonly number[] = PREDICTION_COEFFICIENTS.catchKmToGo,
): number {
  return Math.max(0, Math.min(s.kmToGo, dot(weights, catchKmFeatures(s)) * 100));
}
