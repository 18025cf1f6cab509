import { describe, expect, it } from 'vitest';
import {
  applyFixes,
  buildSnapshot,
  createRaceState,
  prepareRoute,
  replayFixes,
  snapshotAt,
  snapshotStageOf,
  type RaceFix,
  type ReplayBatch,
  type ReplayStage,
  type StageSnapshot,
} from '../../../../core/race/index';
import { loadStageRoute, loadTourConfig, stageOf } from '../../../../core/tour-config/load';
import { raceDirectory, ride, riderDevice, START_MS, straightRoute } from '../../../helpers/race-fixtures';

const route = straightRoute(5_000);
const SECONDS = 100;

/** One batch per second: a breakaway rider 300 m ahead of three riders together, all at 12 m/s. */
function secondsOfRace(): RaceFix[][] {
  const fixes = [
    ...ride(route, riderDevice(1), 0, SECONDS, 300, 12),
    ...ride(route, riderDevice(2), 0, SECONDS, 0, 12),
    ...ride(route, riderDevice(3), 0, SECONDS, 2, 12),
    ...ride(route, riderDevice(4), 0, SECONDS, 4, 12),
  ];
  return Array.from({ length: SECONDS + 1 }, (_, s) => fixes.filter((f) => f.t === START_MS + s * 1_000));
}

const stage: ReplayStage = {
  stage: 3,
  route,
  directory: raceDirectory([1, 2, 3, 4]),
  gcBefore: [{ bib: 2, seconds: 30 }],
  finishBonusSeconds: [10, 6, 4],
  lines: [{ kind: 'sprint', name: 'Km 2', meters: 2_000 }],
};
const atEndOfSecond = (fixes: readonly RaceFix[], s: number): ReplayBatch => ({
  nowMs: START_MS + (s + 1) * 1_000,
  fixes,
});

describe('replayFixes', () => {
  it('yields the state and snapshot of applying each batch in turn, each snapshot given the one before', () => {
    const batches = secondsOfRace();
    const expected: StageSnapshot[] = [];
    let state = createRaceState(route);
    batches.forEach((fixes, s) => {
      state = applyFixes(state, fixes, { route, directory: stage.directory }).state;
      expected.push(
        buildSnapshot({
          stage: 3,
          routeLengthMeters: route.lengthMeters,
          state,
          nowMs: START_MS + (s + 1) * 1_000,
          gcBefore: stage.gcBefore,
          finishBonusSeconds: stage.finishBonusSeconds,
          previous: expected.at(-1),
          route,
          lines: stage.lines,
        }),
      );
    });

    const steps = [...replayFixes(stage, batches, atEndOfSecond)];

    expect(steps.map((s) => s.snapshot)).toEqual(expected);
    expect(steps.at(-1)!.state).toEqual(state);
    expect(steps.at(-1)!.snapshot.groups.map((g) => g.riders)).toEqual([[1], [4, 3, 2]]);
  });

  it('gives each step its item, index, batch and the previous step’s snapshot, none to the first', () => {
    const batches = secondsOfRace();

    const steps = [...replayFixes(stage, batches, atEndOfSecond)];

    expect(steps.map((s) => s.index)).toEqual(batches.map((_, i) => i));
    expect(steps.every((s, i) => s.item === batches[i] && s.batch.fixes === batches[i])).toBe(true);
    expect(steps[0]!.previous).toBeUndefined();
    expect(steps.slice(1).every((s, i) => s.previous === steps[i]!.snapshot)).toBe(true);
    expect(steps[5]!.applied.accepted).toHaveLength(4);
    expect(steps[5]!.applied.state).toBe(steps[5]!.state);
  });

  it('counts a rejected fix in its step: a batch replayed twice is all duplicates the second time', () => {
    const [first] = secondsOfRace();

    const steps = [...replayFixes(stage, [first!, first!], atEndOfSecond)];

    expect(steps[0]!.applied.rejects).toEqual([]);
    expect(steps[1]!.applied.rejects.map((r) => r.reason)).toEqual(Array(4).fill('duplicate'));
  });

  it('reads an item only when its step is asked for', () => {
    const batches = secondsOfRace();
    const read: number[] = [];

    const steps = replayFixes(stage, batches, (fixes, i) => {
      read.push(i);
      return atEndOfSecond(fixes, i);
    });
    steps.next();
    steps.next();

    expect(read).toEqual([0, 1]);
  });

  it("keeps each rider's time-trial clock only when the stage is a time trial", () => {
    const batches = secondsOfRace();

    const road = [...replayFixes(stage, batches, atEndOfSecond)].at(-1)!;
    const clock = [...replayFixes({ ...stage, timeTrial: true }, batches, atEndOfSecond)].at(-1)!;

    expect(road.state.riders['2']!.timeTrialStartMs).toBeUndefined();
    expect(road.snapshot.riders.every((r) => r.timeCheckMeters === undefined)).toBe(true);
    // Rider 2 leaves from 0 m at 12 m/s: the 50 m start mark 50/12 s after the first fix.
    expect(clock.state.riders['2']!.timeTrialStartMs).toBe(START_MS + Math.round((50 / 12) * 1_000));
    expect(clock.snapshot.riders.find((r) => r.bib === 2)?.timeCheckMeters).toBe(1_000);
  });

  it('splits groups with the stage’s group options', () => {
    const batches = secondsOfRace();

    const last = [...replayFixes({ ...stage, groupOptions: { splitSeconds: 0.1 } }, batches, atEndOfSecond)].at(-1)!;

    expect(last.snapshot.groups.map((g) => g.riders)).toEqual([[1], [4], [3], [2]]);
  });
});

