import type { RoutePoint } from '../../core/race';
import { TourTrackerError } from '../../core/errors';

/** A rider position with the feed's own distance from the start, as the route builder reads it. */
export interface TrackPoint {
  readonly lat: number;
  readonly lon: number;
  /** The feed's DistanceFromStart, km. */
  readonly distanceKm: number;
}

/** Options of `routeFromTracks`. */
export interface RouteFromTracksOptions {
  /** Width of a distance bin, m. @default 50 - several positions per bin at a ~15 s poll, still well under a bend */
  readonly binMeters?: number;
  /** Fewest positions for a bin to become a vertex. @default 3 - one rider's lost GPS cannot make a vertex alone */
  readonly minPointsPerBin?: number;
  /** Bins on each side in the moving average. @default 1 - takes out the median's jitter, cuts a bend by < 10 m */
  readonly smoothBins?: number;
}

/** A route rebuilt from riders' tracks: vertices for `prepareRoute` and the feed's km at each vertex. */
export interface TrackRoute {
  /** Vertices [lon, lat, 0]: the feed has no altitude column, so elevation is flat. */
  readonly points: readonly RoutePoint[];
  /** The feed's distance from the start at each vertex, km, non-decreasing. */
  readonly feedKm: readonly number[];
}

/** Too few positions to rebuild a route; the message gives how many there were. */
export class TrackRouteError extends TourTrackerError {
  constructor(message: string) {
    super(message);
    this.name = 'TrackRouteError';
  }
}

const median = (sorted: readonly number[]): number => {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const medianOf = (values: number[]): number => median(values.sort((a, b) => a - b));

/**
 * Rebuilds a stage route from every rider's positions, for stages with no route file (2017). Written by hand:
 * simplify-js and flatbush simplify or index a line we already have; here the line has to be found first.
 *
 * Method: the feed gives each position its own DistanceFromStart, so positions of all riders at all times fall
 * along one axis. Bin them by that distance (`binMeters`); a bin's vertex is the median latitude and median
 * longitude of its positions (robust to a few riders with bad GPS or in a team car), at the median feed km. Bins with
 * fewer than `minPointsPerBin` positions are dropped, so the line jumps straight over them. Then a centred moving
 * average over ±`smoothBins` bins takes out the medians' jitter. The route's own length comes out a little shorter
 * than the feed's (smoothing cuts bends), so instead of trusting it the feed km of each vertex is kept: engine
 * distances are mapped back to feed km by `feedKmAt` (piecewise linear between vertices).
 * @throws TrackRouteError with fewer than two usable bins
 */
export function routeFromTracks(positions: readonly TrackPoint[], options: RouteFromTracksOptions = {}): TrackRoute {
  const binMeters = options.binMeters ?? 50;
  const minPoints = options.minPointsPerBin ?? 3;
  const smooth = options.smoothBins ?? 1;
  const bins = new Map<number, { lat: number[]; lon: number[]; km: number[] }>();
  for (const p of positions) {
    if (!Number.isFinite(p.distanceKm) || !Number.isFinite(p.lat) || !Number.isFinite(p.lon)) continue;
    const key = Math.floor((p.distanceKm * 1_000) / binMeters);
    let bin = bins.get(key);
    if (bin === undefined) bins.set(key, (bin = { lat: [], lon: [], km: [] }));
    bin.lat.push(p.lat);
    bin.lon.push(p.lon);
    bin.km.push(p.distanceKm);
  }
  const centres = [...bins.entries()]
    .filter(([, b]) => b.lat.length >= minPoints)
    .sort(([a], [b]) => a - b)
    .map(([, b]) => ({ lat: medianOf(b.lat), lon: medianOf(b.lon), km: medianOf(b.km) }));
  if (centres.length < 2) {
    throw new TrackRouteError(
      `a route needs at least 2 bins of ${minPoints}+ positions, found ${centres.length} from ${positions.length} positions`,
    );
  }
  const points: RoutePoint[] = [];
  const feedKm: number[] = [];
  let lastKm = Number.NEGATIVE_INFINITY;
  centres.forEach((c, i) => {
    let lat = 0;
    let lon = 0;
    let n = 0;
    for (let j = Math.max(0, i - smooth); j <= Math.min(centres.length - 1, i + smooth); j++) {
      lat += centres[j]!.lat;
      lon += centres[j]!.lon;
      n++;
    }
    // The ends keep their own medians: averaging there would pull the start and finish inward.
    const isEnd = i === 0 || i === centres.length - 1;
    points.push([isEnd ? c.lon : lon / n, isEnd ? c.lat : lat / n, 0]);
    lastKm = Math.max(lastKm, c.km);
    feedKm.push(lastKm);
  });
  return { points, feedKm };
}

/**
 * Maps a distance along the rebuilt route (m, as `prepareRoute` measured it: `vertexMeters[i]` at vertex i) to the
 * feed's km, interpolating between vertices and extrapolating 1:1 beyond the ends.
 */
export function feedKmAt(route: TrackRoute, vertexMeters: ArrayLike<number>, meters: number): number {
  const n = route.feedKm.length;
  if (meters <= vertexMeters[0]!) return route.feedKm[0]! + (meters - vertexMeters[0]!) / 1_000;
  if (meters >= vertexMeters[n - 1]!) return route.feedKm[n - 1]! + (meters - vertexMeters[n - 1]!) / 1_000;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (vertexMeters[mid]! <= meters) lo = mid;
    else hi = mid;
  }
  const span = vertexMeters[hi]! - vertexMeters[lo]!;
  const f = span > 0 ? (meters - vertexMeters[lo]!) / span : 0;
  return route.feedKm[lo]! + f * (route.feedKm[hi]! - route.feedKm[lo]!);
}
