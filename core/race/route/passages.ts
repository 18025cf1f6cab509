import type { PreparedRoute } from './types';

/** The nearest point of one passage of the route near a fix. */
export interface Passage {
  /** Segment of the passage's nearest point. */
  segment: number;
  /** Position of that point on its segment, 0..1. */
  t: number;
  /** Distance from the fix to that point in metres. */
  offRouteMeters: number;
  /** Distance along the route of that point in metres. */
  distanceMeters: number;
}

/**
 * Nearest points closer than this along the route are one passage (metres): a road that wiggles
 * at the edge of the tolerance is not two laps.
 */
export const PASSAGE_GAP_METERS = 100;

/**
 * Returns every passage of the route whose nearest point lies within `toleranceMeters` of the
 * nearest point of the whole route to (px, py), in route order. A passage is a stretch of the
 * route within that distance: laps, out-and-back legs and hairpin legs are separate passages.
 *
 * The flatbush nearest-box query gives an upper bound on the nearest distance in one step; one box
 * search of that bound plus the tolerance then holds every candidate, however far the fix is from
 * the route, so no "widen until found" loop is needed.
 */
export function findPassages(route: PreparedRoute, px: number, py: number, toleranceMeters: number): Passage[] {
  const nearest = route.index.neighbors(px, py, 1);
  const probe = projectOnSegment(route, nearest[0] ?? 0, px, py);
  const r = probe.offRouteMeters + toleranceMeters;
  const ids = route.index.search(px - r, py - r, px + r, py + r).sort((a, b) => a - b);
  const candidates: Passage[] = [];
  let nearestMeters = Infinity;
  for (const id of ids) {
    const c = projectOnSegment(route, id, px, py);
    if (c.offRouteMeters > r) continue;
    candidates.push(c);
    if (c.offRouteMeters < nearestMeters) nearestMeters = c.offRouteMeters;
  }
  const limit = nearestMeters + toleranceMeters;
  const passages: Passage[] = [];
  let current: Passage | undefined;
  let previous: Passage | undefined;
  for (const c of candidates) {
    if (c.offRouteMeters > limit) continue;
    if (current === undefined || startsNewPassage(route, px, py, limit, previous!, c)) {
      current = { ...c };
      passages.push(current);
    } else if (c.offRouteMeters < current.offRouteMeters) {
      Object.assign(current, c);
    }
    previous = c;
  }
  return passages;
}

/**
 * Tells whether candidate `next` (a later segment) is on another passage than `previous`: the route
 * must leave the tolerance circle between them (a segment in between is not a candidate, or their
 * shared vertex is outside) and their nearest points must be PASSAGE_GAP_METERS apart along it.
 */
function startsNewPassage(
  route: PreparedRoute,
  px: number,
  py: number,
  limit: number,
  previous: Passage,
  next: Passage,
): boolean {
  if (next.distanceMeters - previous.distanceMeters <= PASSAGE_GAP_METERS) return false;
  if (next.segment > previous.segment + 1) return true;
  const shared = next.segment;
  return Math.hypot(route.xMeters[shared]! - px, route.yMeters[shared]! - py) > limit;
}

/** Returns the point of segment i nearest to (px, py), in the route's planar metres. */
export function projectOnSegment(route: PreparedRoute, i: number, px: number, py: number): Passage {
  const xs = route.xMeters;
  const ys = route.yMeters;
  const x0 = xs[i]!;
  const y0 = ys[i]!;
  const dx = xs[i + 1]! - x0;
  const dy = ys[i + 1]! - y0;
  const t = Math.min(Math.max(((px - x0) * dx + (py - y0) * dy) * route.segmentInvLengthSq[i]!, 0), 1);
  const c0 = route.distanceMeters[i]!;
  return {
    segment: i,
    t,
    offRouteMeters: Math.hypot(x0 + t * dx - px, y0 + t * dy - py),
    distanceMeters: c0 + t * (route.distanceMeters[i + 1]! - c0),
  };
}
