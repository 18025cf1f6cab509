import CheapRuler from 'cheap-ruler';
import Flatbush from 'flatbush';
import { RouteInputError } from './errors';
import { buildProfile } from './profile';
import type { PreparedRoute, PrepareRouteOptions, RoutePoint } from './types';

/** Default spacing of the altitude/gradient grid in metres. */
export const DEFAULT_PROFILE_STEP_METERS = 100;
/** Default number of segments per block of the windowed matcher. */
export const DEFAULT_BLOCK_SEGMENTS = 8;

/**
 * Prepares a stage route (start to finish line; lon/lat degrees, elevation metres) once per stage:
 * cumulative distances and a local planar projection from one cheap-ruler at the mean latitude,
 * a smoothed altitude/gradient grid, per-block bounding boxes and a flatbush index of segments.
 * Zero-length segments (repeated points) are allowed. Throws `RouteInputError` for fewer than two
 * points, a non-finite coordinate, a route across the antimeridian or a route of zero length.
 */
export function prepareRoute(points: readonly RoutePoint[], options?: PrepareRouteOptions): PreparedRoute {
  const n = points.length;
  if (n < 2) throw new RouteInputError(`a route needs at least 2 points, received ${n}`);
  const blockSegments = options?.blockSegments ?? DEFAULT_BLOCK_SEGMENTS;
  const blockShift = Math.log2(blockSegments);
  if (!Number.isInteger(blockShift) || blockShift < 0 || blockShift > 12) {
    throw new RouteInputError(`blockSegments must be a power of two from 1 to 4096, received ${blockSegments}`);
  }
  const targetStep = options?.profileStepMeters ?? DEFAULT_PROFILE_STEP_METERS;
  if (!(targetStep > 0)) throw new RouteInputError(`profileStepMeters must be > 0, received ${targetStep}`);

  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  const ele = new Float64Array(n);
  let latSum = 0;
  for (let i = 0; i < n; i++) {
    const [pLon, pLat, pEle] = points[i]!;
    if (!Number.isFinite(pLon) || !Number.isFinite(pLat) || !Number.isFinite(pEle) || Math.abs(pLat) > 90) {
      throw new RouteInputError(`route point ${i} must be finite [lon, lat, ele], received [${points[i]!.join(', ')}]`);
    }
    // The planar projection is not wrapped: a crossing would put the two sides 360° apart.
    if (i > 0 && Math.abs(pLon - lon[i - 1]!) > 180) {
      throw new RouteInputError(`route must not cross the antimeridian, received a jump at point ${i}`);
    }
    lon[i] = pLon;
    lat[i] = pLat;
    ele[i] = pEle;
    latSum += pLat;
  }

  // One ruler for the whole stage: a stage spans < 1° of latitude, which keeps its scale error
  // under 0.1 % (checked against Vincenty in the unit tests) and makes planar and ruler distances equal.
  const ruler = new CheapRuler(latSum / n, 'meters');
  const originLon = lon[0]!;
  const originLat = lat[0]!;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const cumulative = new Float64Array(n);
  const a: [number, number] = [originLon, originLat];
  const b: [number, number] = [originLon, originLat];
  for (let i = 0; i < n; i++) {
    x[i] = (lon[i]! - originLon) * ruler.kx;
    y[i] = (lat[i]! - originLat) * ruler.ky;
    if (i === 0) continue;
    a[0] = lon[i - 1]!;
    a[1] = lat[i - 1]!;
    b[0] = lon[i]!;
    b[1] = lat[i]!;
    cumulative[i] = cumulative[i - 1]! + ruler.distance(a, b);
  }
  const lengthMeters = cumulative[n - 1]!;
  if (!(lengthMeters > 0)) throw new RouteInputError(`a route must have a positive length, received ${lengthMeters} m`);

  const segments = n - 1;
  const invLengthSq = new Float64Array(segments);
  const index = new Flatbush(segments);
  for (let i = 0; i < segments; i++) {
    const dx = x[i + 1]! - x[i]!;
    const dy = y[i + 1]! - y[i]!;
    const lengthSq = dx * dx + dy * dy;
    invLengthSq[i] = lengthSq > 0 ? 1 / lengthSq : 0;
    index.add(
      Math.min(x[i]!, x[i + 1]!),
      Math.min(y[i]!, y[i + 1]!),
      Math.max(x[i]!, x[i + 1]!),
      Math.max(y[i]!, y[i + 1]!),
    );
  }
  index.finish();

  const profile = buildProfile(cumulative, ele, lengthMeters, targetStep);
  return {
    vertexCount: n,
    lengthMeters,
    lon,
    lat,
    eleMeters: ele,
    distanceMeters: cumulative,
    xMeters: x,
    yMeters: y,
    segmentInvLengthSq: invLengthSq,
    originLon,
    originLat,
    kx: ruler.kx,
    ky: ruler.ky,
    ruler,
    blockSegments,
    blockShift,
    blockBoxes: blockBoxes(x, y, blockSegments),
    index,
    profileStepMeters: profile.stepMeters,
    profileAltitudeMeters: profile.altitudeMeters,
    profileGradientPercent: profile.gradientPercent,
    minAltitudeMeters: profile.minAltitudeMeters,
    maxAltitudeMeters: profile.maxAltitudeMeters,
    climbingMeters: profile.climbingMeters,
  };
}

/** Returns, per block of `blockSegments` consecutive segments, its planar box (minX, minY, maxX, maxY). */
function blockBoxes(x: Float64Array, y: Float64Array, blockSegments: number): Float64Array {
  const segments = x.length - 1;
  const blocks = Math.ceil(segments / blockSegments);
  const boxes = new Float64Array(blocks * 4);
  for (let blk = 0; blk < blocks; blk++) {
    const first = blk * blockSegments;
    const lastVertex = Math.min(first + blockSegments, segments);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let v = first; v <= lastVertex; v++) {
      minX = Math.min(minX, x[v]!);
      minY = Math.min(minY, y[v]!);
      maxX = Math.max(maxX, x[v]!);
      maxY = Math.max(maxY, y[v]!);
    }
    boxes.set([minX, minY, maxX, maxY], blk * 4);
  }
  return boxes;
}
