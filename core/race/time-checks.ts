import type { RaceFix, RiderLiveState } from './race-state';

/**
 * Time trials (DESIGN §3 applied against the clock): riders start one by one, so a gap on the road says when a
 * rider started, not how fast he is. What fans follow is each rider's time on course against the fastest at the
 * same point, as TV's time checks give it. Each rider keeps his own clock: the time he crossed the start mark and his
 * elapsed time at every time check (each kilometre) and at the finish, interpolated between fixes. The fastest at a
 * time check is the smallest elapsed time of any rider there, read from the riders themselves, so nothing beyond the
 * riders' states has to be stored or merged.
 */

/**
 * A rider's time-trial clock starts as he crosses this mark, m: far enough off the ramp that a rider standing on it
 * with 5 m of GPS noise is never taken for gone (any fixed mark cancels out between riders).
 */
export const TIME_TRIAL_START_METERS = 50;
/**
 * The start crossing is interpolated only over a short move, ms, or over a longer one at least `MIN_START_MOVE_SPEED`
 * fast on average. A tracker silent on the ramp and first heard 100 m down the road half a minute later would spread
 * the wait over the ride and start the clock far too early: a long, slow move means the rider stood for part of it.
 * A rider whose start was not seen has no clock.
 */
export const MAX_START_SPAN_MS = 5_000;
/** m/s (18 km/h): a rider needs about 6 s for the first 50 m from a standstill. */
export const MIN_START_MOVE_SPEED = 5;
/** Time checks every this many metres of the route. */
export const TIME_CHECK_STEP_METERS = 1_000;
/** No time check this close to the finish, m: the finish itself is the last. */
export const LAST_CHECK_BEFORE_FINISH_METERS = 100;

/** What the time checks read and write of a rider while `applyFixes` updates him. */
export interface TimeCheckRider {
  timeTrialStartMs?: number;
  timeTrialDevice?: string;
  timeChecksMs?: readonly (number | null)[];
  timeTrialElapsedMs?: number;
}

/**
 * A move of a rider from (fromMeters, fromClockMs) to (toMeters, toClockMs), times on the clock of the device his
 * time-trial clock started on: on one tracker's own clock elapsed times are exact whatever its skew, which the engine
 * learns only after some fixes (a tracker 25 s off, corrected only after the start, put a rider's start 25 s early).
 */
export interface ClockMove {
  readonly device: string;
  readonly fromMeters: number;
  readonly fromClockMs: number;
  readonly toMeters: number;
  readonly toClockMs: number;
  /** The finish crossing on the same clock when this move crossed the line. */
  readonly finishClockMs?: number;
}

/**
 * Records the start, the time checks and the finish a rider crossed in `move`, each crossing interpolated. The checks
 * array is replaced, never written in place (it may be the stored state's). A rider first seen past the start mark
 * (a tracker switched on late) gets no clock: his time on course is not known.
 */
export function recordTimeChecks(rider: TimeCheckRider, move: ClockMove, routeLengthMeters: number): void {
  const { fromMeters, fromClockMs, toMeters, toClockMs } = move;
  if (!(toMeters > fromMeters) || !(toClockMs > fromClockMs)) return;
  const at = (meters: number): number =>
    fromClockMs + ((meters - fromMeters) / (toMeters - fromMeters)) * (toClockMs - fromClockMs);
  if (rider.timeTrialStartMs === undefined) {
    if (!(fromMeters < TIME_TRIAL_START_METERS && toMeters >= TIME_TRIAL_START_METERS)) return;
    const spanMs = toClockMs - fromClockMs;
    if (spanMs > MAX_START_SPAN_MS && ((toMeters - fromMeters) / spanMs) * 1_000 < MIN_START_MOVE_SPEED) return;
    rider.timeTrialStartMs = Math.round(at(TIME_TRIAL_START_METERS));
    rider.timeTrialDevice = move.device;
  }
  const start = rider.timeTrialStartMs;
  if (move.finishClockMs !== undefined && rider.timeTrialElapsedMs === undefined) {
    rider.timeTrialElapsedMs = Math.round(move.finishClockMs) - start;
  }
  const first = Math.floor(fromMeters / TIME_CHECK_STEP_METERS) + 1;
  const last = Math.floor(
    Math.min(toMeters, routeLengthMeters - LAST_CHECK_BEFORE_FINISH_METERS) / TIME_CHECK_STEP_METERS,
  );
  if (last < first) return;
  const checks: (number | null)[] = [...(rider.timeChecksMs ?? [])];
  for (let k = first; k <= last; k++) {
    // Check k is index k − 1; a hole (a move refused as impossible) stays null.
    while (checks.length < k - 1) checks.push(null);
    if (checks.length === k - 1) checks.push(Math.round(at(k * TIME_CHECK_STEP_METERS)) - start);
  }
  rider.timeChecksMs = checks;
}

