import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_AHEAD_JUMP_COST_METERS,
  DEFAULT_AHEAD_METERS,
  DEFAULT_BEHIND_JUMP_COST,
  DEFAULT_BEHIND_METERS,
  matchToRoute,
  pointAtDistance,
  type GeoPosition,
  type PreparedRoute,
} from '../../../../core/race/index';
import { lonLatLine, offsetPoint, otherPassage, preparedStage } from '../../../helpers/routes';

const CURVY_STAGES = [6, 11, 12, 21]; // hilly, two Alpine summit finishes (hairpins), the Paris laps
const ONE_PASS_STAGES = [5, 19]; // no road of these stages comes back within 50 m of itself more than 300 m on
const routes = new Map<number, PreparedRoute>(
  [...CURVY_STAGES, ...ONE_PASS_STAGES].map((stage) => [stage, preparedStage('tdf2022', stage)]),
);
const lines = new Map([...routes].map(([stage, route]) => [stage, lonLatLine(route)]));
const routeOf = (stage: number): PreparedRoute => routes.get(stage)!;

/** A number spread over [min, max]: fc.double crowds tiny values (90 % of its [0, 1] draws are under 0.001). */
const between = (min: number, max: number): fc.Arbitrary<number> =>
  fc.integer({ min: 0, max: 1_000_000 }).map((k) => min + ((max - min) * k) / 1_000_000);

const noise = (maxMeters: number): fc.Arbitrary<[number, number]> =>
  fc
    .tuple(between(0, maxMeters), between(0, 2 * Math.PI))
    .map(([r, angle]) => [r * Math.cos(angle), r * Math.sin(angle)]);

/** The score of `matchToRoute` with default options: distance plus the jump cost from the last distance. */
const jumpCost = (jumpMeters: number): number =>
  jumpMeters >= 0
    ? (jumpMeters * DEFAULT_AHEAD_JUMP_COST_METERS) / DEFAULT_AHEAD_METERS
    : -jumpMeters * DEFAULT_BEHIND_JUMP_COST;

/** Scores every segment of the default window, clipped to it, with cheap-ruler and returns the best (the oracle). */
function bruteForceWindow(
  route: PreparedRoute,
  fix: GeoPosition,
  last: number,
): { score: number; offRouteMeters: number } {
  const from = Math.max(last - DEFAULT_BEHIND_METERS, 0);
  const to = Math.min(last + DEFAULT_AHEAD_METERS, route.lengthMeters);
  let best = { score: Infinity, offRouteMeters: Infinity };
  for (let i = 0; i < route.vertexCount - 1; i++) {
    const [d0, d1] = [route.distanceMeters[i]!, route.distanceMeters[i + 1]!];
    if (d1 < from || d0 > to) continue;
    const [s0, s1] = [Math.max(d0, from), Math.min(d1, to)];
    const at = (s: number): [number, number] => {
      const f = d1 > d0 ? (s - d0) / (d1 - d0) : 0;
      return [
        route.lon[i]! + f * (route.lon[i + 1]! - route.lon[i]!),
        route.lat[i]! + f * (route.lat[i + 1]! - route.lat[i]!),
      ];
    };
    const { point, t } = route.ruler.pointOnLine([at(s0), at(s1)], [fix.lon, fix.lat]);
    const offRouteMeters = route.ruler.distance(point, [fix.lon, fix.lat]);
    const score = offRouteMeters + jumpCost(s0 + t * (s1 - s0) - last);
    if (score < best.score) best = { score, offRouteMeters };
  }
  return best;
}

/**
 * Returns the first distance along the route at which it passes within 1 mm of a point: the
 * vertex's own distance, or an earlier one where the data doubles back over it (stage 5 has a
 * 12 m spike at km 61.5 whose two ends are the same point).
 */
function firstPassMeters(route: PreparedRoute, line: readonly [number, number][], p: GeoPosition): number {
  for (let i = 0; i < route.vertexCount - 1; i++) {
    const { point, t } = route.ruler.pointOnLine(line.slice(i, i + 2), [p.lon, p.lat]);
    if (route.ruler.distance(point, [p.lon, p.lat]) < 0.001) {
      return route.distanceMeters[i]! + t * (route.distanceMeters[i + 1]! - route.distanceMeters[i]!);
    }
  }
  throw new Error(`the point must lie on the route, received ${p.lon}, ${p.lat}`);
}

