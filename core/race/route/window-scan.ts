import { segmentAtDistance } from './position';
import type { PreparedRoute } from './types';

/**
 * The best candidate of a scan. The hot path reuses one instance (module scope, single-threaded
 * JS) so that a windowed match allocates nothing but its result.
 */
export interface ScanHit {
  /** Matched segment, or -1 when the window held no segment. */
  segment: number;
  /** Position of the matched point on its segment, 0..1. */
  t: number;
  /** Distance from the fix to the matched point in metres. */
  offRouteMeters: number;
  /** Distance along the route of the matched point in metres. */
  distanceMeters: number;
  /** offRouteMeters plus the jump cost from the last distance, in metres. */
  score: number;
}

/** Returns an empty hit to reuse across scans. */
export function createHit(): ScanHit {
  return { segment: -1, t: 0, offRouteMeters: Infinity, distanceMeters: 0, score: Infinity };
}

/**
 * The window and jump costs of one windowed scan (distances in metres, costs in metres of score per
 * metre of jump). Mutable so that the caller can reuse one instance.
 */
export interface WindowParams {
  /** Last matched distance along the route, within [0, lengthMeters]. */
  lastMeters: number;
  /** Window reach behind the last distance. */
  behindMeters: number;
  /** Window reach ahead of the last distance. */
  aheadMeters: number;
  /** Score added per metre that a candidate lies ahead of the last distance. */
  aheadCost: number;
  /** Score added per metre that a candidate lies behind the last distance. */
  behindCost: number;
  /** Start of the window along the route (set by `scanWindow`). */
  loMeters: number;
  /** End of the window along the route (set by `scanWindow`). */
  hiMeters: number;
}

/**
 * Finds, among the segments of the window [last - behind, last + ahead], the point that minimises
 * score = distance to the fix + jump cost from the last distance, and writes it to `hit`.
 *
 * Why hand-written and not flatbush: the window is a range of route order (a 1-D interval of
 * segment indices), which an R-tree over 2-D boxes cannot answer. Consecutive segments are already
 * spatially coherent, so fixed blocks of them in route order carry a bounding box; a block is
 * skipped when box distance + the least jump cost of its range cannot beat the best score so far.
 * The scan starts at the last distance and walks outwards, so the rider's own stretch of road sets
 * a tight bound first and both walks stop as soon as the jump cost alone exceeds it.
 * Ties keep the first candidate scanned: the last distance's block in route order, then ahead, then behind.
 */
export function scanWindow(route: PreparedRoute, px: number, py: number, w: WindowParams, hit: ScanHit): void {
  const cumulative = route.distanceMeters;
  const boxes = route.blockBoxes;
  const shift = route.blockShift;
  const segments = route.vertexCount - 1;
  const last = w.lastMeters;
  w.loMeters = Math.max(last - w.behindMeters, 0);
  w.hiMeters = Math.min(last + w.aheadMeters, route.lengthMeters);
  const firstSeg = segmentAtDistance(route, w.loMeters);
  const endSeg = segmentAtDistance(route, w.hiMeters) + 1;
  const homeBlock = segmentAtDistance(route, last) >> shift;
  hit.segment = -1;
  hit.score = Infinity;
  hit.offRouteMeters = Infinity;

  const lastBlock = (endSeg - 1) >> shift;
  for (let blk = homeBlock; blk <= lastBlock; blk++) {
    const from = blk << shift;
    const ahead = blk === homeBlock ? 0 : jumpCost(cumulative[from]! - last, w);
    if (ahead >= hit.score) break;
    if (ahead + boxDistance(boxes, blk, px, py) >= hit.score) continue;
    scanSegments(route, px, py, w, Math.max(from, firstSeg), Math.min(from + (1 << shift), endSeg), hit);
  }
  const firstBlock = firstSeg >> shift;
  for (let blk = homeBlock - 1; blk >= firstBlock; blk--) {
    const from = blk << shift;
    const to = Math.min(from + (1 << shift), segments);
    const behind = jumpCost(cumulative[to]! - last, w);
    if (behind >= hit.score) break;
    if (behind + boxDistance(boxes, blk, px, py) >= hit.score) continue;
    scanSegments(route, px, py, w, Math.max(from, firstSeg), to, hit);
  }
}

/** Returns the score in metres of a jump along the route (metres; negative means behind the last distance). */
export function jumpCost(jumpMeters: number, w: WindowParams): number {
  return jumpMeters >= 0 ? jumpMeters * w.aheadCost : -jumpMeters * w.behindCost;
}

/** Returns the planar distance in metres from a point to block `blk`'s bounding box (0 inside it). */
function boxDistance(boxes: Float64Array, blk: number, px: number, py: number): number {
  const o = blk * 4;
  const dx = Math.max(boxes[o]! - px, 0, px - boxes[o + 2]!);
  const dy = Math.max(boxes[o + 1]! - py, 0, py - boxes[o + 3]!);
  return Math.sqrt(dx * dx + dy * dy);
}

/** Scores segments [from, to) against the fix and keeps the best in `hit`. */
function scanSegments(
  route: PreparedRoute,
  px: number,
  py: number,
  w: WindowParams,
  from: number,
  to: number,
  hit: ScanHit,
): void {
  const xs = route.xMeters;
  const ys = route.yMeters;
  const inv = route.segmentInvLengthSq;
  const cumulative = route.distanceMeters;
  const last = w.lastMeters;
  for (let i = from; i < to; i++) {
    const x0 = xs[i]!;
    const y0 = ys[i]!;
    const dx = xs[i + 1]! - x0;
    const dy = ys[i + 1]! - y0;
    let t = ((px - x0) * dx + (py - y0) * dy) * inv[i]!;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const c0 = cumulative[i]!;
    const length = cumulative[i + 1]! - c0;
    let s = c0 + t * length;
    // Only the window's two end segments can stick out of it: clip them to its bounds.
    if (s < w.loMeters || s > w.hiMeters) {
      s = s < w.loMeters ? w.loMeters : w.hiMeters;
      t = length > 0 ? (s - c0) / length : 0;
    }
    const ex = x0 + t * dx - px;
    const ey = y0 + t * dy - py;
    const d2 = ex * ex + ey * ey;
    const best = hit.score;
    // The score is at least the distance, so a segment further than the best score cannot win.
    if (d2 >= best * best) continue;
    const d = Math.sqrt(d2);
    const score = d + jumpCost(s - last, w);
    if (score < best) {
      hit.segment = i;
      hit.t = t;
      hit.offRouteMeters = d;
      hit.distanceMeters = s;
      hit.score = score;
    }
  }
}
