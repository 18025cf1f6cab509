import { describe, expect, it } from 'vitest';
import { buildGroups, type RiderOnRoad } from '../../../../core/race/index';

const rider = (bib: number, distanceMeters: number, gapSeconds = 0, speed = 12): RiderOnRoad => ({
  bib,
  distanceMeters,
  speedMetersPerSecond: speed,
  gapSeconds,
});

/** A bunch of `size` riders from `firstBib`, 2 m apart, its head at `headMeters`. */
const bunch = (firstBib: number, size: number, headMeters: number, gapSeconds: number): RiderOnRoad[] =>
  Array.from({ length: size }, (_, i) => rider(firstBib + i, headMeters - 2 * i, gapSeconds));

describe('buildGroups', () => {
  it('names a front group, chasers, the peloton, the grupetto and the dropped', () => {
    const riders = [
      ...bunch(1, 3, 10_000, 0),
      ...bunch(10, 2, 9_500, 40),
      ...bunch(20, 30, 9_000, 80),
      ...bunch(60, 9, 7_000, 250),
      rider(80, 6_000, 330),
    ];

    const groups = buildGroups(riders);

    expect(groups.map((g) => [g.kind, g.size])).toEqual([
      ['breakaway', 3],
      ['chasers', 2],
      ['peloton', 30],
      ['grupetto', 9],
      ['dropped', 1],
    ]);
    expect(groups[0]?.isHeadOfRace).toBe(true);
    expect(groups.map((g) => g.gapToPelotonSeconds)).toEqual([-80, -40, 0, 170, 250]);
  });

  it('splits where the time gap to the rider ahead is longer than the split time', () => {
    const riders = [rider(1, 1_000, 0), rider(2, 1_000 - 23, 1.9), rider(3, 1_000 - 23 - 25, 4.0)];

    const groups = buildGroups(riders, { splitSeconds: 2 });

    expect(groups.map((g) => g.riders)).toEqual([[1, 2], [3]]);
  });

  it('keeps a rider whose last fix is old in the group its time gap puts it in', () => {
    // Rider 3's fix is 20 s old: 240 m behind the others on the road, but the same time behind the head.
    const riders = [...bunch(1, 2, 5_000, 30), rider(3, 5_000 - 240, 30.5), ...bunch(10, 3, 6_000, 0)];

    const groups = buildGroups(riders);

    expect(groups.map((g) => g.riders)).toEqual([
      [10, 11, 12],
      [1, 2, 3],
    ]);
  });

  it('calls the head of the race the peloton when the peloton leads', () => {
    const groups = buildGroups([...bunch(1, 20, 5_000, 0), rider(50, 4_000, 80)]);

    expect(groups.map((g) => g.kind)).toEqual(['peloton', 'dropped']);
    expect(groups[0]?.isHeadOfRace).toBe(true);
  });

  it('returns no groups without riders', () => {
    expect(buildGroups([])).toEqual([]);
  });
});
