import { describe, expect, it } from 'vitest';
import {
  climbMetersAhead,
  paceSecondsPerKm,
  prepareRoute,
  secondsToFinish,
  type RoutePoint,
} from '../../../../../core/race/index';
import { MIN_PACE_SECONDS_PER_KM, paceRoleOf } from '../../../../../core/race/predictions/terrain';

/** 20 km due east: 10 km flat at 100 m, then 10 km climbing at 5 % (to 600 m). */
function flatThenClimb(): ReturnType<typeof prepareRoute> {
  const metersPerDegree = 111_320 * Math.cos((45 * Math.PI) / 180);
  const points: RoutePoint[] = [];
  for (let d = 0; d <= 20_000; d += 50)
    points.push([5 + d / metersPerDegree, 45, d <= 10_000 ? 100 : 100 + (d - 10_000) * 0.05]);
  return prepareRoute(points);
}

describe('terrain ahead', () => {
  const route = flatThenClimb();

  it('is slower uphill, faster downhill, and never faster than 80 km/h', () => {
    expect(paceSecondsPerKm(5)).toBeGreaterThan(paceSecondsPerKm(0));
    expect(paceSecondsPerKm(-4)).toBeLessThan(paceSecondsPerKm(0));
    expect(paceSecondsPerKm(-40)).toBe(MIN_PACE_SECONDS_PER_KM);
  });

  it('sums the climbing left to the finish', () => {
    expect(climbMetersAhead(route, 0)).toBeCloseTo(500, -1);
    expect(climbMetersAhead(route, 15_000)).toBeCloseTo(250, -1);
    expect(climbMetersAhead(route, route.lengthMeters)).toBe(0);
  });

  it('takes longer to ride the climb than the same distance on the flat', () => {
    const flatKm = secondsToFinish(route, 0) - secondsToFinish(route, 1_000);
    const climbKm = secondsToFinish(route, 15_000) - secondsToFinish(route, 16_000);

    expect(flatKm).toBeCloseTo(paceSecondsPerKm(0), 0);
    expect(climbKm).toBeGreaterThan(1.5 * flatKm);
  });

  it('counts down as the riders advance', () => {
    const times = Array.from({ length: 41 }, (_, i) => secondsToFinish(route, (i / 40) * route.lengthMeters));

    times.slice(1).forEach((t, i) => expect(t).toBeLessThan(times[i]!));
    expect(times.at(-1)).toBe(0);
  });

  it('keeps one riding time per pace model of the same route', () => {
    const slow = [120, 20, 0, 2];
    const fast = [60, 10, 0, 2];

    expect(secondsToFinish(route, 0, slow)).toBeCloseTo(20 * 120 + 10 * 5 * 20, -1);
    expect(secondsToFinish(route, 0, fast)).toBeCloseTo(20 * 60 + 10 * 5 * 10, -1);
    expect(secondsToFinish(route, 0, slow)).toBeCloseTo(20 * 120 + 10 * 5 * 20, -1);
  });
});

describe('paceRoleOf', () => {
  it('rides the breakaway and the chasers as groups ahead, and every other group by its kind', () => {
    expect(paceRoleOf('breakaway')).toBe('ahead');
    expect(paceRoleOf('chasers')).toBe('ahead');
    expect(paceRoleOf('peloton')).toBe('peloton');
    expect(paceRoleOf('grupetto')).toBe('grupetto');
    expect(paceRoleOf('dropped')).toBe('dropped');
  });
});
