/** Reading the stage route the API sends: elevation and gradient at a km, and points along the map's polyline. */

/**
 * Index of the last profile sample at or before `km` (binary search; samples are sorted by km).
 * @param {readonly [number, number][]} profile `[km, elevation m]`
 * @param {number} km
 */
function sampleBefore(profile, km) {
  let lo = 0;
  let hi = profile.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (/** @type {[number, number]} */ (profile[mid])[0] <= km) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Elevation at `km`, m, interpolated between samples (clamped to the route).
 * @param {readonly [number, number][]} profile
 * @param {number} km
 */
export function elevationAt(profile, km) {
  if (profile.length === 0) return 0;
  const i = sampleBefore(profile, km);
  const a = /** @type {[number, number]} */ (profile[i]);
  const b = profile[i + 1];
  if (!b || b[0] === a[0]) return a[1];
  const t = Math.min(1, Math.max(0, (km - a[0]) / (b[0] - a[0])));
  return a[1] + t * (b[1] - a[1]);
}

/**
 * Gradient at `km`, %, over the ~200 m profile step that contains it (positive uphill).
 * @param {readonly [number, number][]} profile
 * @param {number} km
 */
export function gradientAt(profile, km) {
  if (profile.length < 2) return 0;
  const i = Math.min(sampleBefore(profile, km), profile.length - 2);
  const a = /** @type {[number, number]} */ (profile[i]);
  const b = /** @type {[number, number]} */ (profile[i + 1]);
  const meters = (b[0] - a[0]) * 1000;
  return meters > 0 ? ((b[1] - a[1]) / meters) * 100 : 0;
}

/**
 * A polyline with its cumulative length, for placing a distance along it.
 * @typedef {object} MeasuredLine
 * @property {readonly [number, number][]} points projected `[x, y]`
 * @property {number[]} cumulative length from the first point to each point, in the points' units
 */

/**
 * @param {readonly [number, number][]} points
 * @returns {MeasuredLine}
 */
export function measureLine(points) {
  const cumulative = [0];
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = /** @type {[number, number]} */ (points[i - 1]);
    const [x1, y1] = /** @type {[number, number]} */ (points[i]);
    cumulative.push(/** @type {number} */ (cumulative[i - 1]) + Math.hypot(x1 - x0, y1 - y0));
  }
  return { points, cumulative };
}

/**
 * The point at a fraction (0 = start, 1 = finish) of the line's length. The simplified line is shorter than the
 * road, so a rider's km is placed by fraction of the stage, not by absolute length.
 * @param {MeasuredLine} line
 * @param {number} fraction
 * @returns {[number, number]}
 */
export function pointAlong(line, fraction) {
  const { points, cumulative } = line;
  if (points.length === 0) return [0, 0];
  const total = /** @type {number} */ (cumulative[cumulative.length - 1]);
  const target = Math.min(1, Math.max(0, fraction)) * total;
  let i = 1;
  while (i < points.length - 1 && /** @type {number} */ (cumulative[i]) < target) i++;
  const a = /** @type {[number, number]} */ (points[i - 1] ?? points[0]);
  const b = /** @type {[number, number]} */ (points[i] ?? a);
  const start = /** @type {number} */ (cumulative[i - 1] ?? 0);
  const span = /** @type {number} */ (cumulative[i] ?? start) - start;
  const t = span > 0 ? (target - start) / span : 0;
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
}

/**
 * Projects `[lon, lat]` to screen `[x, y]` (equirectangular around the route's middle latitude, y down), fitted
 * into a `width` × `height` box with `padding`. At a stage's scale (≤ 250 km) the distortion is invisible.
 * @param {readonly [number, number][]} lonLat
 * @param {number} width
 * @param {number} height
 * @param {number} padding
 * @returns {(p: readonly [number, number]) => [number, number]}
 */
export function fitProjection(lonLat, width, height, padding) {
  const lons = lonLat.map((p) => p[0]);
  const lats = lonLat.map((p) => p[1]);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * k, 1e-9);
  const spanY = Math.max(maxLat - minLat, 1e-9);
  const scale = Math.min((width - 2 * padding) / spanX, (height - 2 * padding) / spanY);
  const offsetX = (width - spanX * scale) / 2;
  const offsetY = (height - spanY * scale) / 2;
  return (p) => [offsetX + (p[0] - minLon) * k * scale, offsetY + (maxLat - p[1]) * scale];
}
