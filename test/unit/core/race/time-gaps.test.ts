import { describe, expect, it } from 'vitest';
import { applyFixes, createRaceState, headOfRace, riderGaps } from '../../../../core/race/index';
import { raceDirectory, ride, riderDevice, START_MS, straightRoute } from '../../../helpers/race-fixtures';

const route = straightRoute();
const context = { route, directory: raceDirectory([1, 2, 3]) };

describe('riderGaps', () => {
  it('measures each rider behind the head at the same point of the road', () => {
    const fixes = [
      ...ride(route, riderDevice(1), 0, 120, 600, 10),
      ...ride(route, riderDevice(2), 0, 120, 0, 10),
      ...ride(route, riderDevice(3), 0, 120, 300, 12),
    ];

    const { state } = applyFixes(createRaceState(route), fixes, context);
    const gaps = riderGaps(state, route.lengthMeters, START_MS + 120_000);

    expect(gaps.map((g) => g.bib)).toEqual([1, 2, 3]);
    expect(gaps[0]).toEqual({ bib: 1, gapSeconds: 0, uncertaintySeconds: 0 });
    expect(gaps[1]?.gapSeconds).toBeCloseTo(60, 1);
    expect(gaps[2]?.gapSeconds).toBeCloseTo(6, 1);
    // About a 95 % interval: two standard errors of the difference of two 5 m GPS errors, at rider 3's 12 m/s.
    expect(gaps[2]?.uncertaintySeconds).toBeCloseTo((2 * Math.SQRT2 * 5) / 12, 2);
  });

  it('grows the uncertainty with the age of the fix', () => {
    const fixes = [...ride(route, riderDevice(1), 0, 60, 600, 10), ...ride(route, riderDevice(2), 0, 30, 0, 10)];

    const { state } = applyFixes(createRaceState(route), fixes, context);
    const fresh = riderGaps(state, route.lengthMeters, START_MS + 30_000)[1]!;
    const old = riderGaps(state, route.lengthMeters, START_MS + 90_000)[1]!;

    expect(old.uncertaintySeconds).toBeGreaterThan(fresh.uncertaintySeconds + 2);
  });

  it('measures behind the front group rather than behind its luckiest GPS fix', () => {
    // Riders 1-3 ride together; GPS puts rider 1 8 m and rider 2 4 m ahead of rider 3. Rider 4 is 10 s behind them.
    const bunch = { route, directory: raceDirectory([1, 2, 3, 4]) };
    const fixes = [
      ...ride(route, riderDevice(1), 0, 120, 1_008, 10),
      ...ride(route, riderDevice(2), 0, 120, 1_004, 10),
      ...ride(route, riderDevice(3), 0, 120, 1_000, 10),
      ...ride(route, riderDevice(4), 0, 120, 900, 10),
    ];

    const { state } = applyFixes(createRaceState(route), fixes, bunch);
    const gaps = riderGaps(state, route.lengthMeters, START_MS + 120_000);

    expect(gaps[0]?.gapSeconds).toBe(0);
    expect(gaps[3]?.gapSeconds).toBeCloseTo(10, 1);
  });

  it('returns no gaps and no head before any fix', () => {
    const state = createRaceState(route);

    expect(riderGaps(state, route.lengthMeters, START_MS)).toEqual([]);
    expect(headOfRace(state, route.lengthMeters)).toBeUndefined();
  });
});
