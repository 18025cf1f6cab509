import type { GroupKind } from '../groups';
import type { PreparedRoute } from '../route/types';
import { PREDICTION_COEFFICIENTS } from './coefficients';

/**
 * What lies ahead on the route for the predictions: climbing left and the modelled riding time to the finish from
 * any distance, from the route's smoothed gradient profile. Both are suffix sums over the profile intervals,
 * computed once per route and pace model (cached per route object), so a lookup is O(1).
 */

/** Fastest pace the model allows, s/km (80 km/h: riders brake in bends; the simulator caps descents there). */
export const MIN_PACE_SECONDS_PER_KM = 45;

/**
 * Which pace model rides a group: groups ahead of the peloton, the peloton, the two kinds of group behind it, and
 * riders alone on the road (a time trial).
 */
export type PaceRole = keyof typeof PREDICTION_COEFFICIENTS.pace;

/**
 * When no group on the road has more than this many riders, everyone rides alone: a time trial (or the last
 * stragglers of a road stage). In the simulated Tour the largest group of a time trial has 1–3 riders, of a road
 * stage 20 or more until its finale.
 */
export const SOLO_MAX_LARGEST_GROUP = 3;

/** The pace role of a group of `kind` when the largest group on the road has `largestGroupSize` riders. */
export function paceRoleOf(kind: GroupKind, largestGroupSize = Infinity): PaceRole {
  if (largestGroupSize <= SOLO_MAX_LARGEST_GROUP) return 'solo';
  return kind === 'breakaway' || kind === 'chasers' ? 'ahead' : kind;
}

/** Pace on a gradient, s/km: base + up·g⁺ + up2·(g⁺)² + down·g⁻ (g⁻ ≤ 0), never faster than 80 km/h. */
export function paceSecondsPerKm(
  gradientPercent: number,
  pace: readonly number[] = PREDICTION_COEFFICIENTS.pace.peloton,
): number {
  const up = Math.max(gradientPercent, 0);
  const down = Math.min(gradientPercent, 0);
  const p = (pace[0] ?? 0) + (pace[1] ?? 0) * up + (pace[2] ?? 0) * up * up + (pace[3] ?? 0) * down;
  return Math.max(MIN_PACE_SECONDS_PER_KM, p);
}

/** Suffix sums over the profile intervals of a route. */
export interface TerrainAhead {
  /** Climbing from profile node k to the finish, m. */
  readonly climbMeters: Float64Array;
  /** Modelled riding time from profile node k to the finish, s. */
  readonly seconds: Float64Array;
}

/** Per route: the climbing suffix sum and one riding-time suffix sum per pace model asked for. */
const cache = new WeakMap<
  PreparedRoute,
  { climbMeters: Float64Array; seconds: Map<readonly number[], Float64Array> }
>();

function cached(route: PreparedRoute): { climbMeters: Float64Array; seconds: Map<readonly number[], Float64Array> } {
  const hit = cache.get(route);
  if (hit !== undefined) return hit;
  const grad = route.profileGradientPercent;
  const climbMeters = new Float64Array(grad.length + 1);
  for (let k = grad.length - 1; k >= 0; k--)
    climbMeters[k] = climbMeters[k + 1]! + Math.max(0, (grad[k]! / 100) * route.profileStepMeters);
  const entry = { climbMeters, seconds: new Map<readonly number[], Float64Array>() };
  cache.set(route, entry);
  return entry;
}

/** The suffix sums of `route` for a pace model (cached per route and pace array: routes are prepared once per stage). */
export function terrainAhead(
  route: PreparedRoute,
  pace: readonly number[] = PREDICTION_COEFFICIENTS.pace.peloton,
): TerrainAhead {
  const entry = cached(route);
  let seconds = entry.seconds.get(pace);
  if (seconds === undefined) {
    const grad = route.profileGradientPercent;
    const stepKm = route.profileStepMeters / 1_000;
    seconds = new Float64Array(grad.length + 1);
    for (let k = grad.length - 1; k >= 0; k--) seconds[k] = seconds[k + 1]! + paceSecondsPerKm(grad[k]!, pace) * stepKm;
    entry.seconds.set(pace, seconds);
  }
  return { climbMeters: entry.climbMeters, seconds };
}

/** Linear read of a suffix sum at a distance, m (clamped to the route). */
function at(values: Float64Array, route: PreparedRoute, distanceMeters: number): number {
  const n = values.length - 1;
  const x = Math.min(Math.max(distanceMeters / route.profileStepMeters, 0), n);
  const k = Math.min(Math.floor(x), n - 1);
  if (k < 0) return 0;
  return values[k]! + (values[k + 1]! - values[k]!) * (x - k);
}

/** Climbing left from `distanceMeters` to the finish, m. */
export function climbMetersAhead(route: PreparedRoute, distanceMeters: number): number {
  return at(cached(route).climbMeters, route, distanceMeters);
}

/** Modelled riding time from `distanceMeters` to the finish, s (the peloton's pace unless another is given). */
export function secondsToFinish(
  route: PreparedRoute,
  distanceMeters: number,
  pace: readonly number[] = PREDICTION_COEFFICIENTS.pace.peloton,
): number {
  return at(terrainAhead(route, pace).seconds, route, distanceMeters);
}
