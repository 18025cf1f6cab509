import { STATIONARY_SPEED_METERS_PER_SECOND } from './motion';
import type { WorkingRider } from './working-rider';

/**
 * Returns when the rider crosses the finish line, epoch ms, at most a second or two after `tMs`. Matches clamp at
 * the end of the route, so the crossing comes from the speed over the two fixes before the line (a sprinter
 * accelerates: the smoothed speed lags), or the smoothed speed when there is no such pair.
 */
export function finishTime(
  rider: WorkingRider,
  fromMeters: number,
  fromTMs: number,
  lineMeters: number,
  tMs: number,
): number {
  const samples = rider.samples;
  const before = samples[samples.length - 3];
  const last = samples[samples.length - 2];
  const recent =
    before !== undefined && last !== undefined && last.tMs > before.tMs
      ? ((last.distanceMeters - before.distanceMeters) / (last.tMs - before.tMs)) * 1_000
      : 0;
  const speed = recent > STATIONARY_SPEED_METERS_PER_SECOND ? recent : rider.speedMetersPerSecond;
  const crossing =
    speed > STATIONARY_SPEED_METERS_PER_SECOND ? fromTMs + ((lineMeters - fromMeters) / speed) * 1_000 : tMs;
  return Math.round(crossing);
}
