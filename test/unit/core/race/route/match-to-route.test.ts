import { describe, expect, it } from 'vitest';
import { matchToRoute, pointAtDistance, prepareRoute, RouteInputError } from '../../../../../core/race/index';
import { lonLatLine, preparedStage, referenceMatch, sidewaysPoint } from '../../../../helpers/routes';

const stage6 = preparedStage('tdf2022', 6);
const stage21 = preparedStage('tdf2022', 21);
const STRAIGHT_ROAD_METERS = 100_000; // stage 6: straight for ±100 m, no other road within 200 m
const finish21 = { lon: stage21.lon[stage21.vertexCount - 1]!, lat: stage21.lat[stage21.vertexCount - 1]! };
/** A road ridden east to a turning point about 740 m away and back on the very same line. */
const outAndBack = prepareRoute([
  [2.0, 48.0, 100],
  [2.01, 48.0, 110],
  [2.0, 48.0, 100],
]);
const halfLeg = outAndBack.lengthMeters / 4;
const besideTheMiddle = { lon: 2.005, lat: 48.0 + 5 / outAndBack.ky };
/** Where stage 21 crosses its finish line: entering the circuit, then after each of its 8 laps (m). */
const FINISH_PASSES_21 = [61_202, 67_944, 74_686, 81_426, 88_168, 94_910, 101_652, 108_392, stage21.lengthMeters];

