import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyFixes,
  buildSnapshot,
  createRaceState,
  NOMINAL_DELAY_MS,
  type RaceFix,
} from '../../../../core/race/index';
import {
  MAX_START_SPAN_MS,
  MIN_START_MOVE_SPEED,
  recordTimeChecks,
  TIME_CHECK_STEP_METERS,
  TIME_TRIAL_START_METERS,
  timeTrialGaps,
  type TimeCheckRider,
} from '../../../../core/race/time-checks';
import { raceDirectory, ride, riderDevice, START_MS, straightRoute } from '../../../helpers/race-fixtures';

const route = straightRoute(5_000);

/** Rider `bib` waits on the ramp from second 0, starts at `startSecond` and rides at `speed` m/s until `toSecond`. */
function timeTrialRider(bib: number, startSecond: number, speed: number, toSecond: number): RaceFix[] {
  const device = riderDevice(bib);
  const waiting = ride(route, device, 0, startSecond, 0, 0);
  const riding = ride(route, device, startSecond + 1, toSecond, speed, speed);
  return [...waiting, ...riding];
}

describe('time-trial clocks', () => {
  it("records a rider's start, his elapsed time at each kilometre and at the finish, on his tracker's clock", () => {
    const fixes = timeTrialRider(1, 60, 10, 60 + 520);
    const state = applyFixes(createRaceState(route), fixes, {
      route,
      directory: raceDirectory([1]),
      timeTrial: true,
    }).state;
    const rider = state.riders['1']!;

    // At 10 m/s the 50 m start mark is crossed 5 s after leaving, each km 100 s after the previous; no check at the
    // line.
    expect(rider.timeTrialStartMs).toBe(START_MS + 65_000);
    expect(rider.timeTrialDevice).toBe(riderDevice(1));
    expect(rider.timeChecksMs).toEqual([95_000, 195_000, 295_000, 395_000]);
    // The finish is taken at the line, from the speed before it (the route is a few metres over 5 km).
    expect(rider.timeTrialElapsedMs).toBe(Math.round((route.lengthMeters - TIME_TRIAL_START_METERS) * 100));
  });

  it('keeps elapsed times exact on a tracker whose 25 s clock error is learnt only after the start', () => {
    // The tracker's clock runs 25 s behind; the relay's receive times let the engine learn that over the first fixes.
    const skewed = timeTrialRider(1, 4, 10, 4 + 520).map((f) => ({
      ...f,
      t: f.t - 25_000,
      receivedMs: f.t + NOMINAL_DELAY_MS,
    }));
    const rider = applyFixes(createRaceState(route), skewed, {
      route,
      directory: raceDirectory([1]),
      timeTrial: true,
    }).state.riders['1']!;

    expect(rider.timeChecksMs).toEqual([95_000, 195_000, 295_000, 395_000]);
    expect(rider.timeTrialElapsedMs).toBe(Math.round((route.lengthMeters - TIME_TRIAL_START_METERS) * 100));
  });

  it('keeps no clock on a road stage', () => {
    const state = applyFixes(createRaceState(route), timeTrialRider(1, 10, 10, 200), {
      route,
      directory: raceDirectory([1]),
    }).state;

    expect(state.riders['1']!.timeTrialStartMs).toBeUndefined();
    expect(state.riders['1']!.timeChecksMs).toBeUndefined();
  });

  it('starts no clock for a rider first heard past the start mark, or whose start fell in a long silence', () => {
    const late: TimeCheckRider = {};
    recordTimeChecks(late, { device: 'T', fromMeters: 80, fromClockMs: 0, toMeters: 1_200, toClockMs: 100_000 }, 5_000);
    const silent: TimeCheckRider = {};
    // 115 m in 33 s: 3.5 m/s on average, so the rider stood on the ramp for much of it.
    const span = Math.max(MAX_START_SPAN_MS, (115 / MIN_START_MOVE_SPEED) * 1_000) + 10_000;
    recordTimeChecks(silent, { device: 'T', fromMeters: 0, fromClockMs: 0, toMeters: 115, toClockMs: span }, 5_000);
    // The same distance polled 7 s apart (the 2017 feed's time trial) is a rider who rode all the way.
    const polled: TimeCheckRider = {};
    recordTimeChecks(polled, { device: 'T', fromMeters: 0, fromClockMs: 0, toMeters: 70, toClockMs: 7_000 }, 5_000);

    expect(late).toEqual({});
    expect(silent).toEqual({});
    expect(polled).toEqual({ timeTrialStartMs: 5_000, timeTrialDevice: 'T' });
    // A rider still slow as he passes the mark, seen every second, is timed.
    const slow: TimeCheckRider = {};
    recordTimeChecks(slow, { device: 'T', fromMeters: 46, fromClockMs: 0, toMeters: 50, toClockMs: 1_000 }, 5_000);
    expect(slow.timeTrialStartMs).toBe(1_000);
  });

  it('leaves a hole for a check crossed while the rider was refused, and fills the checks after it', () => {
    const rider: TimeCheckRider = {};
    const move = (fromMeters: number, toMeters: number) =>
      recordTimeChecks(
        rider,
        { device: 'T', fromMeters, fromClockMs: fromMeters * 100, toMeters, toClockMs: toMeters * 100 },
        5_000,
      );
    move(0, 40);
    move(40, 60);
    move(60, 1_500);
    move(2_100, 3_050);

    const start = TIME_TRIAL_START_METERS * 100;
    expect(rider.timeChecksMs).toEqual([100_000 - start, null, 300_000 - start]);
  });

  it('gives each rider his time lost on the fastest at his latest check: 0 for the fastest there, never negative', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ start: fc.integer({ min: 0, max: 600 }), speed: fc.integer({ min: 8, max: 15 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.integer({ min: 100, max: 1_200 }),
        (riders, seconds) => {
          const fixes = riders.flatMap((r, i) => timeTrialRider(i + 1, r.start, r.speed, r.start + seconds));
          const state = applyFixes(createRaceState(route), fixes, {
            route,
            directory: raceDirectory(riders.map((_, i) => i + 1)),
            timeTrial: true,
          }).state;
          const gaps = timeTrialGaps(Object.values(state.riders), route.lengthMeters);
          const taken = [...gaps.entries()].map(([bib, gap]) => ({ ...gap, speed: riders[bib - 1]!.speed }));
          for (const gap of taken) {
            expect(gap.gapSeconds).toBeGreaterThanOrEqual(0);
            expect(gap.atMeters % TIME_CHECK_STEP_METERS === 0 || gap.atMeters === route.lengthMeters).toBe(true);
            // Riders hold their speed: the fastest of all is never behind anyone, and at one check a faster rider
            // has lost no more than a slower one.
            if (gap.speed === Math.max(...riders.map((r) => r.speed))) expect(gap.gapSeconds).toBe(0);
            for (const other of taken) {
              if (other.atMeters === gap.atMeters && other.speed > gap.speed)
                expect(other.gapSeconds).toBeLessThan(gap.gapSeconds);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('virtual GC of a time trial', () => {
  // Rider 1 starts first and rides 10 m/s; rider 2 starts 2 min later and rides 12.5 m/s; both are past km 2, not km 3.
  const fixes = [...timeTrialRider(1, 0, 10, 290), ...timeTrialRider(2, 120, 12.5, 290)];
  const state = applyFixes(createRaceState(route), fixes, {
    route,
    directory: raceDirectory([1, 2, 3]),
    timeTrial: true,
  }).state;
  const snapshotWith = (gcBefore: { bib: number; seconds: number }[], timeTrial: boolean) =>
    buildSnapshot({
      stage: 20,
      routeLengthMeters: route.lengthMeters,
      state,
      nowMs: START_MS + 290_000,
      gcBefore,
      timeTrial,
    });

  it('ranks by time lost at the same time check, not by the road gap, which says who started first', () => {
    const snapshot = snapshotWith([], true);
    const road = snapshotWith([], false);

    // At km 2 rider 1 took 195 s, rider 2 156 s: rider 2 leads by 39 s though he is 2 min behind on the road.
    expect(snapshot.virtualGc.map((e) => [e.bib, e.behindSeconds])).toEqual([
      [2, 0],
      [1, 39],
    ]);
    expect(snapshot.riders.map((r) => [r.bib, r.timeTrialGapSeconds, r.timeCheckMeters])).toEqual([
      [1, 39, 2_000],
      [2, 0, 2_000],
    ]);
    expect(road.virtualYellowBib).toBe(1);
  });

  it('counts a rider not yet at his first check at his GC time before the stage', () => {
    const gcBefore = [
      { bib: 1, seconds: 100 },
      { bib: 2, seconds: 0 },
      { bib: 3, seconds: 20 },
    ];
    const withRider3 = applyFixes(state, ride(route, riderDevice(3), 280, 290, 0, 0), {
      route,
      directory: raceDirectory([1, 2, 3]),
      timeTrial: true,
    }).state;
    const snapshot = buildSnapshot({
      stage: 20,
      routeLengthMeters: route.lengthMeters,
      state: withRider3,
      nowMs: START_MS + 290_000,
      gcBefore,
      timeTrial: true,
    });

    expect(snapshot.virtualGc.map((e) => [e.bib, e.virtualSeconds])).toEqual([
      [2, 0],
      [3, 20],
      [1, 139],
    ]);
  });
});
