import { pointAtDistance, type GeoPosition, type PreparedRoute } from '../../core/race/index';

export {
  loadRawRoutePoints,
  loadRoutePoints,
  lonLatLine,
  preparedStage,
  referenceMatch,
  routeFilePath,
  type ReferenceMatch,
} from '../../bench/route-input/stage-routes';

/** Returns the point at a distance along the route moved by east/north offsets in metres (cheap-ruler). */
export function offsetPoint(
  route: PreparedRoute,
  distanceMeters: number,
  eastMeters: number,
  northMeters: number,
): GeoPosition {
  const p = pointAtDistance(route, distanceMeters);
  const [lon, lat] = route.ruler.offset([p.lon, p.lat], eastMeters, northMeters);
  return { lon, lat };
}

/** Returns the point at a distance along the route moved sideways (metres, positive to the left of travel). */
export function sidewaysPoint(route: PreparedRoute, distanceMeters: number, leftMeters: number): GeoPosition {
  const p = pointAtDistance(route, distanceMeters);
  const ahead = pointAtDistance(route, distanceMeters + 5);
  const behind = pointAtDistance(route, distanceMeters - 5);
  const bearing = route.ruler.bearing([behind.lon, behind.lat], [ahead.lon, ahead.lat]);
  const [lon, lat] = route.ruler.destination([p.lon, p.lat], leftMeters, bearing - 90);
  return { lon, lat };
}

/** The nearest point of another passage of the route (see `otherPassage`). */
export interface OtherPassage {
  /** Distance from the given point in metres. */
  readonly meters: number;
  /** Distance along the route in metres. */
  readonly distanceMeters: number;
  /** The point itself. */
  readonly point: GeoPosition;
}

/**
 * Returns the nearest point to `point` among the parts of the route in [fromMeters, toMeters] that
 * lie more than `gapMeters` along the route from `alongMeters` (another passage), or undefined.
 * Uses cheap-ruler's own slicing and nearest point, independently of the matcher.
 */
export function otherPassage(
  route: PreparedRoute,
  line: readonly [number, number][],
  point: GeoPosition,
  alongMeters: number,
  gapMeters: number,
  fromMeters: number,
  toMeters: number,
): OtherPassage | undefined {
  const stretches: [number, number][] = [
    [Math.max(0, fromMeters), Math.min(toMeters, alongMeters - gapMeters)],
    [Math.max(fromMeters, alongMeters + gapMeters), Math.min(toMeters, route.lengthMeters)],
  ];
  let nearest: OtherPassage | undefined;
  for (const [from, to] of stretches) {
    if (to <= from) continue;
    const slice = route.ruler.lineSliceAlong(from, to, line);
    if (slice.length < 2) continue;
    const { point: q, index, t } = route.ruler.pointOnLine(slice, [point.lon, point.lat]);
    const meters = route.ruler.distance(q, [point.lon, point.lat]);
    if (nearest !== undefined && nearest.meters <= meters) continue;
    const before = route.ruler.lineDistance(slice.slice(0, index + 1));
    const distanceMeters = from + before + t * route.ruler.distance(slice[index]!, slice[index + 1]!);
    nearest = { meters, distanceMeters, point: { lon: q[0], lat: q[1] } };
  }
  return nearest;
}
