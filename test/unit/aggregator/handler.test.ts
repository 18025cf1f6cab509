import { beforeAll, describe, expect, it, vi } from 'vitest';
import { StoreThrottledError } from '../../../core/ports/errors';
import type { AggregatorStage } from '../../../lambdas/aggregator/aggregate';
import type { StoredRider } from '../../../core/ports/rider-state-store';
import { riderStreamEvent, streamRecord } from '../../helpers/dynamodb-stream-event';
import type { RiderRide } from '../../helpers/kinesis-event';
import { SNAPSHOT_VERSION } from '../../../core/race';
import {
  aggregatorFixture,
  aggregatorWorld,
  PAIR,
  ridersAfter as ridersAfterIn,
  START_MS,
  type AggregatorWorld,
} from './aggregator-fixture';

let world: AggregatorWorld;
let stage: AggregatorStage;

beforeAll(() => {
  world = aggregatorWorld();
  ({ stage } = world);
});

const ridersAfter = (rides: readonly RiderRide[], frameCount: number, startMs = START_MS): StoredRider[] =>
  ridersAfterIn(world, rides, frameCount, startMs);
const fixture = () => aggregatorFixture(world);

describe('aggregator handler', () => {
  it('builds the stage snapshot of the stored riders at the batch newest fix time', async () => {
    const f = fixture();
    const riders = ridersAfter(PAIR, 3);
    await f.store(riders);
    await expect(f.run(riderStreamEvent(stage.key, riders))).resolves.toEqual({ batchItemFailures: [] });
    const snapshot = await f.deps.snapshots.get(stage.key);
    expect(snapshot?.v).toBe(SNAPSHOT_VERSION);
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
    let event = riderStreamEvent(stage.key, together);
    // The breakaway must hold its lead a while before it is reported: two batches 80 s apart.
    for (const [sequence, offsetMs] of [
      [3, 120_000],
      [6, 200_000],
    ] as const) {
      const apart = ridersAfter(
        [
          { device: 'TRK-1-A', startMeters: 2_500 + offsetMs / 100, speedMetersPerSecond: 12 },
          { device: 'TRK-3-A', startMeters: 1_300 + offsetMs / 100, speedMetersPerSecond: 12 },
          { device: 'TRK-6-A', startMeters: 1_310 + offsetMs / 100, speedMetersPerSecond: 12 },
        ],
        2,
        START_MS + offsetMs,
      );
      await f.store(apart);
      event = riderStreamEvent(stage.key, apart, sequence);
      await f.run(event);
    }
    const snapshot = await f.deps.snapshots.get(stage.key);
    const events = await f.deps.events.latest(stage.key, 10);
    expect(snapshot?.groups.map((g) => [g.kind, g.riders])).toEqual([
      ['breakaway', [1]],
      ['peloton', [6, 3]],
    ]);
    expect(events.find((e) => e.kind === 'breakaway-formed')).toMatchObject({ tMs: snapshot?.tMs, bibs: [1] });
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
