import { Metrics } from '@aws-lambda-powertools/metrics';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { StoreThrottledError } from '../../../lambdas/adapters/errors';
import { MemoryQuarantineSink } from '../../../lambdas/adapters/memory/quarantine-sink';
import { MemoryRiderStateStore } from '../../../lambdas/adapters/memory/rider-state-store';
import { MemoryTrackStore } from '../../../lambdas/adapters/memory/track-store';
import { createProcessorHandler } from '../../../lambdas/processor/handler';
import type { ProcessorDeps } from '../../../lambdas/processor/process-record';
import { stageFinder } from '../../../lambdas/processor/stage-at';
import type { StageContext } from '../../../lambdas/processor/stage-batch';
import { buildDeviceDirectory, deviceAssignmentsFromConfig, prepareRoute } from '../../../lambdas/race';
import type { WireFrame } from '../../../lambdas/shared/wire-frame';
import { loadStageRoute, loadTourConfig, type LoadedTour } from '../../../lib/tour-config/load';
import { kinesisEvent, lambdaContext, rideFrames } from '../../helpers/kinesis-event';

const STAGE = 2;
const START_MS = Date.UTC(2022, 6, 2, 10, 30, 0);
let tour: LoadedTour;
let context: StageContext;
let frames: WireFrame[];

beforeAll(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  tour = loadTourConfig('tdf2022');
  const route = prepareRoute(loadStageRoute(tour, STAGE));
  const directory = buildDeviceDirectory(deviceAssignmentsFromConfig(tour.config.devices));
  context = { key: { tour: 'tdf2022', stage: STAGE }, route, directory };
  const riders = [
    { device: 'TRK-1-A', startMeters: 1_000, speedMetersPerSecond: 12 },
    { device: 'TRK-3-A', startMeters: 1_050, speedMetersPerSecond: 11 },
  ];
  frames = rideFrames(route, riders, START_MS, 6);
});

