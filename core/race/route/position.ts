import { RouteInputError } from './errors';
import type { GeoPosition, PreparedRoute } from './types';

/**
 * Returns the index of the segment that contains a distance along the route (metres): the last
 * segment i with distanceMeters[i] <= distance, clamped to [0, vertexCount - 2].
 */
export function segmentAtDistance(route: PreparedRoute, distanceMeters: number): number {
  const cumulative = route.distanceMeters;
  let lo = 0;
  let hi = route.vertexCount - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (cumulative[mid]! <= distanceMeters) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Returns the position (degrees) at a distance along the route in metres, clamped to
 * [0, lengthMeters]; linear between vertices, which are at most a few tens of metres apart.
 */
export function pointAtDistance(route: PreparedRoute, distanceMeters: number): GeoPosition {
  if (!Number.isFinite(distanceMeters)) {
    throw new RouteInputError(`distanceMeters must be a finite number, received ${distanceMeters}`);
  }
  const d = Math.min(Math.max(distanceMeters, 0), route.lengthMeters);
  const i = segmentAtDistance(route, d);
  const d0 = route.distanceMeters[i]!;
  const len = route.distanceMeters[i + 1]! - d0;
  const t = len > 0 ? (d - d0) / len : 0;
  const lon0 = route.lon[i]!;
  const lat0 = route.lat[i]!;
  return { lon: lon0 + (route.lon[i + 1]! - lon0) * t, lat: lat0 + (route.lat[i + 1]! - lat0) * t };
}
