import type { ProgressSample } from './race-state';

/** Span of the speed window, ms: long enough to average 5 m GPS jitter, short enough to follow an attack. */
export const SPEED_WINDOW_MS = 15_000;

/** Below this speed along the route, m/s, over at least `STATIONARY_MIN_SPAN_MS`, a rider is stationary. */
export const STATIONARY_SPEED_METERS_PER_SECOND = 1;

/**
 * Shortest span of samples that gives a speed, ms. Two samples a few ms apart (one second's fix, its time corrected
 * as the clock-skew estimate moved) made a slope of 130 m/s from 1.4 m of GPS noise.
 */
export const MIN_SPEED_SPAN_MS = 1_000;

/** Shortest span of samples that can call a rider stationary, ms. */
export const STATIONARY_MIN_SPAN_MS = 5_000;

/**
 * Returns a new array: the samples no older than `windowMs` before `newest`, then `newest`. Built at its final size
 * in one allocation (it runs once per fix), and never writes `samples`, which may belong to the caller's state.
 */
export function samplesWithin(
  samples: readonly ProgressSample[],
  newest: ProgressSample,
  windowMs: number = SPEED_WINDOW_MS,
): ProgressSample[] {
  let drop = 0;
  while (drop < samples.length && samples[drop]!.tMs < newest.tMs - windowMs) drop++;
  const out = new Array<ProgressSample>(samples.length - drop + 1);
  for (let i = drop; i < samples.length; i++) out[i - drop] = samples[i]!;
  out[samples.length - drop] = newest;
  return out;
}

/** A least-squares line through a rider's recent progress. */
export interface SmoothedProgress {
  /** Slope in m/s, never negative (riders do not ride backwards; a negative slope is GPS noise around a stop). */
  readonly speedMetersPerSecond: number;
  /** The line's distance at the newest sample, m: GPS jitter averaged out. */
  readonly distanceMeters: number;
}

/**
 * Returns the speed along the route in m/s: the least-squares slope of distance over time, never negative.
 * 0 with fewer than two samples or samples spanning less than `MIN_SPEED_SPAN_MS`.
 */
export function smoothedSpeed(samples: readonly ProgressSample[]): number {
  return smoothedProgress(samples).speedMetersPerSecond;
}

/**
 * Fits a line to distance over time and returns its slope (m/s, ≥ 0) and its value at the newest sample (m), which
 * is the newest distance itself with fewer than three samples.
 */
export function smoothedProgress(samples: readonly ProgressSample[]): SmoothedProgress {
  const n = samples.length;
  const newest = samples[n - 1];
  if (newest === undefined) return { speedMetersPerSecond: 0, distanceMeters: 0 };
  if (n < 2 || newest.tMs - samples[0]!.tMs < MIN_SPEED_SPAN_MS) {
    return { speedMetersPerSecond: 0, distanceMeters: newest.distanceMeters };
  }
  const t0 = samples[0]!.tMs;
  const d0 = samples[0]!.distanceMeters;
  let st = 0;
  let sd = 0;
  for (const s of samples) {
    st += s.tMs - t0;
    sd += s.distanceMeters - d0;
  }
  const mt = st / n;
  const md = sd / n;
  let cov = 0;
  let vt = 0;
  for (const s of samples) {
    const dt = s.tMs - t0 - mt;
    cov += dt * (s.distanceMeters - d0 - md);
    vt += dt * dt;
  }
  if (vt === 0) return { speedMetersPerSecond: 0, distanceMeters: newest.distanceMeters };
  const slope = cov / vt;
  const fitted = d0 + md + slope * (newest.tMs - t0 - mt);
  return {
    speedMetersPerSecond: Math.max(0, slope * 1_000),
    distanceMeters: n < 3 ? newest.distanceMeters : fitted,
  };
}

/** True when the samples span at least `STATIONARY_MIN_SPAN_MS` and their speed is below the stationary speed. */
export function isStationary(samples: readonly ProgressSample[], speedMetersPerSecond: number): boolean {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (first === undefined || last === undefined) return false;
  return last.tMs - first.tMs >= STATIONARY_MIN_SPAN_MS && speedMetersPerSecond < STATIONARY_SPEED_METERS_PER_SECOND;
}
