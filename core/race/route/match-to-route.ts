import { RouteInputError } from './errors';
import { findPassages, type Passage } from './passages';
import { altitudeAt, gradientAt } from './profile';
import type { GeoPosition, MatchAmbiguity, MatchOptions, MatchSource, PreparedRoute, RouteMatch } from './types';
import { createHit, jumpCost, scanWindow, type WindowParams } from './window-scan';

/** Default off-route threshold in metres (DESIGN §4). */
export const DEFAULT_OFF_ROUTE_METERS = 60;
/** Default reach of the window behind the last distance, in metres. */
export const DEFAULT_BEHIND_METERS = 1000;
/** Default (and widest) reach of the window ahead of the last distance, in metres. */
export const DEFAULT_AHEAD_METERS = 5000;
/** Default fastest progress along the route in m/s, to narrow the window from `elapsedMs`. */
export const DEFAULT_MAX_SPEED_METERS_PER_SECOND = 35;
/** Added to the distance reachable in `elapsedMs`: GPS error of both fixes and of the last match (m). */
export const AHEAD_MARGIN_METERS = 100;
/** Default tolerance in metres within which passages of the route count as ambiguous. */
export const DEFAULT_PASSAGE_TOLERANCE_METERS = 20;
/** Default score in metres of a jump to the far end of the window ahead. */
export const DEFAULT_AHEAD_JUMP_COST_METERS = 10;
/** Default score in metres per metre of jump behind the last distance. */
export const DEFAULT_BEHIND_JUMP_COST = 0.1;

// Reused by every windowed match so that the hot path allocates only its result (single-threaded).
const params: WindowParams = {
  lastMeters: 0,
  behindMeters: 0,
  aheadMeters: 0,
  aheadCost: 0,
  behindCost: 0,
  loMeters: 0,
  hiMeters: 0,
};
const hit = createHit();

/**
 * Matches a GPS fix (degrees) to a prepared route and returns distance done and to go, off-route
 * distance (metres), smoothed altitude and gradient, and the snapped position (DESIGN §4).
 *
 * - Windowed (a last distance in metres is given): the match is the point of the window
 *   [last - behind, last + ahead] that minimises distance to the fix + jump cost (up to
 *   `aheadJumpCostMeters` across the window ahead, `behindJumpCost` per metre behind), so that laps,
 *   out-and-back roads and carriageways a few metres apart stay on the rider's own passage. Pass
 *   `elapsedMs` so that the window ahead ends where the rider could have got to.
 * - Fallback (that point is further than `offRouteMeters`): of the passages of the whole route
 *   within `passageToleranceMeters` of the nearest, the one with the lowest score from the last
 *   distance wins, so a stale last distance moves on to the next plausible lap, not back to lap 1.
 * - Cold (no last distance): the nearest passage wins (ties: the earliest), and `ambiguity` says
 *   how many passages were that close and where the runner-up is.
 *
 * An off-route fix is still matched and reported with its distance, never snapped silently.
 */
export function matchToRoute(
  route: PreparedRoute,
  fix: GeoPosition,
  lastDistanceMeters: number | undefined,
  options?: MatchOptions,
): RouteMatch {
  const px = (fix.lon - route.originLon) * route.kx;
  const py = (fix.lat - route.originLat) * route.ky;
  if (!Number.isFinite(px) || !Number.isFinite(py)) {
    throw new RouteInputError(`fix must have finite lon and lat, received ${fix.lon}, ${fix.lat}`);
  }
  const offRouteMeters = options?.offRouteMeters ?? DEFAULT_OFF_ROUTE_METERS;
  const tolerance = options?.passageToleranceMeters ?? DEFAULT_PASSAGE_TOLERANCE_METERS;
  if (lastDistanceMeters === undefined) {
    const passages = findPassages(route, px, py, tolerance);
    const best = pickPassage(passages, (p) => p.offRouteMeters);
    return toMatch(route, best, offRouteMeters, 'cold', ambiguityOf(passages, best));
  }
  if (!Number.isFinite(lastDistanceMeters)) {
    throw new RouteInputError(`lastDistanceMeters must be finite or undefined, received ${lastDistanceMeters}`);
  }
  const last = Math.min(Math.max(lastDistanceMeters, 0), route.lengthMeters);
  params.lastMeters = last;
  const ahead = aheadMeters(options);
  params.behindMeters = options?.behindMeters ?? DEFAULT_BEHIND_METERS;
  params.aheadMeters = ahead;
  params.aheadCost =
    options?.aheadJumpCostPerMeter ??
    (options?.aheadJumpCostMeters ?? DEFAULT_AHEAD_JUMP_COST_METERS) / Math.max(ahead, 1);
  params.behindCost = options?.behindJumpCost ?? DEFAULT_BEHIND_JUMP_COST;
  scanWindow(route, px, py, params, hit);
  if (hit.offRouteMeters <= offRouteMeters) {
    return toMatch(route, hit, offRouteMeters, 'window', undefined);
  }
  const passages = findPassages(route, px, py, tolerance);
  const best = pickPassage(passages, (p) => p.offRouteMeters + jumpCost(p.distanceMeters - last, params));
  return toMatch(route, best, offRouteMeters, 'global', ambiguityOf(passages, best));
}

