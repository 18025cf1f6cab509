import { describe, expect, it } from 'vitest';
import { matchToRoute, pointAtDistance, type GeoPosition, type RouteMatch } from '../../../../../core/race/index';
import { lonLatLine, offsetPoint, otherPassage, preparedStage } from '../../../../helpers/routes';

const stage21 = preparedStage('tdf2022', 21);
const FROM_METERS = 55_000; // 6 km before the riders first cross the finish line and start the 8 laps
const STEP_METERS = 12; // one fix per second at 43 km/h
const FINISH_PASSES = [61_202, 67_944, 74_686, 81_426, 88_168, 94_910, 101_652, 108_392];

interface Ride {
  readonly truth: number[];
  readonly matches: RouteMatch[];
}

/** Rides stage 21 from FROM_METERS to the finish, feeding each match's distance into the next call. */
function rideTheCircuit(): Ride {
  const truth: number[] = [];
  const matches: RouteMatch[] = [];
  let last = FROM_METERS;
  for (
    let k = 0, d = FROM_METERS;
    d <= stage21.lengthMeters;
    k++, d = Math.min(d + STEP_METERS, stage21.lengthMeters)
  ) {
    // Deterministic GPS-like noise of up to 4.2 m that changes direction from fix to fix.
    const fix = offsetPoint(stage21, d, 3 * Math.sin(k * 1.3), 3 * Math.cos(k * 0.7));
    const match = matchToRoute(stage21, fix, last, { elapsedMs: 1000 });
    truth.push(d);
    matches.push(match);
    last = match.distanceMeters;
    if (d === stage21.lengthMeters) break;
  }
  return { truth, matches };
}

/**
 * Returns a fix at `alongMeters` moved 65 % of the way towards the other carriageway of the
 * Champs-Élysées (10–15 m away), found in [fromMeters, toMeters], and that carriageway's nearest point.
 */
function fixNearerTheOtherCarriageway(
  alongMeters: number,
  fromMeters: number,
  toMeters: number,
): [GeoPosition, GeoPosition] {
  const own = pointAtDistance(stage21, alongMeters);
  const other = otherPassage(stage21, lonLatLine(stage21), own, alongMeters, 35, fromMeters, toMeters)!;
  const fix = { lon: own.lon + 0.65 * (other.point.lon - own.lon), lat: own.lat + 0.65 * (other.point.lat - own.lat) };
  return [fix, other.point];
}

describe('matchToRoute on the Paris circuit of stage 21', () => {
  const ride = rideTheCircuit();

  it('keeps every fix on route and in the window around the last distance', () => {
    const sources = new Set(ride.matches.map((m) => m.source));

    expect(sources).toEqual(new Set(['window']));
    expect(ride.matches.filter((m) => m.isOffRoute)).toHaveLength(0);
  });

  it('increases the distance at every fix through all 8 laps', () => {
    const steps = ride.matches.slice(1).map((m, k) => m.distanceMeters - ride.matches[k]!.distanceMeters);

    expect(Math.min(...steps)).toBeGreaterThan(0);
  });

  it('stays within 15 m of the true distance at every fix', () => {
    const errors = ride.matches.map((m, k) => Math.abs(m.distanceMeters - ride.truth[k]!));

    expect(Math.max(...errors)).toBeLessThan(15);
  });

  it.each(FINISH_PASSES.map((pass, lap) => [lap + 1, pass]))(
    'starts lap %i at the finish line on that lap, not another one',
    (_lap, pass) => {
      const k = ride.truth.findIndex((d) => d >= pass);

      const match = ride.matches[k]!;

      expect(Math.abs(match.distanceMeters - pass)).toBeLessThan(STEP_METERS + 5);
    },
  );

  it('ends at the finish line', () => {
    const final = ride.matches.at(-1)!;

    expect(final.distanceToGoMeters).toBeLessThan(5);
  });

  it.each([
    ['1.5 km ahead', 82_200, 82_235, 87_200],
    ['640 m behind', 83_250, 82_250, 83_215],
  ])(
    'keeps a rider on their own carriageway when noise puts the fix nearer the other one, %s',
    (_where, along, fromMeters, toMeters) => {
      const [fix, other] = fixNearerTheOtherCarriageway(along, fromMeters, toMeters);

      const tracked = matchToRoute(stage21, fix, along - STEP_METERS, { elapsedMs: 1000 });
      const cold = matchToRoute(stage21, fix, undefined);

      expect(Math.abs(tracked.distanceMeters - along)).toBeLessThan(5);
      expect(cold.offRouteMeters).toBeLessThan(tracked.offRouteMeters - 2);
      expect(stage21.ruler.distance([cold.lon, cold.lat], [other.lon, other.lat])).toBeLessThan(1);
    },
  );
});