describe('snapshotStageOf', () => {
  const tour = loadTourConfig('tdf2022');

  it('reads the GC before the stage, its finish bonuses, its lines scaled to the route and whether it is a time trial', () => {
    const config = stageOf(tour, 4);
    const stageRoute = prepareRoute(loadStageRoute(tour, 4));
    const standings = [
      { bib: 1, seconds: 0 },
      { bib: 2, seconds: 12 },
    ];
    const withGc = {
      ...tour.config,
      gcBeforeStage: [
        { stage: 3, source: 'test', standings: [{ bib: 1, seconds: 5 }] },
        { stage: 4, source: 'test', standings },
      ],
    };

    const read = snapshotStageOf(withGc, config, stageRoute);

    expect(read.stage).toBe(4);
    expect(read.route).toBe(stageRoute);
    expect(read.gcBefore).toEqual(standings);
    expect(read.finishBonusSeconds).toEqual([10, 6, 4]);
    expect(read.lines!.map((l) => [l.kind, l.name])).toEqual([
      ['sprint', config.sprints[0]!.name],
      ...config.climbs.map((c) => ['kom', c.name]),
    ]);
    const lastClimb = config.climbs.at(-1)!;
    expect(read.lines!.at(-1)!.meters).toBeCloseTo(
      (lastClimb.summitKm / config.distanceKm) * stageRoute.lengthMeters,
      6,
    );
    expect(read.timeTrial).toBe(false);
  });

  it('marks a time trial, and a stage with no GC before it starts everyone at 0', () => {
    const stageRoute = prepareRoute(loadStageRoute(tour, 20));

    const read = snapshotStageOf(tour.config, stageOf(tour, 20), stageRoute);

    expect(read.timeTrial).toBe(true);
    expect(read.gcBefore).toEqual([]);
    expect(read.finishBonusSeconds).toEqual([]);
  });
});

describe('snapshotAt', () => {
  it('builds the snapshot buildSnapshot builds from the stage rules', () => {
    const batches = secondsOfRace();
    const state = applyFixes(createRaceState(route), batches.flat(), { route, directory: stage.directory }).state;
    const nowMs = START_MS + SECONDS * 1_000;

    const snapshot = snapshotAt(
      { ...stage, timeTrial: true, groupOptions: { splitSeconds: 1 } },
      state,
      nowMs,
      undefined,
    );

    expect(snapshot).toEqual(
      buildSnapshot({
        stage: 3,
        routeLengthMeters: route.lengthMeters,
        state,
        nowMs,
        gcBefore: stage.gcBefore,
        finishBonusSeconds: stage.finishBonusSeconds,
        route,
        lines: stage.lines,
        timeTrial: true,
        groupOptions: { splitSeconds: 1 },
      }),
    );
    expect(snapshot.virtualGc.length).toBeGreaterThan(0);
  });
});