describe('matchToRoute', () => {
  it.each([0, 1, 777, 2000, stage6.vertexCount - 1])(
    'matches vertex %i to its own distance, cold and windowed',
    (i) => {
      const vertex = { lon: stage6.lon[i]!, lat: stage6.lat[i]! };

      const cold = matchToRoute(stage6, vertex, undefined);
      const windowed = matchToRoute(stage6, vertex, Math.max(0, stage6.distanceMeters[i]! - 300));

      expect(cold.distanceMeters).toBeCloseTo(stage6.distanceMeters[i]!, 6);
      expect(windowed.distanceMeters).toBeCloseTo(stage6.distanceMeters[i]!, 6);
      expect(windowed.offRouteMeters).toBeCloseTo(0, 6);
    },
  );

  it.each([100, -100])('reports a fix %i m to the side of the road as off route, 100 m away, not snapped', (left) => {
    const fix = sidewaysPoint(stage6, STRAIGHT_ROAD_METERS, left);

    const match = matchToRoute(stage6, fix, STRAIGHT_ROAD_METERS - 50);

    expect(match.isOffRoute).toBe(true);
    expect(match.offRouteMeters).toBeGreaterThan(99.5);
    expect(match.offRouteMeters).toBeLessThan(100.5);
    expect(Math.abs(match.distanceMeters - STRAIGHT_ROAD_METERS)).toBeLessThan(1);
    expect(match.offRouteMeters).toBeCloseTo(referenceMatch(stage6, lonLatLine(stage6), fix).offRouteMeters, 6);
  });

  it('keeps a fix 30 m from the road on route, 30 m away', () => {
    const fix = sidewaysPoint(stage6, STRAIGHT_ROAD_METERS, 30);

    const match = matchToRoute(stage6, fix, STRAIGHT_ROAD_METERS - 50);

    expect(match.isOffRoute).toBe(false);
    expect(match.offRouteMeters).toBeGreaterThan(29.5);
    expect(match.offRouteMeters).toBeLessThan(30.5);
    expect(match.source).toBe('window');
  });

  it('takes the off-route threshold from the offRouteMeters option', () => {
    const fix = sidewaysPoint(stage6, STRAIGHT_ROAD_METERS, 30);

    const match = matchToRoute(stage6, fix, STRAIGHT_ROAD_METERS - 50, { offRouteMeters: 20 });

    expect(match.isOffRoute).toBe(true);
  });

  it('returns the length minus the distance done as the distance to go', () => {
    const fix = sidewaysPoint(stage6, 150_000, 5);

    const match = matchToRoute(stage6, fix, 149_990);

    expect(match.distanceMeters + match.distanceToGoMeters).toBeCloseTo(stage6.lengthMeters, 6);
  });

  it('snaps the matched position onto the road at the matched distance', () => {
    const fix = sidewaysPoint(stage6, 150_000, 12);

    const match = matchToRoute(stage6, fix, 149_990);

    const onRoad = pointAtDistance(stage6, match.distanceMeters);
    expect(match.lon).toBeCloseTo(onRoad.lon, 9);
    expect(match.lat).toBeCloseTo(onRoad.lat, 9);
    expect(stage6.ruler.distance([fix.lon, fix.lat], [match.lon, match.lat])).toBeCloseTo(match.offRouteMeters, 3);
  });

  it('counts 17 passages at the Paris finish line: its 9 passes and 8 on the other carriageway, 10–15 m away', () => {
    const match = matchToRoute(stage21, finish21, undefined);

    expect(match.source).toBe('cold');
    expect(match.ambiguity?.passages).toBe(17);
    expect(match.ambiguity?.runnerUpDistanceMeters).toBeDefined();
    expect(FINISH_PASSES_21.some((d) => Math.abs(d - match.distanceMeters) < 10)).toBe(true);
  });

  it('breaks the tie between the two legs of an out-and-back road by taking the earlier, and names the other', () => {
    const match = matchToRoute(outAndBack, besideTheMiddle, undefined);

    expect(match.distanceMeters).toBeCloseTo(halfLeg, 3);
    expect(match.ambiguity?.passages).toBe(2);
    expect(match.ambiguity?.runnerUpDistanceMeters).toBeCloseTo(3 * halfLeg, 3);
    expect(match.ambiguity?.runnerUpOffRouteMeters).toBeCloseTo(5, 3);
  });

  it.each([
    ['on the way out', 300, halfLeg],
    ['on the way back', 1000, 3 * halfLeg],
  ])('puts a fix beside an out-and-back road on the leg of the last distance, %s', (_leg, last, expected) => {
    const match = matchToRoute(outAndBack, besideTheMiddle, last);

    expect(match.distanceMeters).toBeCloseTo(expected, 3);
    expect(match.source).toBe('window');
  });

  it('reports one passage and no runner-up for a cold match on a road the stage uses once', () => {
    const match = matchToRoute(stage6, sidewaysPoint(stage6, STRAIGHT_ROAD_METERS, 4), undefined);

    expect(match.ambiguity).toEqual({
      passages: 1,
      runnerUpDistanceMeters: undefined,
      runnerUpOffRouteMeters: undefined,
    });
  });

  it.each(FINISH_PASSES_21.map((d, lap) => [lap, d]))(
    'puts the finish line on pass %i of stage 21 when the last distance is 500 m or 2 km before it',
    (_lap, pass) => {
      const soon = matchToRoute(stage21, finish21, pass - 500);
      const stale = matchToRoute(stage21, finish21, pass - 2000);

      expect(Math.abs(soon.distanceMeters - pass)).toBeLessThan(10);
      expect(Math.abs(stale.distanceMeters - pass)).toBeLessThan(10);
      expect(soon.source).toBe('window');
    },
  );

  it('falls back to a global match on the first pass ahead when the last distance is 30 km stale', () => {
    const match = matchToRoute(stage21, finish21, 30_000);

    expect(match.source).toBe('global');
    expect(Math.abs(match.distanceMeters - FINISH_PASSES_21[0]!)).toBeLessThan(10);
    expect(match.ambiguity?.passages).toBe(17);
  });

  it('falls back to a global match on the road the fix is on when it is far outside the window', () => {
    const fix = sidewaysPoint(stage6, 180_000, 8);

    const match = matchToRoute(stage6, fix, 20_000);

    expect(match.source).toBe('global');
    expect(Math.abs(match.distanceMeters - 180_000)).toBeLessThan(1);
    expect(match.isOffRoute).toBe(false);
  });

  it('narrows the window ahead to what the rider could reach in elapsedMs, and falls back beyond it', () => {
    const fix = sidewaysPoint(stage6, STRAIGHT_ROAD_METERS, 3);
    const last = STRAIGHT_ROAD_METERS - 1000;

    const oneSecondLater = matchToRoute(stage6, fix, last, { elapsedMs: 1000 });
    const oneMinuteLater = matchToRoute(stage6, fix, last, { elapsedMs: 60_000 });

    expect(oneSecondLater.source).toBe('global');
    expect(oneMinuteLater.source).toBe('window');
    expect(Math.abs(oneSecondLater.distanceMeters - STRAIGHT_ROAD_METERS)).toBeLessThan(1);
    expect(Math.abs(oneMinuteLater.distanceMeters - STRAIGHT_ROAD_METERS)).toBeLessThan(1);
  });

  it('throws RouteInputError for a negative elapsedMs', () => {
    const act = (): unknown => matchToRoute(stage6, pointAtDistance(stage6, 10), 0, { elapsedMs: -1 });

    expect(act).toThrow('elapsedMs must be >= 0 or undefined, received -1');
  });

  it('clamps a last distance outside the route to the route', () => {
    const fix = pointAtDistance(stage6, 50);

    const match = matchToRoute(stage6, fix, -1000);

    expect(match.distanceMeters).toBeCloseTo(50, 6);
  });

  it('throws RouteInputError for a fix or a last distance that is not a number', () => {
    const badFix = (): unknown => matchToRoute(stage6, { lon: Number.NaN, lat: 50 }, 0);
    const badLast = (): unknown => matchToRoute(stage6, pointAtDistance(stage6, 10), Number.NaN);

    expect(badFix).toThrow(RouteInputError);
    expect(badLast).toThrow('lastDistanceMeters must be finite or undefined, received NaN');
  });
});