/** A live move of a rider as `applyFixes` sees it (before the rider's live fields are updated to it). */
export interface LiveMove {
  readonly fix: RaceFix;
  /** The fix's time corrected for its tracker's skew, epoch ms. */
  readonly tMs: number;
  readonly fromMeters: number;
  /** The previous live fix's corrected time, epoch ms. */
  readonly fromTMs: number;
  readonly toMeters: number;
  /** Current skew correction of the device the rider's clock started on, when it is not this fix's device, ms. */
  readonly startSkewMs?: number;
}

/**
 * Records a live move on the clock of the device the rider's time-trial clock started on: the tracker's own times
 * while the same tracker carries him; after a bike change, the corrected times shifted by the two trackers' current
 * skews. `rider.trackerTMs` must still be the previous live fix's own time.
 */
export function recordTimeTrialMove(
  rider: TimeCheckRider & Pick<RiderLiveState, 'activeDevice' | 'trackerTMs' | 'finishTMs'>,
  move: LiveMove,
  routeLengthMeters: number,
): void {
  const { fix, tMs, fromTMs } = move;
  const skew = tMs - fix.t;
  const shift = move.startSkewMs === undefined ? 0 : skew - move.startSkewMs;
  const sameClock = fix.device === rider.activeDevice && rider.trackerTMs !== undefined;
  const fromClock = sameClock ? rider.trackerTMs! : fromTMs - skew;
  const crossedFinish = rider.finishTMs !== undefined && rider.timeTrialElapsedMs === undefined;
  recordTimeChecks(
    rider,
    {
      device: fix.device,
      fromMeters: move.fromMeters,
      fromClockMs: fromClock + shift,
      toMeters: move.toMeters,
      toClockMs: fix.t + shift,
      ...(crossedFinish ? { finishClockMs: rider.finishTMs! - fromTMs + fromClock + shift } : {}),
    },
    routeLengthMeters,
  );
}

/** A rider's time lost on the fastest at his latest time check (or at the finish), s, and where that was. */
export interface TimeTrialGap {
  readonly gapSeconds: number;
  /** Metres of the time check the gap was taken at (the route length once finished). */
  readonly atMeters: number;
}

/**
 * Each rider's time lost on the fastest rider at the rider's latest time check, or at the finish once finished, by
 * bib; riders without a clock or a check yet have none. The fastest is the least elapsed time of any rider at that
 * check (a finished rider's at the finish), so the gap is ≥ 0 and 0 for the fastest there. Pure.
 */
export function timeTrialGaps(riders: readonly RiderLiveState[], routeLengthMeters: number): Map<number, TimeTrialGap> {
  const best: number[] = [];
  let bestFinish = Infinity;
  for (const r of riders) {
    if (r.timeTrialStartMs === undefined) continue;
    if (r.timeTrialElapsedMs !== undefined) bestFinish = Math.min(bestFinish, r.timeTrialElapsedMs);
    (r.timeChecksMs ?? []).forEach((elapsed, i) => {
      if (elapsed !== null && !(best[i]! <= elapsed)) best[i] = elapsed;
    });
  }
  const gaps = new Map<number, TimeTrialGap>();
  for (const r of riders) {
    if (r.timeTrialStartMs === undefined) continue;
    if (r.timeTrialElapsedMs !== undefined) {
      gaps.set(r.bib, { gapSeconds: (r.timeTrialElapsedMs - bestFinish) / 1_000, atMeters: routeLengthMeters });
      continue;
    }
    const checks = r.timeChecksMs ?? [];
    for (let i = checks.length - 1; i >= 0; i--) {
      const elapsed = checks[i];
      if (elapsed === null || elapsed === undefined) continue;
      gaps.set(r.bib, { gapSeconds: (elapsed - best[i]!) / 1_000, atMeters: (i + 1) * TIME_CHECK_STEP_METERS });
      break;
    }
  }
  return gaps;
}
