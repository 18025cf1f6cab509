import { describe, expect, it } from 'vitest';
import { capacityPlan, SHARD_STEP_MINUTES } from '../../../lib/capacity/plan';
import { capacityWindows, wallClock } from '../../../lib/capacity/schedule';
import { loadTourConfig } from '../../../core/tour-config/load';
import { TourConfigShape } from '../../../core/tour-config/schema';
import { validTourJson } from '../../helpers/tour-config';

function tourWith(capacity: Record<string, unknown>, stages?: Record<string, unknown>[]) {
  const json = validTourJson();
  const stage = json.stages[0];
  return TourConfigShape.parse({
    ...json,
    capacity: { ...json.capacity, ...capacity },
    stages: stages ? stages.map((s) => ({ ...stage, ...s })) : json.stages,
  });
}

describe('capacityPlan', () => {
  it('warms tdf2022 stage 1 45 min before its 14:15 Copenhagen start and releases it 30 min after the expected end', () => {
    const plan = capacityPlan(loadTourConfig('tdf2022').config);

    const stage1 = plan.windows[0]!;
    expect(stage1.stages).toEqual([1]);
    expect(new Date(stage1.warmUpMs).toISOString()).toBe('2022-07-01T11:30:00.000Z');
    expect(wallClock(stage1.warmUpMs, stage1.timeZone)).toBe('2022-07-01 13:30');
    expect(new Date(stage1.releaseMs).toISOString()).toBe('2022-07-01T15:57:00.000Z');
    expect(wallClock(stage1.releaseMs, stage1.timeZone)).toBe('2022-07-01 17:57');
    expect(plan.windows).toHaveLength(21);
  });

  it('plans an on-demand stream for tdf2022 with no shard changes and the processor sized on its initial shards', () => {
    const plan = capacityPlan(loadTourConfig('tdf2022').config);

    expect(plan.stream).toMatchObject({ mode: 'on-demand', raceShards: 4, changes: [] });
    expect(plan.processor).toEqual({ parallelizationFactor: 2, race: 8, max: 16 });
  });

  it('schedules one shard change up at each warm-up and one down at each release for tdf2017 (provisioned, 1 ↔ 2)', () => {
    const plan = capacityPlan(loadTourConfig('tdf2017').config);

    expect(plan.stream).toMatchObject({ mode: 'provisioned', idleShards: 1, raceShards: 2 });
    expect(plan.stream.changes).toHaveLength(42);
    expect(plan.stream.changes.slice(0, 2)).toEqual([
      { atMs: plan.windows[0]!.warmUpMs, targetShards: 2, stages: [1] },
      { atMs: plan.windows[0]!.releaseMs, targetShards: 1, stages: [1] },
    ]);
    expect(plan.processor.race).toBe(4);
  });

  it('raises the race shards to what the load needs and steps up ahead of the warm-up', () => {
    const plan = capacityPlan(
      tourWith({
        streamMode: 'provisioned',
        idleShards: 1,
        raceShards: 1,
        ridersExpected: 200,
        fixRateHz: 10,
        headroomFactor: 30,
      }),
    );

    const window = plan.windows[0]!;
    expect(plan.stream.raceShards).toBe(8);
    expect(plan.stream.changes.map((c) => [c.targetShards, (c.atMs - window.warmUpMs) / 60_000])).toEqual([
      [2, -2 * SHARD_STEP_MINUTES],
      [4, -SHARD_STEP_MINUTES],
      [8, 0],
      [4, (window.releaseMs - window.warmUpMs) / 60_000],
      [2, (window.releaseMs - window.warmUpMs) / 60_000 + SHARD_STEP_MINUTES],
      [1, (window.releaseMs - window.warmUpMs) / 60_000 + 2 * SHARD_STEP_MINUTES],
    ]);
    expect(plan.relayBucketsNeeded).toBe(16);
  });
});

describe('capacityPlan with notBeforeMs', () => {
  it('leaves out the stages already over and the shard changes already past when deployed mid-tour', () => {
    const tour = loadTourConfig('tdf2017').config;
    const full = capacityPlan(tour);
    const stage3 = full.windows[2]!;
    const duringStage3 = stage3.warmUpMs + 60_000;

    const plan = capacityPlan(tour, { notBeforeMs: duringStage3 });

    expect(plan.windows[0]).toEqual(stage3);
    expect(plan.windows).toHaveLength(19);
    expect(plan.stream.changes[0]).toEqual({ atMs: stage3.releaseMs, targetShards: 1, stages: [3] });
    expect(plan.notBeforeMs).toBe(duringStage3);
  });
});

describe('capacityWindows', () => {
  it('merges two stages on one day when the first release falls after the second warm-up', () => {
    const tour = tourWith({}, [
      { number: 1, date: '2022-07-01', startLocalTime: '09:00', expectedDurationMinutes: 120 },
      { number: 2, date: '2022-07-01', startLocalTime: '11:30', expectedDurationMinutes: 60 },
    ]);

    const windows = capacityWindows(tour);

    expect(windows).toHaveLength(1);
    expect(windows[0]!.stages).toEqual([1, 2]);
    expect(wallClock(windows[0]!.warmUpMs, 'Europe/Copenhagen')).toBe('2022-07-01 08:15');
    expect(wallClock(windows[0]!.releaseMs, 'Europe/Copenhagen')).toBe('2022-07-01 13:00');
  });

  it('keeps separate windows for stages on consecutive days', () => {
    const tour = tourWith({}, [
      { number: 1, date: '2022-07-01' },
      { number: 2, date: '2022-07-02' },
    ]);

    expect(capacityWindows(tour).map((w) => w.stages)).toEqual([[1], [2]]);
  });
});
