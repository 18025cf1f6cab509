import { beforeAll, describe, expect, it } from 'vitest';
import { StoreThrottledError } from '../../../core/ports/errors';
import { createProcessorHandler } from '../../../lambdas/processor/handler';
import { kinesisEvent, lambdaContext } from '../../helpers/kinesis-event';
import { processorFixture, processorWorld, START_MS, type ProcessorWorld } from './processor-fixture';

let world: ProcessorWorld;

beforeAll(() => {
  world = processorWorld();
});

describe('processor handler history', () => {
  it('writes every accepted fix with team, km, gradient, altitude and speed', async () => {
    const f = processorFixture(world);

    await f.run(kinesisEvent(world.frames.slice(0, 2)));

    const rows = f.deps.history.all(world.context.key);
    expect(rows).toHaveLength(20);
    const rider1 = rows.filter((r) => r.bib === 1);
    expect(rider1.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rider1[0]?.team).toBe(world.context.teamOf(1));
    expect(rider1[0]?.team).not.toBe('unknown');
    expect(rider1[0]?.speedKmh).toBeUndefined();
    expect(rider1[5]?.distanceMeters).toBeCloseTo(1_000 + 12 * 5, -1);
    expect(rider1[5]?.speedKmh).toBeGreaterThan(12 * 3.6 - 8);
    expect(rider1[5]?.speedKmh).toBeLessThan(12 * 3.6 + 8);
    expect(Number.isFinite(rider1[5]?.gradientPercent)).toBe(true);
    expect(Number.isFinite(rider1[5]?.altMeters)).toBe(true);
    expect(f.total('HistoryRecordsWritten')).toBe(20);
  });

  it('seeds the first fix speed of a batch from the stored device position', async () => {
    const f = processorFixture(world);
    await f.run(kinesisEvent(world.frames.slice(0, 1)));

    await f.run(kinesisEvent(world.frames.slice(1, 2), 2));

    const first = f.deps.history.all(world.context.key).find((r) => r.bib === 1 && r.seq === 5);
    expect(first?.speedKmh).toBeGreaterThan(12 * 3.6 - 8);
  });

  it('counts each fix once in history and tracks when a batch is delivered twice', async () => {
    const f = processorFixture(world);
    const event = kinesisEvent(world.frames.slice(0, 3));

    await f.run(event);
    await f.run(event);

    expect(f.deps.history.all(world.context.key)).toHaveLength(30);
    expect(f.total('HistoryRecordsWritten')).toBe(30);
    expect(await f.deps.tracks.track(world.context.key, 1)).toHaveLength(2);
  });

  it('writes history before tracks and rider state, so a retry after a failed track write completes once', async () => {
    const f = processorFixture(world);
    const event = kinesisEvent(world.frames.slice(0, 2));
    f.deps.tracks.faults.enqueue(new StoreThrottledError('BatchWriteItem was throttled'));

    // Tracks and rider states are written once at the batch's end: their failure fails the whole batch.
    await expect(f.run(event)).rejects.toThrow(StoreThrottledError);
    expect(f.deps.history.all(world.context.key)).toHaveLength(20);
    expect(await f.deps.tracks.track(world.context.key, 1)).toHaveLength(0);
    expect((await f.deps.riderStates.load(world.context.key, [1])).size).toBe(0);

    await expect(f.run(event)).resolves.toEqual({ batchItemFailures: [] });
    expect(f.deps.history.all(world.context.key)).toHaveLength(20);
    expect(f.total('HistoryRecordsWritten')).toBe(20);
    // The retry applies both records in order, so the rider ends where a run without the fault ends.
    const clean = processorFixture(world);
    await clean.run(event);
    const stored = (await f.deps.riderStates.load(world.context.key, [1])).get(1);
    expect(stored).toEqual((await clean.deps.riderStates.load(world.context.key, [1])).get(1));
    expect(stored?.live.tMs).toBeGreaterThan(START_MS + 8_000);
    expect(await f.deps.tracks.track(world.context.key, 1)).toHaveLength(1);
  });

  it('reports the record for retry and writes neither track nor rider state when history is throttled', async () => {
    const f = processorFixture(world);
    f.deps.history.faults.enqueue(new StoreThrottledError('WriteRecords was throttled'));
    const otherStage = { ...world.frames[0]!, fixes: [] };

    await expect(f.run(kinesisEvent([world.frames[0]!, otherStage]))).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: '1' }, { itemIdentifier: '2' }],
    });

    expect(await f.deps.tracks.track(world.context.key, 1)).toHaveLength(0);
    expect((await f.deps.riderStates.load(world.context.key, [1])).size).toBe(0);
  });

  it('quarantines fixes the history store refuses as history-rejected and keeps the rest', async () => {
    const f = processorFixture(world);
    f.deps.history.refuse = (fix) => (fix.bib === 3 && fix.seq === 2 ? 'outside the ingestion window' : undefined);

    await expect(f.run(kinesisEvent(world.frames.slice(0, 1)))).resolves.toEqual({ batchItemFailures: [] });

    const quarantined = [...f.deps.quarantine.objects.values()];
    expect(quarantined.map((q) => q.reason)).toEqual(['history-rejected']);
    expect(JSON.parse(Buffer.from(quarantined[0]!.dataBase64, 'base64').toString())).toEqual([
      expect.objectContaining({ bib: 3, seq: 2, storeReason: 'outside the ingestion window' }),
    ]);
    expect(f.deps.history.all(world.context.key)).toHaveLength(9);
    expect(f.total('FixesQuarantined', '2', 'history-rejected')).toBe(1);
  });

  it('processes without history when the tour has no history store', async () => {
    const f = processorFixture(world);
    const { history: _unused, ...withoutHistory } = f.deps;

    const out = await createProcessorHandler(withoutHistory)(
      kinesisEvent(world.frames.slice(0, 1)),
      lambdaContext(),
      () => undefined,
    );

    expect(out).toEqual({ batchItemFailures: [] });
    expect(f.deps.history.all(world.context.key)).toHaveLength(0);
    expect((await f.deps.riderStates.load(world.context.key, [1])).get(1)?.live.tMs).toBe(START_MS + 4_000);
  });
});
