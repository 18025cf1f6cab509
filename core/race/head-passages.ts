/**
 * Head-of-race passages (DESIGN §3): per stage, the earliest time any rider passed each mark of the route
 * (every `stepMeters`); a rider at distance x at time t is `t - headPassage(x)` behind the head of the race.
 */

/**
 * Records, in place, the marks crossed by a forward move from (fromMeters, fromTMs) to (toMeters, toTMs): each
 * crossing time is interpolated and the earliest per mark kept, so the result does not depend on rider order.
 */
export function recordPassages(
  passagesMs: number[],
  stepMeters: number,
  fromMeters: number,
  fromTMs: number,
  toMeters: number,
  toTMs: number,
): void {
  if (!(toMeters > fromMeters) || !(toTMs > fromTMs)) return;
  const first = Math.floor(fromMeters / stepMeters) + 1;
  const last = Math.min(Math.floor(toMeters / stepMeters), passagesMs.length - 1);
  const msPerMeter = (toTMs - fromTMs) / (toMeters - fromMeters);
  for (let k = first; k <= last; k++) {
    const t = Math.round(fromTMs + (k * stepMeters - fromMeters) * msPerMeter);
    const seen = passagesMs[k]!;
    if (!(seen <= t)) passagesMs[k] = t;
  }
}

/** The head of the race now: its distance (metres) and the time it got there (epoch ms). */
export interface HeadPoint {
  readonly distanceMeters: number;
  readonly tMs: number;
}

/**
 * Returns when the head of the race passed `distanceMeters` (epoch ms): linear between the recorded marks around
 * it, the head's own position closing the curve. A mark nobody was seen to pass is skipped; with no mark below,
 * the time is extrapolated back from the next node at `fallbackSpeedMetersPerSecond`.
 */
export function headPassageMs(
  passagesMs: readonly number[],
  stepMeters: number,
  head: HeadPoint,
  distanceMeters: number,
  fallbackSpeedMetersPerSecond: number,
): number {
  if (distanceMeters >= head.distanceMeters) return head.tMs;
  let upperMeters = head.distanceMeters;
  let upperMs = head.tMs;
  const k0 = Math.floor(distanceMeters / stepMeters);
  for (let k = k0 + 1; k * stepMeters < head.distanceMeters && k < passagesMs.length; k++) {
    const t = passagesMs[k]!;
    if (t === t) {
      upperMeters = k * stepMeters;
      upperMs = Math.min(t, head.tMs);
      break;
    }
  }
  for (let k = k0; k >= 0; k--) {
    const t = passagesMs[k]!;
    if (t === t && t <= upperMs) {
      const lowerMeters = k * stepMeters;
      if (upperMeters <= lowerMeters) return t;
      return t + ((distanceMeters - lowerMeters) / (upperMeters - lowerMeters)) * (upperMs - t);
    }
  }
  const pace = paceAbove(passagesMs, stepMeters, head, upperMeters, upperMs) ?? fallbackSpeedMetersPerSecond;
  return upperMs - ((upperMeters - distanceMeters) / Math.max(pace, 1)) * 1_000;
}

/**
 * The head's speed just above `fromMeters` (m/s): from its passage there to the next recorded mark (or the head
 * itself), or undefined when there is none. Below the first mark (the start) this is the head's pace, not the
 * rider's: a time-trial rider just off the ramp at 9 km/h put the head's passage of the first metres a minute early.
 */
function paceAbove(
  passagesMs: readonly number[],
  stepMeters: number,
  head: HeadPoint,
  fromMeters: number,
  fromMs: number,
): number | undefined {
  let toMeters = head.distanceMeters;
  let toMs = head.tMs;
  for (let k = Math.floor(fromMeters / stepMeters) + 1; k * stepMeters < head.distanceMeters; k++) {
    const t = passagesMs[k];
    if (t === undefined) break;
    if (t === t && t > fromMs) {
      toMeters = k * stepMeters;
      toMs = t;
      break;
    }
  }
  if (!(toMeters > fromMeters) || !(toMs > fromMs)) return undefined;
  return ((toMeters - fromMeters) / (toMs - fromMs)) * 1_000;
}

/**
 * Crossings within this much road of a mark's earliest one are riders of the front group, m: about 2.4 σ of 5 m
 * GPS noise, so a bunch's noisy crossings fall inside it while a rider clear of the bunch stands alone.
 */
export const FRONT_GROUP_METERS = 12;
/** Head speed assumed where no neighbouring marks give it, m/s (a flat stage's pace). */
const DEFAULT_HEAD_SPEED_METERS_PER_SECOND = 11;
/** Marks either side of a mark that give the head's pace there. */
const PACE_MARKS = 3;

/**
 * Returns the head of the race's passage time per mark (epoch ms, NaN until passed) from the three earliest
 * crossings. The earliest alone is biased early: of a bunch crossing together, the rider whose GPS error is most
 * forward wins (−0.4 s on simulated flat stages). Within the front group (crossings less than `FRONT_GROUP_METERS`
 * of road after the earliest) the third-earliest is close to unbiased, and the mean of two when only two ride
 * there; a rider clear of the rest keeps their own crossing.
 */
export function frontGroupPassagesMs(
  earliest: readonly number[],
  second: readonly number[] | undefined,
  third: readonly number[] | undefined,
  stepMeters: number,
): number[] {
  if (second === undefined || third === undefined) return earliest.slice();
  const out = new Array<number>(earliest.length);
  for (let k = 0; k < earliest.length; k++) {
    const a = earliest[k]!;
    const b = second[k]!;
    const c = third[k]!;
    if (!(b === b)) {
      out[k] = a;
      continue;
    }
    const guardMs = FRONT_GROUP_METERS * paceMsPerMeter(earliest, k, stepMeters);
    if (c - a <= guardMs) out[k] = c;
    else if (b - a <= guardMs) out[k] = (a + b) / 2;
    else out[k] = a;
  }
  return out;
}

/** The head's pace around mark k from the earliest crossings of nearby marks, ms per metre. */
function paceMsPerMeter(earliest: readonly number[], k: number, stepMeters: number): number {
  const lo = Math.max(0, k - PACE_MARKS);
  const hi = Math.min(earliest.length - 1, k + PACE_MARKS);
  let from = lo;
  while (from < k && !(earliest[from]! === earliest[from]!)) from++;
  let to = hi;
  while (to > k && !(earliest[to]! === earliest[to]!)) to--;
  const dt = earliest[to]! - earliest[from]!;
  if (to > from && dt > 0) return dt / ((to - from) * stepMeters);
  return 1_000 / DEFAULT_HEAD_SPEED_METERS_PER_SECOND;
}
