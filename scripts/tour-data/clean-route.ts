import CheapRuler from 'cheap-ruler';
import simplify from 'simplify-js';
import type { RouteFilePoint } from '../../core/tour-config/route-file';

/** What cleaning did to one route, for the build log and docs/data-sources.md. */
export interface CleaningReport {
  readonly pointsIn: number;
  readonly duplicatesRemoved: number;
  readonly negativeElevationRuns: number;
  readonly negativeElevationPoints: number;
  readonly pointsOut: number;
}

/** Horizontal tolerance of the simplification, metres: well under GPS noise (~5 m) and the 60 m off-route bound. */
export const HORIZONTAL_TOLERANCE_METERS = 2;
/** Vertical tolerance of the simplification, metres: the source's elevations are whole metres. */
export const VERTICAL_TOLERANCE_METERS = 1;

/**
 * Cleans a source route with documented rules (docs/data-sources.md), never by hand:
 * 1. consecutive duplicate points (zero-length segments) are dropped;
 * 2. runs of negative elevation are replaced by linear interpolation (by distance) between the valid points around
 *    them: the source's elevation model gives the water surface, not the deck, on bridges (2022 stage 2's Great Belt
 *    bridge reads -52 m), and no road of these routes lies below sea level;
 * 3. the line is simplified twice with simplify-js (Douglas-Peucker), in plan within 2 m and in profile
 *    (distance, elevation) within 1 m, keeping the union of both, so neither the road nor the climbs lose shape.
 */
export function cleanRoute(source: readonly (readonly number[])[]): {
  points: RouteFilePoint[];
  report: CleaningReport;
} {
  const deduped: RouteFilePoint[] = [];
  for (const p of source) {
    const point: RouteFilePoint = [p[0]!, p[1]!, p[2] ?? 0];
    const last = deduped[deduped.length - 1];
    if (last && last[0] === point[0] && last[1] === point[1]) continue;
    deduped.push(point);
  }
  const ruler = new CheapRuler(meanLatitude(deduped), 'meters');
  const along = cumulativeMeters(deduped, ruler);
  const runs = repairNegativeElevation(deduped, along);
  const kept = simplifiedIndexes(deduped, along, ruler);
  const points = kept.map((i) => roundPoint(deduped[i]!));
  return {
    points,
    report: {
      pointsIn: source.length,
      duplicatesRemoved: source.length - deduped.length,
      negativeElevationRuns: runs.length,
      negativeElevationPoints: runs.reduce((n, r) => n + r.end - r.start + 1, 0),
      pointsOut: points.length,
    },
  };
}

function meanLatitude(points: readonly RouteFilePoint[]): number {
  return points.reduce((sum, p) => sum + p[1], 0) / points.length;
}

function cumulativeMeters(points: readonly RouteFilePoint[], ruler: CheapRuler): number[] {
  const along = [0];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    along.push(along[i - 1]! + ruler.distance([a[0], a[1]], [b[0], b[1]]));
  }
  return along;
}

/** Rewrites each run of negative elevations in place; returns the runs (inclusive index ranges). */
function repairNegativeElevation(points: RouteFilePoint[], along: readonly number[]): { start: number; end: number }[] {
  const runs: { start: number; end: number }[] = [];
  for (let i = 0; i < points.length; i++) {
    if (points[i]![2] >= 0) continue;
    let end = i;
    while (end + 1 < points.length && points[end + 1]![2] < 0) end++;
    runs.push({ start: i, end });
    i = end;
  }
  for (const { start, end } of runs) {
    const before = points[start - 1];
    const after = points[end + 1];
    for (let k = start; k <= end; k++) {
      if (before && after) {
        const f = (along[k]! - along[start - 1]!) / (along[end + 1]! - along[start - 1]!);
        points[k]![2] = before[2] + f * (after[2] - before[2]);
      } else {
        points[k]![2] = Math.max(0, (before ?? after)?.[2] ?? 0);
      }
    }
  }
  return runs;
}

function simplifiedIndexes(points: readonly RouteFilePoint[], along: readonly number[], ruler: CheapRuler): number[] {
  const lon0 = points[0]![0];
  const lat0 = points[0]![1];
  const plan = points.map((p, i) => ({ x: (p[0] - lon0) * ruler.kx, y: (p[1] - lat0) * ruler.ky, i }));
  const profile = points.map((p, i) => ({ x: along[i]!, y: p[2], i }));
  const keep = new Set<number>();
  for (const p of simplify(plan, HORIZONTAL_TOLERANCE_METERS, true) as typeof plan) keep.add(p.i);
  for (const p of simplify(profile, VERTICAL_TOLERANCE_METERS, true) as typeof profile) keep.add(p.i);
  return [...keep].sort((a, b) => a - b);
}

function roundPoint(p: RouteFilePoint): RouteFilePoint {
  return [round(p[0], 6), round(p[1], 6), round(p[2], 1)];
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
