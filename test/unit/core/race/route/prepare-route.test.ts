import { describe, expect, it } from 'vitest';
import { prepareRoute, profileAtDistance, RouteInputError, type RoutePoint } from '../../../../../core/race/index';
import { loadRoutePoints, preparedStage } from '../../../../helpers/routes';

const STAGES = Array.from({ length: 21 }, (_, k) => k + 1);
const RAD = Math.PI / 180;

/** Vincenty's inverse formula on the WGS84 ellipsoid (metres): the independent reference. */
function vincentyMeters(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const a = 6378137;
  const f = 1 / 298.257223563;
  const b = a * (1 - f);
  const L = (lon2 - lon1) * RAD;
  const U1 = Math.atan((1 - f) * Math.tan(lat1 * RAD));
  const U2 = Math.atan((1 - f) * Math.tan(lat2 * RAD));
  const [sinU1, cosU1, sinU2, cosU2] = [Math.sin(U1), Math.cos(U1), Math.sin(U2), Math.cos(U2)];
  let lambda = L;
  for (let iteration = 0; iteration < 200; iteration++) {
    const sinLambda = Math.sin(lambda);
    const cosLambda = Math.cos(lambda);
    const sinSigma = Math.hypot(cosU2 * sinLambda, cosU1 * sinU2 - sinU1 * cosU2 * cosLambda);
    if (sinSigma === 0) return 0;
    const cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
    const sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinLambda) / sinSigma;
    const cos2Alpha = 1 - sinAlpha * sinAlpha;
    const cos2SigmaM = cos2Alpha === 0 ? 0 : cosSigma - (2 * sinU1 * sinU2) / cos2Alpha;
    const C = (f / 16) * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha));
    const previous = lambda;
    lambda =
      L + (1 - C) * f * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM ** 2)));
    if (Math.abs(lambda - previous) < 1e-12) {
      const u2 = (cos2Alpha * (a * a - b * b)) / (b * b);
      const A = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
      const B = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
      const deltaSigma =
        B *
        sinSigma *
        (cos2SigmaM +
          (B / 4) *
            (cosSigma * (-1 + 2 * cos2SigmaM ** 2) -
              (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma ** 2) * (-3 + 4 * cos2SigmaM ** 2)));
      return b * A * (sigma - deltaSigma);
    }
  }
  throw new Error(`vincenty must converge, did not for ${lon1},${lat1} to ${lon2},${lat2}`);
}

