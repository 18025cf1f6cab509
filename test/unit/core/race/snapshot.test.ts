import { describe, expect, it } from 'vitest';
import { applyFixes, buildSnapshot, createRaceState, raceEvents, SNAPSHOT_VERSION } from '../../../../core/race/index';
import { fieldClockMs, GROUP_SILENCE_MS } from '../../../../core/race/snapshot';
import { raceDirectory, ride, riderDevice, START_MS, straightRoute } from '../../../helpers/race-fixtures';

const route = straightRoute(5_000);
const context = { route, directory: raceDirectory([1, 2, 3, 4]) };

function stateAfter(seconds: number) {
  const fixes = [
    ...ride(route, riderDevice(1), 0, seconds, 1_000, 12),
    ...ride(route, riderDevice(2), 0, seconds, 400, 12),
    ...ride(route, riderDevice(3), 0, seconds, 398, 12),
    ...ride(route, riderDevice(4), 0, seconds, 396, 12),
  ];
  return applyFixes(createRaceState(route), fixes, context).state;
}

describe('buildSnapshot', () => {
  it('builds a versioned snapshot with groups, riders and the virtual GC', () => {
    const state = stateAfter(60);

    const snapshot = buildSnapshot({
      stage: 3,
      routeLengthMeters: route.lengthMeters,
      state,
      nowMs: START_MS + 60_000,
      gcBefore: [
        { bib: 1, seconds: 200 },
        { bib: 2, seconds: 100 },
        { bib: 3, seconds: 140 },
        { bib: 4, seconds: 100 },
      ],
    });

    expect(snapshot.v).toBe(SNAPSHOT_VERSION);
    expect(snapshot.headBib).toBe(1);
    expect(snapshot.groups.map((g) => [g.kind, g.riders])).toEqual([
      ['breakaway', [1]],
      ['peloton', [2, 3, 4]],
    ]);
    expect(snapshot.groups[1]?.gapSeconds).toBeCloseTo(50, 0);
    expect(snapshot.riders.find((r) => r.bib === 2)).toMatchObject({ speedKmh: 43.2, status: 'ok', group: 1 });
    expect(snapshot.virtualYellowBib).toBe(2);
    expect(snapshot.virtualGc.map((e) => e.bib)).toEqual([2, 4, 3, 1]);
  });

  it('holds a rider whose tracker has been silent for five minutes of the field out of every group, keeping him in the GC', () => {
    const long = straightRoute(10_000);
    const silentFrom = 60;
    // Riders 1-3 ride on to `second`; rider 4's tracker dies at `silentFrom`, his last fix in the peloton.
    const snapshotAt = (second: number) => {
      const fixes = [
        ...ride(long, riderDevice(1), 0, second, 1_000, 12),
        ...ride(long, riderDevice(2), 0, second, 400, 12),
        ...ride(long, riderDevice(3), 0, second, 398, 12),
        ...ride(long, riderDevice(4), 0, silentFrom, 396, 12),
      ];
      const state = applyFixes(createRaceState(long), fixes, { ...context, route: long }).state;
      return buildSnapshot({ stage: 3, routeLengthMeters: long.lengthMeters, state, nowMs: START_MS + second * 1_000 });
    };

    const silentJustUnder = snapshotAt(silentFrom + GROUP_SILENCE_MS / 1_000);
    const silentPast = snapshotAt(silentFrom + GROUP_SILENCE_MS / 1_000 + 1);

    expect(silentJustUnder.riders.find((r) => r.bib === 4)).toMatchObject({ status: 'lost', group: 1 });
    expect(silentPast.groups.map((g) => g.riders)).toEqual([[1], [2, 3]]);
    expect(silentPast.riders.find((r) => r.bib === 4)).toMatchObject({ status: 'lost', group: -1 });
    expect(silentPast.virtualGc.map((e) => e.bib)).toContain(4);
  });

  it('holds no one out of the groups when most riders are minutes late, as when their stream shard runs behind', () => {
    const long = straightRoute(20_000);
    const late = 300 + GROUP_SILENCE_MS / 1_000 + 100;
    const fixes = [
      ...ride(long, riderDevice(1), 0, late, 1_000, 12),
      ...ride(long, riderDevice(2), 0, late, 400, 12),
      // Riders 3-5's shard is behind: their newest fixes are from 300 s, in the peloton with rider 2.
      ...ride(long, riderDevice(3), 0, 300, 398, 12),
      ...ride(long, riderDevice(4), 0, 300, 396, 12),
      ...ride(long, riderDevice(5), 0, 300, 394, 12),
    ];
    const state = applyFixes(createRaceState(long), fixes, {
      route: long,
      directory: raceDirectory([1, 2, 3, 4, 5]),
    }).state;

    const snapshot = buildSnapshot({
      stage: 3,
      routeLengthMeters: long.lengthMeters,
      state,
      nowMs: START_MS + late * 1_000,
    });

    expect(fieldClockMs(Object.values(state.riders))).toBe(START_MS + 300_000);
    expect(snapshot.groups.map((g) => g.riders)).toEqual([[1], [2, 3, 4, 5]]);
  });

  it('books the finish order and its bonus seconds in the virtual GC', () => {
    const state = stateAfter(420);

    const snapshot = buildSnapshot({
      stage: 3,
      routeLengthMeters: route.lengthMeters,
      state,
      nowMs: START_MS + 420_000,
      finishBonusSeconds: [10, 6, 4],
    });

    expect(snapshot.finishOrder).toEqual([1, 2, 3, 4]);
    expect(snapshot.finishTimesMs).toHaveLength(4);
    expect(snapshot.finishTimesMs![1]! - snapshot.finishTimesMs![0]!).toBeCloseTo(50_000, -3);
    expect(snapshot.groups).toEqual([]);
    expect(snapshot.riders.every((r) => r.finished && r.group === -1)).toBe(true);
    expect(snapshot.virtualGc.map((e) => [e.bib, Math.round(e.virtualSeconds)])).toEqual([
      [1, -10],
      [2, 44],
      [3, 46],
      [4, 50],
    ]);
  });

  it('is empty but valid before any fix', () => {
    const snapshot = buildSnapshot({
      stage: 3,
      routeLengthMeters: route.lengthMeters,
      state: createRaceState(route),
      nowMs: START_MS,
    });

    expect(snapshot).toMatchObject({ headBib: null, groups: [], riders: [], virtualGc: [], virtualYellowBib: null });
  });

  it('predicts a catch chance for the group ahead of the peloton and a finish ETA for every group', () => {
    const nowMs = START_MS + 60_000;

    const snapshot = buildSnapshot({
      stage: 3,
      routeLengthMeters: route.lengthMeters,
      state: stateAfter(60),
      nowMs,
      route,
    });

    expect(snapshot.predictions?.map((p) => p.group)).toEqual([0, 1]);
    const [breakaway, peloton] = snapshot.predictions!;
    expect(breakaway!.catchProbability).toBeGreaterThanOrEqual(0);
    expect(breakaway!.catchProbability).toBeLessThanOrEqual(1);
    expect(peloton!.catchProbability).toBeNull();
    // 1 km and 4.3 km to go at the model's flat pace: the breakaway is due first, both after now.
    expect(breakaway!.finishEtaMs).toBeGreaterThan(nowMs);
    expect(peloton!.finishEtaMs).toBeGreaterThan(breakaway!.finishEtaMs);
  });

  it('carries the event memory from the previous snapshot, so a breakaway is reported once it has held', () => {
    const build = (seconds: number, previous?: ReturnType<typeof buildSnapshot>) =>
      buildSnapshot({
        stage: 3,
        routeLengthMeters: route.lengthMeters,
        state: stateAfter(seconds),
        nowMs: START_MS + seconds * 1_000,
        previous,
      });
    const forming = build(20, build(10));

    const held = build(90, forming);

    expect(forming.memory?.breakaway.phase).toBe('forming');
    expect(held.memory?.breakaway.phase).toBe('away');
    expect(raceEvents(forming, held).map((e) => [e.id, e.bibs])).toEqual([['3-breakaway-formed-1', [1]]]);
    expect(build(90).memory?.breakaway).toMatchObject({ phase: 'forming', formed: 0 });
  });
});
