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
  return upperMs - ((upperMeters - distanceMeters) / Math.max(fallbackSpeedMetersPerSecond, 1)) * 1_000;
}
