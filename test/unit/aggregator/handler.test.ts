import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { StoreThrottledError } from '../../../lambdas/adapters/errors';
import { MemoryEventStore } from '../../../lambdas/adapters/memory/event-store';
import { MemoryRiderStateStore } from '../../../lambdas/adapters/memory/rider-state-store';
import { MemorySnapshotStore } from '../../../lambdas/adapters/memory/snapshot-store';
import type { StoredRider } from '../../../lambdas/adapters/rider-state-store';
import type { AggregatorStage } from '../../../lambdas/aggregator/aggregate';
import { aggregatorStageOf } from '../../../lambdas/aggregator/deps';
import { createAggregatorHandler } from '../../../lambdas/aggregator/handler';
import { raceFixesOf } from '../../../lambdas/processor/decode-record';
import { applyStageFixes, type StageContext } from '../../../lambdas/processor/stage-batch';
import { buildDeviceDirectory, deviceAssignmentsFromConfig } from '../../../lambdas/race';
import { loadTourConfig } from '../../../lib/tour-config/load';
import { riderStreamEvent, streamRecord } from '../../helpers/dynamodb-stream-event';
import { lambdaContext, rideFrames, type RiderRide } from '../../helpers/kinesis-event';

const START_MS = Date.UTC(2022, 6, 2, 10, 30, 0);
let stage: AggregatorStage;
let processing: StageContext;

beforeAll(() => {
  const tour = loadTourConfig('tdf2022');
  stage = aggregatorStageOf(tour, 'tdf2022', 2)!;
  const directory = buildDeviceDirectory(deviceAssignmentsFromConfig(tour.config.devices));
  processing = { key: stage.key, route: stage.route, directory };
});

/** Rider items as the processor stores them after `frameCount` frames of the rides. */
function ridersAfter(rides: readonly RiderRide[], frameCount: number, startMs = START_MS): StoredRider[] {
  const frames = rideFrames(stage.route, rides, startMs, frameCount);
  return [...applyStageFixes(new Map(), frames.flatMap(raceFixesOf), processing).riders];
}

const PAIR: RiderRide[] = [
  { device: 'TRK-1-A', startMeters: 1_000, speedMetersPerSecond: 12 },
  { device: 'TRK-3-A', startMeters: 1_020, speedMetersPerSecond: 12 },
];

function fixture() {
  const deps = {
    tour: 'tdf2022',
    riderStates: new MemoryRiderStateStore(),
    snapshots: new MemorySnapshotStore(),
    events: new MemoryEventStore(),
    stageContext: (n: number) => (n === stage.key.stage ? stage : undefined),
  };
  const handler = createAggregatorHandler(deps);
  return {
    deps,
    store: (riders: readonly StoredRider[]) => deps.riderStates.putIfNewer(stage.key, riders),
    run: async (event: DynamoDBStreamEvent) =>
      (await handler(event, lambdaContext(), () => undefined)) as DynamoDBBatchResponse,
  };
}