interface Fixture {
  readonly deps: ProcessorDeps & {
    riderStates: MemoryRiderStateStore;
    tracks: MemoryTrackStore;
    quarantine: MemoryQuarantineSink;
  };
  run(event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse>;
}

function fixture(): Fixture {
  const deps = {
    riderStates: new MemoryRiderStateStore(),
    tracks: new MemoryTrackStore(),
    quarantine: new MemoryQuarantineSink(),
    stageAt: stageFinder(tour.config),
    stageContext: (stage: number) => (stage === STAGE ? context : undefined),
    metrics: new Metrics({ namespace: 'TourTracker', serviceName: 'processor' }),
    now: () => START_MS + 60_000,
  };
  const handler = createProcessorHandler(deps);
  return {
    deps,
    run: async (event) => (await handler(event, lambdaContext(), () => undefined)) as KinesisStreamBatchResponse,
  };
}

async function storedState(f: Fixture): Promise<unknown> {
  const riders = await f.deps.riderStates.load(context.key, [1, 3]);
  const tracks = await Promise.all([1, 3].map((bib) => f.deps.tracks.track(context.key, bib)));
  return { riders: [...riders.entries()], tracks, quarantine: [...f.deps.quarantine.objects.keys()] };
}

describe('processor handler', () => {
  it('stores the live state and track of each rider in the frames', async () => {
    const f = fixture();
    await expect(f.run(kinesisEvent(frames))).resolves.toEqual({ batchItemFailures: [] });
    const riders = await f.deps.riderStates.load(context.key, [1, 3]);
    expect([...riders.keys()].sort()).toEqual([1, 3]);
    expect(riders.get(1)?.live.tMs).toBe(START_MS + 29_000);
    expect(riders.get(1)?.live.distanceMeters).toBeCloseTo(1_000 + 12 * 29, -1);
    expect((await f.deps.tracks.track(context.key, 1)).length).toBe(3);
    expect(f.deps.quarantine.objects.size).toBe(0);
  });

  it('quarantines a malformed frame with its reason and processes the rest of the batch', async () => {
    const f = fixture();
    const notJson = 'not json';
    const future = JSON.stringify({ ...frames[1], v: 2 });
    const event = kinesisEvent([frames[0]!, notJson, future, frames[2]!]);
    await expect(f.run(event)).resolves.toEqual({ batchItemFailures: [] });
    const quarantined = [...f.deps.quarantine.objects.values()];
    expect(quarantined.map((q) => [q.sequenceNumber, q.reason])).toEqual([
      ['2', 'not-json'],
      ['3', 'unknown-version'],
    ]);
    expect(Buffer.from(quarantined[1]!.dataBase64, 'base64').toString()).toBe(future);
    expect((await f.deps.riderStates.load(context.key, [1, 3])).get(1)?.live.tMs).toBe(START_MS + 14_000);
  });

  it('quarantines fixes outside every stage date as no-stage', async () => {
    const f = fixture();
    const late = { ...frames[0]!, fixes: frames[0]!.fixes.map((x) => ({ ...x, t: x.t + 365 * 86_400_000 })) };
    await expect(f.run(kinesisEvent([late]))).resolves.toEqual({ batchItemFailures: [] });
    expect([...f.deps.quarantine.objects.values()].map((q) => q.reason)).toEqual(['no-stage']);
  });

  it('quarantines engine rejects by reason and counts them, accepted and duplicate fixes per stage', async () => {
    const f = fixture();
    const emitted: { dimensions: Record<string, string>; name: string; value: number }[] = [];
    vi.spyOn(f.deps.metrics, 'singleMetric').mockImplementation(() => {
      const dimensions: Record<string, string> = {};
      const single = {
        addDimension: (key: string, value: string) => void (dimensions[key] = value),
        addMetric: (name: string, _unit: string, value: number) => void emitted.push({ dimensions, name, value }),
      };
      return single as unknown as Metrics;
    });
    const stray = { device: 'TRK-999-Z', seq: 1, t: START_MS + 1_000, lat: 55.6, lon: 12.5 };
    const frame = { ...frames[0]!, fixes: [...frames[0]!.fixes, stray] };
    await expect(f.run(kinesisEvent([frame, frame]))).resolves.toEqual({ batchItemFailures: [] });
    const quarantined = [...f.deps.quarantine.objects.values()];
    expect(quarantined.map((q) => [q.sequenceNumber, q.reason])).toEqual([
      ['1', 'unknown-device'],
      ['2', 'unknown-device'],
    ]);
    expect(JSON.parse(Buffer.from(quarantined[0]!.dataBase64, 'base64').toString())).toEqual([
      { ...stray, receivedMs: frame.sentAt },
    ]);
    const total = (name: string, reason?: string): number =>
      emitted
        .filter((m) => m.name === name && m.dimensions.Stage === '2' && m.dimensions.Reason === reason)
        .reduce((sum, m) => sum + m.value, 0);
    expect(total('FixesAccepted')).toBe(10);
    expect(total('DuplicateFixes')).toBe(10);
    expect(total('FixesQuarantined', 'unknown-device')).toBe(2);
    expect(emitted.find((m) => m.name === 'FreshnessMilliseconds')?.value).toBe(60_000 - 4_000);
  });

  it('reports only the record whose store call was throttled', async () => {
    const f = fixture();
    // record 1 loads and writes (two calls); record 2's load is throttled; record 3 goes through.
    f.deps.riderStates.faults.enqueue(undefined, undefined, new StoreThrottledError('PutItem was throttled'));
    await expect(f.run(kinesisEvent(frames.slice(0, 3)))).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: '2' }],
    });
  });

  it('changes nothing when the same batch is replayed', async () => {
    const f = fixture();
    const event = kinesisEvent([...frames.slice(0, 3), 'not json']);
    await f.run(event);
    const first = await storedState(f);
    await expect(f.run(event)).resolves.toEqual({ batchItemFailures: [] });
    expect(await storedState(f)).toEqual(first);
  });

  it('never moves live state backwards on an out-of-order batch', async () => {
    const f = fixture();
    await f.run(kinesisEvent(frames.slice(3, 6), 10));
    const newest = await f.deps.riderStates.load(context.key, [1, 3]);
    await expect(f.run(kinesisEvent(frames.slice(0, 3), 20))).resolves.toEqual({ batchItemFailures: [] });
    const after = await f.deps.riderStates.load(context.key, [1, 3]);
    for (const bib of [1, 3]) {
      expect(after.get(bib)?.live.tMs).toBe(newest.get(bib)?.live.tMs);
      expect(after.get(bib)?.live.distanceMeters).toBe(newest.get(bib)?.live.distanceMeters);
    }
    expect(after.get(1)?.live.tMs).toBe(START_MS + 29_000);
  });
});