/** Great-circle distance on a sphere of the mean Earth radius (metres). */
function haversineMeters(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const h =
    Math.sin(((lat2 - lat1) * RAD) / 2) ** 2 +
    Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(((lon2 - lon1) * RAD) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

const sumOver = (points: readonly RoutePoint[], distance: typeof haversineMeters): number =>
  points.slice(1).reduce((sum, p, i) => sum + distance(points[i]![0], points[i]![1], p[0], p[1]), 0);

describe('prepareRoute', () => {
  it.each(STAGES)('measures stage %i within 0.1 % of a Vincenty (WGS84 ellipsoid) sum', (stage) => {
    const points = loadRoutePoints('tdf2022', stage);

    const route = prepareRoute(points);

    expect(Math.abs(route.lengthMeters / sumOver(points, vincentyMeters) - 1)).toBeLessThan(0.001);
  });

  it.each(STAGES)(
    'measures stage %i within 0.3 % of a haversine sum (the sphere itself is up to 0.25 % off here)',
    (stage) => {
      const points = loadRoutePoints('tdf2022', stage);

      const route = prepareRoute(points);

      expect(Math.abs(route.lengthMeters / sumOver(points, haversineMeters) - 1)).toBeLessThan(0.003);
    },
  );

  it('keeps cumulative distance from 0 at the start to the length at the finish, never decreasing', () => {
    const route = preparedStage('tdf2022', 12);

    const steps = Array.from(route.distanceMeters.subarray(1), (d, i) => d - route.distanceMeters[i]!);

    expect(route.distanceMeters[0]).toBe(0);
    expect(route.distanceMeters[route.vertexCount - 1]).toBe(route.lengthMeters);
    expect(Math.min(...steps)).toBeGreaterThanOrEqual(0);
  });

  it('gives the same length and profile when every point is repeated (zero-length segments)', () => {
    const points = loadRoutePoints('tdf2022', 20);
    const doubled = points.flatMap((p) => [p, p]);

    const once = prepareRoute(points);
    const twice = prepareRoute(doubled);

    expect(twice.lengthMeters).toBeCloseTo(once.lengthMeters, 6);
    expect(twice.climbingMeters).toBeCloseTo(once.climbingMeters, 6);
    const gaps = Array.from(twice.profileGradientPercent, (g, k) => Math.abs(g - once.profileGradientPercent[k]!));
    expect(twice.profileGradientPercent.length).toBe(once.profileGradientPercent.length);
    expect(Math.max(...gaps)).toBeLessThan(1e-9);
  });

  it('averages 7–9.5 % over the final 13.8 km of stage 12, the climb to Alpe d’Huez (8.1 % official)', () => {
    const route = preparedStage('tdf2022', 12);
    const foot = profileAtDistance(route, route.lengthMeters - 13_800);
    const summit = profileAtDistance(route, route.lengthMeters);

    const averagePercent = ((summit.altitudeMeters - foot.altitudeMeters) / 13_800) * 100;

    expect(averagePercent).toBeGreaterThan(7);
    expect(averagePercent).toBeLessThan(9.5);
  });

  it('puts the Alpe d’Huez summit finish within 10 m of the route’s last elevation', () => {
    const route = preparedStage('tdf2022', 12);

    const summit = profileAtDistance(route, route.lengthMeters);

    expect(Math.abs(summit.altitudeMeters - route.eleMeters[route.vertexCount - 1]!)).toBeLessThan(10);
  });

  it('smooths the gradient of stage 12 to change by under 2.5 % RMS from one 100 m step to the next', () => {
    const route = preparedStage('tdf2022', 12);
    const g = route.profileGradientPercent;

    const squares = g.subarray(1).reduce((sum, value, k) => sum + (value - g[k]!) ** 2, 0);

    expect(Math.sqrt(squares / (g.length - 1))).toBeLessThan(2.5);
  });

  it('makes the gradients integrate back to the altitude difference from start to finish', () => {
    const route = preparedStage('tdf2022', 12);

    const rise = route.profileGradientPercent.reduce((sum, g) => sum + (g / 100) * route.profileStepMeters, 0);

    expect(rise).toBeCloseTo(route.profileAltitudeMeters.at(-1)! - route.profileAltitudeMeters[0]!, 6);
  });

  it('climbs within 15 % of the official 4,661 m on stage 12 and keeps altitudes between 500 and 2,700 m', () => {
    const route = preparedStage('tdf2022', 12);

    expect(route.climbingMeters).toBeGreaterThan(4661 * 0.85);
    expect(route.climbingMeters).toBeLessThan(4661 * 1.15);
    expect(route.minAltitudeMeters).toBeGreaterThan(500);
    expect(route.maxAltitudeMeters).toBeLessThan(2700);
  });

  it('spaces the profile grid about 100 m apart, ending exactly at the finish', () => {
    const route = preparedStage('tdf2022', 6);

    const intervals = route.profileGradientPercent.length;

    expect(route.profileStepMeters).toBeGreaterThan(95);
    expect(route.profileStepMeters).toBeLessThan(105);
    expect(intervals * route.profileStepMeters).toBeCloseTo(route.lengthMeters, 6);
  });

  it('throws RouteInputError for a route of one point', () => {
    const act = (): unknown => prepareRoute([[2.3, 48.8, 30]]);

    expect(act).toThrow(RouteInputError);
    expect(act).toThrow('a route needs at least 2 points, received 1');
  });

  it('throws RouteInputError for a route of zero length', () => {
    const act = (): unknown =>
      prepareRoute([
        [2.3, 48.8, 30],
        [2.3, 48.8, 31],
      ]);

    expect(act).toThrow('a route must have a positive length, received 0 m');
  });

  it('throws RouteInputError for a coordinate that is not a number', () => {
    const act = (): unknown =>
      prepareRoute([
        [2.3, 48.8, 30],
        [Number.NaN, 48.9, 31],
      ]);

    expect(act).toThrow(RouteInputError);
  });

  it('throws RouteInputError for a block size that is not a power of two', () => {
    const act = (): unknown => prepareRoute(loadRoutePoints('tdf2022', 1), { blockSegments: 12 });

    expect(act).toThrow('blockSegments must be a power of two from 1 to 4096, received 12');
  });
});
