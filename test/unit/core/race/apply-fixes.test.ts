import { describe, expect, it } from 'vitest';
import { applyFixes, createRaceState, type RaceFix, type RaceState } from '../../../../core/race/index';
import {
  fixAt,
  outAndBackRoute,
  raceDirectory,
  ride,
  riderDevice,
  START_MS,
  straightRoute,
} from '../../../helpers/race-fixtures';

const route = straightRoute();
const context = { route, directory: raceDirectory([1, 2]) };
const A = riderDevice(1, 0);
const B = riderDevice(1, 1);

function applyAll(batches: readonly (readonly RaceFix[])[], state: RaceState = createRaceState(route)) {
  const rejects = [];
  const accepted = [];
  for (const batch of batches) {
    const out = applyFixes(state, batch, context);
    state = out.state;
    rejects.push(...out.rejects);
    accepted.push(...out.accepted);
  }
  return { state, rejects, accepted };
}

describe('applyFixes', () => {
  it('matches a rider to the route and smooths speed over the window', () => {
    const fixes = ride(route, A, 0, 20, 1_000, 12);

    const { state } = applyAll([fixes]);

    expect(state.riders['1']?.distanceMeters).toBeCloseTo(1_240, 0);
    expect(state.riders['1']?.speedMetersPerSecond).toBeCloseTo(12, 1);
    expect(state.riders['1']?.stationary).toBe(false);
  });

  it('leaves the input state unchanged', () => {
    const before = createRaceState(route);
    const copy = structuredClone(before);

    applyFixes(before, ride(route, A, 0, 5, 0, 10), context);

    expect(before).toEqual(copy);
  });

  it('leaves a state with riders and passages unchanged, and copies no passage array no crossing changed', () => {
    const before = applyAll([ride(route, A, 0, 30, 0, 10)]).state;
    const copy = structuredClone(before);

    const after = applyFixes(Object.freeze(before), ride(route, A, 31, 34, 310, 10), context).state;

    expect(before).toEqual(copy);
    expect(after.riders['1']?.distanceMeters).toBeCloseTo(340, 0);
    expect(after.secondPassagesMs).toBe(before.secondPassagesMs);
    expect(after.headPassagesMs).not.toBe(before.headPassagesMs);
  });

  it('rejects a fix seen before as a duplicate, by time or by sequence number', () => {
    const fix = fixAt(route, { device: A, seq: 3, second: 3, distanceMeters: 36 });
    const resent = { ...fix, t: fix.t + 500 };

    const { rejects } = applyAll([[fix], [fix, resent]]);

    expect(rejects.map((r) => r.reason)).toEqual(['duplicate', 'duplicate']);
  });

  it('accepts a late fix for history without moving live state backwards', () => {
    const fixes = ride(route, A, 0, 10, 0, 10);
    const late = fixes[5]!;
    const onTime = fixes.filter((f) => f !== late);

    const { state, accepted } = applyAll([onTime, [late]]);

    expect(state.riders['1']?.distanceMeters).toBeCloseTo(100, 0);
    expect(accepted.at(-1)).toMatchObject({ fix: late, live: false });
    expect(accepted.at(-1)?.distanceMeters).toBeCloseTo(50, 0);
  });

  it('finds a rider silent through a turn on the way back, not on the other carriageway beside the last fix', () => {
    // Out 2 km east, a 12 m turn, back west 12 m north of the way out (a boulevard's two carriageways).
    const boulevard = outAndBackRoute(2_000, 12);
    const rider = riderDevice(1);
    const out = ride(boulevard, rider, 0, 180, 0, 10);
    // Silent for 40 s through the turn; back 188 m past it, the fix 5 m towards the way out (GPS error).
    const back = [221, 222, 223, 224, 225].map((second) =>
      fixAt(boulevard, {
        device: rider,
        seq: second,
        second,
        distanceMeters: 2_210 + (second - 221) * 10,
        northMeters: -5,
      }),
    );
    const directory = raceDirectory([1]);

    let state = applyFixes(createRaceState(boulevard), out, { route: boulevard, directory }).state;
    const after = applyFixes(state, back, { route: boulevard, directory });
    state = after.state;

    expect(after.rejects).toEqual([]);
    expect(after.accepted.map((a) => Math.round(a.distanceMeters!))).toEqual([2_210, 2_220, 2_230, 2_240, 2_250]);
    expect(state.riders['1']?.distanceMeters).toBeCloseTo(2_250, 0);
  });

  it('flags a teleport as impossible-speed and keeps it out of live state', () => {
    const fixes = ride(route, A, 0, 5, 0, 10);
    const teleport = fixAt(route, { device: A, seq: 6, second: 6, distanceMeters: 900 });

    const { state, rejects } = applyAll([fixes, [teleport]]);

    expect(rejects).toEqual([{ fix: teleport, reason: 'impossible-speed' }]);
    expect(state.riders['1']?.distanceMeters).toBeCloseTo(50, 0);
  });

  it('rejects a fix far off the route as off-route', () => {
    const fixes = ride(route, A, 0, 5, 0, 10);
    const away = fixAt(route, { device: A, seq: 6, second: 6, distanceMeters: 60, northMeters: 200 });

    const { rejects } = applyAll([fixes, [away]]);

    expect(rejects).toEqual([{ fix: away, reason: 'off-route' }]);
  });

  it('rejects unknown devices and keeps vehicles out of rider state', () => {
    const stray = fixAt(route, { device: 'TRK-999', seq: 0, second: 0, distanceMeters: 0 });
    const car = fixAt(route, { device: 'CAR-1', seq: 0, second: 0, distanceMeters: 0 });

    const { state, rejects, accepted } = applyAll([[stray, car]]);

    expect(rejects).toEqual([{ fix: stray, reason: 'unknown-device' }]);
    expect(accepted).toEqual([
      { fix: car, owner: { kind: 'vehicle', id: 'CAR-1' }, distanceMeters: undefined, live: false, tMs: car.t },
    ]);
    expect(state.riders).toEqual({});
  });

  it('follows the spare bike after a bike change and ignores the race bike on the team car', () => {
    const beforeChange = [...ride(route, A, 0, 60, 0, 12), ...ride(route, A, 61, 75, 720, 0)];
    const spare = ride(route, B, 76, 150, 720, 12);
    const carWithRaceBike = ride(route, A, 76, 150, 720, 11);

    const { state, rejects } = applyAll([beforeChange, [...spare, ...carWithRaceBike]]);

    expect(state.riders['1']?.activeDevice).toBe(B);
    expect(state.riders['1']?.distanceMeters).toBeCloseTo(720 + 74 * 12, 0);
    expect(rejects.filter((r) => r.reason === 'inactive-device').length).toBeGreaterThan(50);
    expect(rejects.every((r) => r.fix.device === A)).toBe(true);
  });

  it("times the first fixes after a bike change on the spare tracker, not across the two trackers' clocks", () => {
    // The race bike's tracker runs 30 s ahead (corrected from its receive times); the spare's clock is right.
    const ahead = (f: RaceFix): RaceFix => ({ ...f, t: f.t + 30_000, receivedMs: f.t + 1_000 });
    const beforeChange = [...ride(route, A, 0, 60, 0, 12), ...ride(route, A, 61, 75, 720, 0)].map(ahead);
    const spare = ride(route, B, 76, 150, 720, 12).map((f) => ({ ...f, receivedMs: f.t + 1_000 }));

    const { state, rejects } = applyAll([beforeChange, spare]);

    expect(rejects).toEqual([]);
    expect(state.riders['1']?.activeDevice).toBe(B);
    expect(state.riders['1']?.distanceMeters).toBeCloseTo(720 + 74 * 12, 0);
  });

  it('keeps the spare bike through a tunnel while the old bike reports from the team car far behind', () => {
    const beforeChange = [...ride(route, A, 0, 60, 0, 12), ...ride(route, A, 61, 75, 720, 0)];
    const spareBeforeTunnel = ride(route, B, 76, 150, 720, 12);
    // The rider rides through a 25 s tunnel (no fixes from B); the car with the old bike is 600 m behind, in the open.
    const spareAfterTunnel = ride(route, B, 176, 200, 720 + 100 * 12, 12);
    const car = ride(route, A, 76, 200, 120, 12);
    const batches = [beforeChange];
    for (let second = 76; second <= 200; second++) {
      batches.push(
        [...spareBeforeTunnel, ...spareAfterTunnel, ...car].filter((f) => f.t === START_MS + second * 1_000),
      );
    }

    const { state } = applyAll(batches);

    expect(state.riders['1']?.activeDevice).toBe(B);
    expect(state.riders['1']?.distanceMeters).toBeCloseTo(720 + 124 * 12, 0);
  });

  it('keeps the spare bike through a short dropout while the old bike reports from the team car 200 m behind', () => {
    const beforeChange = [...ride(route, A, 0, 60, 0, 12), ...ride(route, A, 61, 75, 720, 0)];
    const spareBeforeDropout = ride(route, B, 76, 150, 720, 12);
    // 20 s without fixes from B (shade); the car with the old bike follows 200 m behind the rider at his pace.
    const spareAfterDropout = ride(route, B, 171, 220, 720 + 95 * 12, 12);
    const car = ride(route, A, 90, 220, 720 + 14 * 12 - 200, 12);
    const batches = [beforeChange];
    for (let second = 76; second <= 220; second++) {
      batches.push(
        [...spareBeforeDropout, ...spareAfterDropout, ...car].filter((f) => f.t === START_MS + second * 1_000),
      );
    }

    const { state } = applyAll(batches);

    expect(state.riders['1']?.activeDevice).toBe(B);
    expect(state.riders['1']?.distanceMeters).toBeCloseTo(720 + 144 * 12, 0);
  });

  it('does not let a spare reporting from the team car all day take over', () => {
    const bike = ride(route, A, 0, 120, 0, 12);
    const car = ride(route, B, 0, 120, 0, 11).map((f, i) => ({ ...f, lat: f.lat, lon: f.lon, seq: i }));

    const { state } = applyAll([[...bike, ...car]]);

    expect(state.riders['1']?.activeDevice).toBe(A);
    expect(state.riders['1']?.distanceMeters).toBeCloseTo(1_440, 0);
  });

  it('lets another device of the rider take over when the active one has gone silent', () => {
    const bike = ride(route, A, 0, 30, 0, 10);
    const other = ride(route, B, 0, 70, 0, 10).filter((f) => f.t > START_MS + 50_000);
    const early = ride(route, B, 0, 5, 0, 10);

    const { state } = applyAll([[...bike, ...early], other]);

    expect(state.riders['1']?.activeDevice).toBe(B);
    expect(state.riders['1']?.distanceMeters).toBeCloseTo(700, 0);
  });

  it('books the finish time where the rider crossed the line and freezes live state there', () => {
    const fixes = ride(route, A, 0, 30, route.lengthMeters - 200, 10);

    const { state } = applyAll([fixes]);

    expect(state.riders['1']?.finishTMs).toBeCloseTo(START_MS + 20_000, -3);
    expect(state.riders['1']?.distanceMeters).toBe(route.lengthMeters);
  });

  it('corrects a tracker clock that runs 15 s ahead from the relay receive times', () => {
    const fixes = ride(route, A, 0, 30, 0, 10).map((f) => ({ ...f, t: f.t + 15_000, receivedMs: f.t + 1_000 }));

    const { state } = applyAll([fixes]);

    expect(state.riders['1']?.tMs).toBe(START_MS + 30_000);
  });

  it('refuses no fix while the clock correction settles on a tracker whose first fixes came in one late batch', () => {
    // Batches of 20 s (a relay draining its spool): the first ten delays are 19-10 s, so the learnt correction is
    // +9 s until the next batch's 5 ms delays bring it to -995 ms. On corrected times the rider rode 10 s in 1 s.
    const fixes = ride(route, A, 0, 119, 0, 12.5);
    const batches = [];
    for (let i = 0; i < fixes.length; i += 20) {
      const batch = fixes.slice(i, i + 20);
      const sentAt = batch.at(-1)!.t + 5;
      batches.push(batch.map((f) => ({ ...f, receivedMs: sentAt })));
    }

    const { state, rejects } = applyAll(batches);

    expect(rejects).toEqual([]);
    expect(state.riders['1']?.distanceMeters).toBeCloseTo(119 * 12.5, 0);
  });

  it('records head-of-race passages every 100 m', () => {
    const { state } = applyAll([ride(route, A, 0, 31, 0, 10)]);

    expect(state.headPassagesMs.slice(1, 4)).toEqual([START_MS + 10_000, START_MS + 20_000, START_MS + 30_000]);
  });
});