describe('matchToRoute (properties)', () => {
  it('matches a fix with ≤ 10 m of noise within 25 m of the truth from a last distance 2 km behind to 50 m ahead, where no other passage lies within 30 m', () => {
    const scenario = fc.record({
      stage: fc.constantFrom(...CURVY_STAGES),
      fraction: between(0, 1),
      behindMeters: between(-50, 2000),
      offset: noise(10),
    });

    fc.assert(
      fc.property(scenario, ({ stage, fraction, behindMeters, offset }) => {
        const route = routeOf(stage);
        const truth = fraction * route.lengthMeters;
        const last = Math.min(Math.max(0, truth - behindMeters), route.lengthMeters);
        const onRoad = pointAtDistance(route, truth);
        const window = [last - DEFAULT_BEHIND_METERS, last + DEFAULT_AHEAD_METERS] as const;
        // Within 2 × the noise + 10 m, another passage is as near as the rider's own: time would be needed to choose.
        fc.pre((otherPassage(route, lines.get(stage)!, onRoad, truth, 35, ...window)?.meters ?? Infinity) >= 30);

        const match = matchToRoute(route, offsetPoint(route, truth, ...offset), last);

        expect(Math.abs(match.distanceMeters - truth)).toBeLessThanOrEqual(25);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the same best score in the window as a brute-force scan of it, and falls back only when that is off route', () => {
    const scenario = fc.record({
      stage: fc.constantFrom(...CURVY_STAGES),
      fraction: between(0, 1),
      offset: fc.oneof(noise(60), noise(300)),
      jumpMeters: between(-3000, 1500),
    });

    fc.assert(
      fc.property(scenario, ({ stage, fraction, offset, jumpMeters }) => {
        const route = routeOf(stage);
        const truth = fraction * route.lengthMeters;
        const fix = offsetPoint(route, truth, ...offset);
        const last = Math.min(Math.max(truth + jumpMeters, 0), route.lengthMeters);

        const match = matchToRoute(route, fix, last);

        const best = bruteForceWindow(route, fix, last);
        if (best.offRouteMeters > 60) {
          expect(match.source).toBe('global');
        } else {
          expect(match.source).toBe('window');
          expect(match.offRouteMeters + jumpCost(match.distanceMeters - last)).toBeCloseTo(best.score, 6);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps distance done within [0, length] and done + to go equal to the length, for any fix and last distance', () => {
    const scenario = fc.record({
      stage: fc.constantFrom(...CURVY_STAGES),
      fraction: between(0, 1),
      offset: noise(5000),
      last: fc.option(between(-10_000, 250_000), { nil: undefined }),
    });

    fc.assert(
      fc.property(scenario, ({ stage, fraction, offset, last }) => {
        const route = routeOf(stage);

        const match = matchToRoute(route, offsetPoint(route, fraction * route.lengthMeters, ...offset), last);

        expect(match.distanceMeters).toBeGreaterThanOrEqual(0);
        expect(match.distanceMeters).toBeLessThanOrEqual(route.lengthMeters);
        expect(match.distanceToGoMeters).toBeGreaterThanOrEqual(0);
        expect(match.distanceMeters + match.distanceToGoMeters).toBeCloseTo(route.lengthMeters, 6);
        expect(match.isOffRoute).toBe(match.offRouteMeters > 60);
      }),
      { numRuns: 1000 },
    );
  });

  it('matches a noise-free vertex of a stage that never comes back on itself to the first distance at which the route reaches it, cold', () => {
    const scenario = fc.record({ stage: fc.constantFrom(...ONE_PASS_STAGES), fraction: between(0, 1) });

    fc.assert(
      fc.property(scenario, ({ stage, fraction }) => {
        const route = routeOf(stage);
        const i = Math.round(fraction * (route.vertexCount - 1));
        const vertex = { lon: route.lon[i]!, lat: route.lat[i]! };

        const match = matchToRoute(route, vertex, undefined);

        expect(match.distanceMeters).toBeCloseTo(firstPassMeters(route, lines.get(stage)!, vertex), 6);
        expect(match.offRouteMeters).toBeCloseTo(0, 6);
      }),
      { numRuns: 500 },
    );
  });

  it('matches a cold fix at the same distance from the route as cheap-ruler’s own full scan', () => {
    const scenario = fc.record({
      stage: fc.constantFrom(...CURVY_STAGES),
      fraction: between(0, 1),
      offset: noise(2000),
    });

    fc.assert(
      fc.property(scenario, ({ stage, fraction, offset }) => {
        const route = routeOf(stage);
        const fix = offsetPoint(route, fraction * route.lengthMeters, ...offset);

        const match = matchToRoute(route, fix, undefined);

        const { point } = route.ruler.pointOnLine(lines.get(stage)!, [fix.lon, fix.lat]);
        expect(match.offRouteMeters).toBeCloseTo(route.ruler.distance(point, [fix.lon, fix.lat]), 6);
      }),
      { numRuns: 500 },
    );
  });
});
