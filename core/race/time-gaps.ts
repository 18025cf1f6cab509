import { frontGroupPassagesMs, headPassageMs, type HeadPoint } from './head-passages';
import type { RaceState, RiderLiveState } from './race-state';

/** GPS error per unit of HDOP, m (a consumer receiver: ~5 m at HDOP 1). */
export const GPS_ERROR_METERS_PER_HDOP = 5;
/** Growth of a gap's uncertainty per second of fix age, s/s: gaps between groups change by at most ~1 s per 20 s. */
export const GAP_DRIFT_SECONDS_PER_SECOND = 0.05;
/**
 * The published ± is this many standard errors of the GPS part (two: about a 95 % interval). One standard error
 * covered the true gap only 79–86 % of the time in the accuracy harness; two cover 97–98 % (docs/accuracy.md).
 */
export const GAP_CONFIDENCE_SIGMAS = 2;
/** Speed floor for the uncertainty, m/s: a stopped rider's gap is not infinitely uncertain. */
const MIN_UNCERTAINTY_SPEED = 3;

/** A rider's time gap to the head of the race at the same point of the road (DESIGN §3). */
export interface RiderGap {
  readonly bib: number;
  /** Behind the head of the race, s (≥ 0; 0 for the head). */
  readonly gapSeconds: number;
  /**
   * ± s, about a 95 % interval: two standard errors of the GPS error of this rider and of the head at the rider's
   * speed, plus what the fix's age may have changed.
   */
  readonly uncertaintySeconds: number;
}

/** Where the rider is for gaps: a finished rider is at the line at the finish time. */
function pointOf(rider: RiderLiveState, lengthMeters: number): HeadPoint {
  return rider.finishTMs === undefined
    ? { distanceMeters: rider.distanceMeters, tMs: rider.tMs }
    : { distanceMeters: lengthMeters, tMs: rider.finishTMs };
}

/** Returns the head of the race: the furthest rider, first there on a tie; undefined without riders. */
export function headOfRace(state: RaceState, lengthMeters: number): (HeadPoint & { bib: number }) | undefined {
  let head: (HeadPoint & { bib: number }) | undefined;
  for (const rider of Object.values(state.riders)) {
    const p = pointOf(rider, lengthMeters);
    if (
      head === undefined ||
      p.distanceMeters > head.distanceMeters ||
      (p.distanceMeters === head.distanceMeters && (p.tMs < head.tMs || (p.tMs === head.tMs && rider.bib < head.bib)))
    ) {
      head = { ...p, bib: rider.bib };
    }
  }
  return head;
}

/**
 * Returns every rider's gap to the head of the race at `nowMs` (epoch ms), measured at the rider's own live fix:
 * `t − headPassage(x)`, clamped at 0, in bib order.
 */
export function riderGaps(state: RaceState, lengthMeters: number, nowMs: number): RiderGap[] {
  const head = headOfRace(state, lengthMeters);
  if (head === undefined) return [];
  const riders = Object.values(state.riders).sort((a, b) => a.bib - b.bib);
  const step = state.passageStepMeters;
  const passages = frontGroupPassagesMs(state.headPassagesMs, state.secondPassagesMs, state.thirdPassagesMs, step);
  return riders.map((rider) => {
    if (rider.bib === head.bib) return { bib: rider.bib, gapSeconds: 0, uncertaintySeconds: 0 };
    const p = pointOf(rider, lengthMeters);
    const speed = rider.speedMetersPerSecond;
    const passedMs = headPassageMs(passages, step, head, p.distanceMeters, speed);
    const gapSeconds = Math.max(0, (p.tMs - passedMs) / 1_000);
    const gpsSeconds =
      (GAP_CONFIDENCE_SIGMAS * Math.SQRT2 * GPS_ERROR_METERS_PER_HDOP * rider.hdop) /
      Math.max(speed, MIN_UNCERTAINTY_SPEED);
    const ageSeconds = rider.finishTMs === undefined ? Math.max(0, nowMs - rider.tMs) / 1_000 : 0;
    return { bib: rider.bib, gapSeconds, uncertaintySeconds: gpsSeconds + ageSeconds * GAP_DRIFT_SECONDS_PER_SECOND };
  });
}