describe('aggregator handler', () => {
  it('builds the stage snapshot of the stored riders at the batch newest fix time', async () => {
    const f = fixture();
    const riders = ridersAfter(PAIR, 3);
    await f.store(riders);
    await expect(f.run(riderStreamEvent(stage.key, riders))).resolves.toEqual({ batchItemFailures: [] });
    const snapshot = await f.deps.snapshots.get(stage.key);
    expect(snapshot?.v).toBe(1);
    expect(snapshot?.stage).toBe(2);
    expect(snapshot?.tMs).toBe(Math.max(...riders.map((r) => r.newestFixMs)));
    expect(snapshot?.riders.map((r) => r.bib)).toEqual([1, 3]);
    expect(snapshot?.headBib).toBe(3);
    expect(await f.deps.events.latest(stage.key, 10)).toEqual([]);
  });

  it('writes the race events since the previous snapshot, and a replayed batch changes nothing', async () => {
    const f = fixture();
    const together = ridersAfter(PAIR, 2);
    await f.store(together);
    await f.run(riderStreamEvent(stage.key, together));
    const apart = ridersAfter(
      [
        { device: 'TRK-1-A', startMeters: 2_500, speedMetersPerSecond: 12 },
        { device: 'TRK-3-A', startMeters: 1_300, speedMetersPerSecond: 12 },
        { device: 'TRK-6-A', startMeters: 1_310, speedMetersPerSecond: 12 },
      ],
      2,
      START_MS + 120_000,
    );
    await f.store(apart);
    const event = riderStreamEvent(stage.key, apart, 3);
    await f.run(event);
    const snapshot = await f.deps.snapshots.get(stage.key);
    const events = await f.deps.events.latest(stage.key, 10);
    expect(snapshot?.groups.map((g) => [g.kind, g.riders])).toEqual([
      ['breakaway', [1]],
      ['peloton', [6, 3]],
    ]);
    expect(snapshot?.groups[1]?.gapSeconds).toBeCloseTo(99, -1);
    expect(events).toEqual([
      {
        id: `2-breakaway-formed-${snapshot?.tMs}`,
        kind: 'breakaway-formed',
        tMs: snapshot?.tMs,
        distanceMeters: 2608,
        bibs: [1],
        text: 'Breakaway at km 2.6: Tadej Pogacar.',
      },
    ]);
    const putAll = vi.spyOn(f.deps.events, 'putAll');
    await expect(f.run(event)).resolves.toEqual({ batchItemFailures: [] });
    await expect(f.deps.snapshots.get(stage.key)).resolves.toEqual(snapshot);
    await expect(f.deps.events.latest(stage.key, 10)).resolves.toEqual(events);
    expect(putAll).not.toHaveBeenCalled();
  });

  it('does not overwrite a newer snapshot with an older batch', async () => {
    const f = fixture();
    const early = ridersAfter(PAIR, 2);
    const late = ridersAfter(PAIR, 6);
    await f.store(late);
    await f.run(riderStreamEvent(stage.key, late, 10));
    const newer = await f.deps.snapshots.get(stage.key);
    await expect(f.run(riderStreamEvent(stage.key, early, 1))).resolves.toEqual({ batchItemFailures: [] });
    await expect(f.deps.snapshots.get(stage.key)).resolves.toEqual(newer);
    expect(newer?.tMs).toBe(START_MS + 29_000);
  });

  it("ignores snapshot, event, track, removed and other tours' records, so it never triggers itself", async () => {
    const f = fixture();
    const load = vi.spyOn(f.deps.riderStates, 'load');
    const pk = 'STAGE#tdf2022#2';
    const event = {
      Records: [
        streamRecord(pk, 'SNAPSHOT', '1', START_MS),
        streamRecord(pk, `EVENT#0${START_MS}#2-finish-1`, '2', START_MS, 'INSERT'),
        streamRecord(pk, 'TRACK#1#00001656757800000', '3', START_MS, 'INSERT'),
        streamRecord(pk, 'RIDER#1', '4', START_MS, 'REMOVE'),
        streamRecord('STAGE#tdf2017#2', 'RIDER#1', '5', START_MS),
        streamRecord('STAGE#tdf2022#9', 'RIDER#1', '6', START_MS),
      ],
    };
    await expect(f.run(event)).resolves.toEqual({ batchItemFailures: [] });
    expect(load).not.toHaveBeenCalled();
    await expect(f.deps.snapshots.get(stage.key)).resolves.toBeUndefined();
  });

  it('reports the records of a throttled stage for retry, and the retry builds the snapshot', async () => {
    const f = fixture();
    const riders = ridersAfter(PAIR, 3);
    await f.store(riders);
    f.deps.snapshots.faults.enqueue(undefined, new StoreThrottledError('throttled'));
    const event = riderStreamEvent(stage.key, riders, 7);
    await expect(f.run(event)).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: '7' }, { itemIdentifier: '8' }],
    });
    await expect(f.deps.snapshots.get(stage.key)).resolves.toBeUndefined();
    await expect(f.run(event)).resolves.toEqual({ batchItemFailures: [] });
    expect((await f.deps.snapshots.get(stage.key))?.riders).toHaveLength(2);
  });
});
