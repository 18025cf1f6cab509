import { PREDICTION_COEFFICIENTS } from './coefficients';

/**
 * The catch model: the probability that a group ahead of the peloton is caught before the line (logistic
 * regression) and the km to go at the catch (linear regression), on features both the engine and the fitting
 * script compute with `catchFeatures` / `catchKmFeatures`, so training and serving can never drift apart.
 */

/** What the catch model reads about a group ahead of the peloton. */
export interface CatchSituation {
  /** Lead over the peloton, s (≥ 0). */
  readonly gapSeconds: number;
  /** Change of that lead, s per minute (negative: the peloton is closing). 0 when unknown. */
  readonly gapTrendSecondsPerMinute: number;
  /** Distance from the group's head to the finish, km. */
  readonly kmToGo: number;
  /** Riders in the group. */
  readonly groupSize: number;
  /** Climbing left between the group and the finish, m (sum of rises of the route profile). */
  readonly climbMetersAhead: number;
}

/** Peloton speed assumed to turn a closing rate (s/min) into a catch distance, km per minute (~42 km/h). */
const CHASE_KM_PER_MINUTE = 0.7;

/** Km to go where the gap would close at the present trend, or the whole distance when it does not close. */
export function projectedKmToGoAtCatch(s: CatchSituation): number {
  if (s.gapTrendSecondsPerMinute > -0.5) return 0;
  const minutes = s.gapSeconds / -s.gapTrendSecondsPerMinute;
  return Math.max(0, s.kmToGo - minutes * CHASE_KM_PER_MINUTE);
}

/**
 * Features of the logistic model: bias, gap (min), gap per km to go (s/km, /10), trend (/10), ln size, climbing
 * (km). Km to go enters only through the gap per km: on its own its fitted sign made a closer finish *raise* the
 * catch chance at small gaps, which no fan would believe; through the ratio, the chance falls as the line nears.
 */
export function catchFeatures(s: CatchSituation): number[] {
  const kmToGo = Math.max(s.kmToGo, 0);
  return [
    1,
    s.gapSeconds / 60,
    s.gapSeconds / Math.max(kmToGo, 1) / 10,
    Math.max(-30, Math.min(30, s.gapTrendSecondsPerMinute)) / 10,
    Math.log(Math.max(1, s.groupSize)),
    s.climbMetersAhead / 1_000,
  ];
}

/** Features of the catch-distance model: bias, km to go (/100), gap (min), trend (/10), projected km to go at the catch (/100). */
export function catchKmFeatures(s: CatchSituation): number[] {
  return [
    1,
    Math.max(s.kmToGo, 0) / 100,
    s.gapSeconds / 60,
    Math.max(-30, Math.min(30, s.gapTrendSecondsPerMinute)) / 10,
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
