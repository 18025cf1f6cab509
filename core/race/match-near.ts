import { skewOf, type WorkingDevice } from './device-tracks';
import type { RaceFix } from './race-state';
import {
  DEFAULT_BEHIND_JUMP_COST,
  DEFAULT_BEHIND_METERS,
  DEFAULT_MAX_SPEED_METERS_PER_SECOND,
  matchToRoute,
} from './route/match-to-route';
import type { PreparedRoute, RouteMatch } from './route/types';
import type { WorkingRider } from './working-rider';

/** From this speed, m/s, a rider's expected distance after a silence is trusted both ways (`matchNear`). */
export const MOVING_METERS_PER_SECOND = 2;

/**
 * Matches a rider's fix near where the rider should be by now: the last distance moved on at the rider's speed.
 * After a dropout the last distance alone is a poor guess: on the Champs-Élysées, a rider silent for 31 s through
 * the turn at the top comes back 365 m on, 10 m from the other carriageway 18 m behind the last distance, and a
 * match from the last distance takes the other carriageway and runs backwards down it. The window still reaches
 * back past the last distance, for a rider who stopped while silent.
 */
export function matchNear(
  route: PreparedRoute,
  fix: RaceFix,
  tMs: number,
  rider: WorkingRider | undefined,
  device: WorkingDevice,
): RouteMatch {
  const last = rider?.distanceMeters ?? device.distanceMeters;
  if (last === undefined) return matchToRoute(route, fix, undefined);
  const lastTMs = rider?.tMs ?? device.newestTMs + skewOf(device);
  // Never faster than the matcher's fastest plausible progress: a wrong speed must not throw the search far ahead.
  const speed = Math.min(rider?.speedMetersPerSecond ?? 0, DEFAULT_MAX_SPEED_METERS_PER_SECOND);
  const expected = Math.min(Math.max(last + (speed * (tMs - lastTMs)) / 1_000, 0), route.lengthMeters);
  return matchToRoute(route, fix, expected, {
    elapsedMs: Math.abs(tMs - lastTMs),
    behindMeters: DEFAULT_BEHIND_METERS + Math.max(expected - last, 0),
    // A moving rider's expected distance is as likely to be short as long: a jump ahead of it costs what a jump
    // behind does. A stopped rider may have set off while silent, so ahead stays cheap (the matcher's default).
    aheadJumpCostPerMeter: speed >= MOVING_METERS_PER_SECOND ? DEFAULT_BEHIND_JUMP_COST : undefined,
  });
}
