import { describe, expect, it } from 'vitest';
import { matchToRoute, pointAtDistance, profileAtDistance, RouteInputError } from '../../../../../core/race/index';
import { preparedStage } from '../../../../helpers/routes';

const route = preparedStage('tdf2022', 12);

describe('profileAtDistance', () => {
  it('returns the grid altitudes at the grid nodes and interpolates linearly between them', () => {
    const k = 800;
    const step = route.profileStepMeters;

    const atNode = profileAtDistance(route, k * step);
    const between = profileAtDistance(route, (k + 0.25) * step);

    expect(atNode.altitudeMeters).toBeCloseTo(route.profileAltitudeMeters[k]!, 9);
    const h0 = route.profileAltitudeMeters[k]!;
    expect(between.altitudeMeters).toBeCloseTo(h0 + 0.25 * (route.profileAltitudeMeters[k + 1]! - h0), 9);
  });

  it('gives each interval the gradient that joins its two nodes', () => {
    const k = 1500;
    const step = route.profileStepMeters;

    const sample = profileAtDistance(route, (k + 0.5) * step);

    const rise = route.profileAltitudeMeters[k + 1]! - route.profileAltitudeMeters[k]!;
    expect(sample.gradientPercent).toBeCloseTo((rise / step) * 100, 9);
  });

  it('clamps distances before the start and after the finish to the first and last nodes', () => {
    const before = profileAtDistance(route, -1000);
    const after = profileAtDistance(route, route.lengthMeters + 1000);

    expect(before.altitudeMeters).toBeCloseTo(route.profileAltitudeMeters[0]!, 9);
    expect(after.altitudeMeters).toBeCloseTo(route.profileAltitudeMeters.at(-1)!, 9);
    expect(after.gradientPercent).toBe(route.profileGradientPercent.at(-1));
  });

  it('round-trips through pointAtDistance and matchToRoute to the same distance and profile', () => {
    const distances = Array.from({ length: 60 }, (_, k) => 1000 + k * 2711);

    const matches = distances.map((d) => matchToRoute(route, pointAtDistance(route, d), d));

    matches.forEach((match, k) => {
      const expected = profileAtDistance(route, distances[k]!);
      expect(Math.abs(match.distanceMeters - distances[k]!)).toBeLessThan(0.01);
      expect(match.offRouteMeters).toBeLessThan(0.01);
      expect(match.altitudeMeters).toBeCloseTo(expected.altitudeMeters, 3);
      expect(match.gradientPercent).toBe(expected.gradientPercent);
    });
  });

  it('throws RouteInputError for a distance that is not a number', () => {
    const act = (): unknown => profileAtDistance(route, Number.POSITIVE_INFINITY);

    expect(act).toThrow(RouteInputError);
  });
});