/** Returns the reach of the window ahead in metres: the widest, or what `elapsedMs` allows. */
function aheadMeters(options: MatchOptions | undefined): number {
  const widest = options?.aheadMeters ?? DEFAULT_AHEAD_METERS;
  const elapsedMs = options?.elapsedMs;
  if (elapsedMs === undefined) return widest;
  if (!(elapsedMs >= 0)) throw new RouteInputError(`elapsedMs must be >= 0 or undefined, received ${elapsedMs}`);
  const speed = options?.maxSpeedMetersPerSecond ?? DEFAULT_MAX_SPEED_METERS_PER_SECOND;
  return Math.min(widest, (speed * elapsedMs) / 1000 + AHEAD_MARGIN_METERS);
}

/** Scores closer than this (metres) are a tie: rounding must not pick a later lap of identical geometry. */
const TIE_METERS = 1e-6;

/** Returns the passage with the lowest score; on a tie the earliest in route order. */
function pickPassage(passages: readonly Passage[], score: (p: Passage) => number): Passage {
  let best = passages[0]!;
  let bestScore = score(best);
  for (let k = 1; k < passages.length; k++) {
    const candidate = passages[k]!;
    const s = score(candidate);
    if (s < bestScore - TIE_METERS) {
      best = candidate;
      bestScore = s;
    }
  }
  return best;
}

/** Describes the passages other than the chosen one; the runner-up is the nearest of them. */
function ambiguityOf(passages: readonly Passage[], chosen: Passage): MatchAmbiguity {
  let runnerUp: Passage | undefined;
  for (const p of passages) {
    if (p !== chosen && (runnerUp === undefined || p.offRouteMeters < runnerUp.offRouteMeters)) runnerUp = p;
  }
  return {
    passages: passages.length,
    runnerUpDistanceMeters: runnerUp?.distanceMeters,
    runnerUpOffRouteMeters: runnerUp?.offRouteMeters,
  };
}

/** Builds the public result for the point at `t` along segment `segment`. */
function toMatch(
  route: PreparedRoute,
  point: Passage,
  offRouteMeters: number,
  source: MatchSource,
  ambiguity: MatchAmbiguity | undefined,
): RouteMatch {
  const i = point.segment;
  const t = point.t;
  const distanceMeters = Math.min(point.distanceMeters, route.lengthMeters);
  const lon0 = route.lon[i]!;
  const lat0 = route.lat[i]!;
  return {
    distanceMeters,
    distanceToGoMeters: route.lengthMeters - distanceMeters,
    offRouteMeters: point.offRouteMeters,
    isOffRoute: point.offRouteMeters > offRouteMeters,
    altitudeMeters: altitudeAt(route, distanceMeters),
    gradientPercent: gradientAt(route, distanceMeters),
    lon: lon0 + (route.lon[i + 1]! - lon0) * t,
    lat: lat0 + (route.lat[i + 1]! - lat0) * t,
    segmentIndex: i,
    source,
    ambiguity,
  };
}
