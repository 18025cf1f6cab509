import type { PreparedRoute } from '../route/types';
import { PREDICTION_COEFFICIENTS } from './coefficients';

/**
 * What lies ahead on the route for the predictions: climbing left and the modelled riding time to the finish from
 * any distance, from the route's smoothed gradient profile. Both are suffix sums over the profile intervals,
 * computed once per route and pace model (cached per route object), so a lookup is O(1).
 */

/** Fastest pace the model allows, s/km (80 km/h: riders brake in bends; the simulator caps descents there). */
export const MIN_PACE_SECONDS_PER_KM = 45;

/** Pace on a gradient, s/km: base + up·g⁺ + up2·(g⁺)² + down·g⁻ (g⁻ ≤ 0), never faster than 80 km/h. */
export function paceSecondsPerKm(
  gradientPercent: number,
  pace: readonly number[] = PREDICTION_COEFFICIENTS.pace,
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

const cache = new WeakMap<PreparedRoute, { pace: readonly number[]; terrain: TerrainAhead }>();

/** The suffix sums of `route` for a pace model (cached per route: routes are prepared once per stage). */
export function terrainAhead(
  route: PreparedRoute,
  pace: readonly number[] = PREDICTION_COEFFICIENTS.pace,
): TerrainAhead {
  const hit = cache.get(route);
  if (hit !== undefined && hit.pace === pace) return hit.terrain;
  const grad = route.profileGradientPercent;
  const stepKm = route.profileStepMeters / 1_000;
  const n = grad.length;
  const climbMeters = new Float64Array(n + 1);
  const seconds = new Float64Array(n + 1);
  for (let k = n - 1; k >= 0; k--) {
    const g = grad[k]!;
    climbMeters[k] = climbMeters[k + 1]! + Math.max(0, (g / 100) * route.profileStepMeters);
    seconds[k] = seconds[k + 1]! + paceSecondsPerKm(g, pace) * stepKm;
  }
  const terrain = { climbMeters, seconds };
  cache.set(route, { pace, terrain });
  return terrain;
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
  return at(terrainAhead(route).climbMeters, route, distanceMeters);
}

/** Modelled riding time from `distanceMeters` to the finish, s. */
export function secondsToFinish(
  route: PreparedRoute,
  distanceMeters: number,
  pace: readonly number[] = PREDICTION_COEFFICIENTS.pace,
): number {
  return at(terrainAhead(route, pace).seconds, route, distanceMeters);
}
