import { beforeAll, describe, expect, it } from 'vitest';
import { StoreThrottledError } from '../../../core/ports/errors';
import type { StageContext } from '../../../lambdas/processor/stage-batch';
import type { WireFrame } from '../../../core/wire/wire-frame';
import { kinesisEvent } from '../../helpers/kinesis-event';
import {
  liveTimeOf,
  processorFixture,
  processorWorld,
  START_MS,
  type ProcessorFixture,
  type ProcessorWorld,
} from './processor-fixture';

let world: ProcessorWorld;
let context: StageContext;
let frames: readonly WireFrame[];

beforeAll(() => {
  world = processorWorld();
  ({ context, frames } = world);
});

const fixture = (): ProcessorFixture => processorFixture(world);

async function storedState(f: ProcessorFixture): Promise<unknown> {
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
    expect(riders.get(1)?.live.tMs).toBe(liveTimeOf(29));
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
    expect((await f.deps.riderStates.load(context.key, [1, 3])).get(1)?.live.tMs).toBe(liveTimeOf(14));
  });

  it('quarantines fixes outside every stage date as no-stage', async () => {
    const f = fixture();
    const late = { ...frames[0]!, fixes: frames[0]!.fixes.map((x) => ({ ...x, t: x.t + 365 * 86_400_000 })) };
    await expect(f.run(kinesisEvent([late]))).resolves.toEqual({ batchItemFailures: [] });
    expect([...f.deps.quarantine.objects.values()].map((q) => q.reason)).toEqual(['no-stage']);
  });

  it('quarantines engine rejects by reason and counts them, accepted and duplicate fixes per stage', async () => {
    const f = fixture();
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
    expect(f.total('FixesIn')).toBe(22);
    expect(f.total('FixesAccepted')).toBe(10);
    expect(f.total('DuplicateFixes')).toBe(10);
    expect(f.total('FixesQuarantined', '2', 'unknown-device')).toBe(2);
    expect(f.total('RidersReporting')).toBe(2);
    expect(f.emitted.find((m) => m.name === 'FreshnessMilliseconds')?.value).toBe(60_000 - 4_000);
  });

  it('reports the throttled record and leaves the rest of the batch untried, for the retry to apply in order', async () => {
    const f = fixture();
    // record 1 writes its history; record 2's history write is throttled; record 3 must wait for record 2.
    f.deps.history.faults.enqueue(undefined, new StoreThrottledError('WriteRecords was throttled'));
    await expect(f.run(kinesisEvent(frames.slice(0, 3)))).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: '2' }, { itemIdentifier: '3' }],
    });
    const written = new Set(f.deps.history.all(context.key).map((r) => r.tMs));
    for (const fix of frames[0]!.fixes) expect(written.has(fix.t)).toBe(true);
    for (const fix of frames[2]!.fixes) expect(written.has(fix.t)).toBe(false);
  });

  it('keeps overlapping invocations apart: each reports its own failures', async () => {
    const f = fixture();
    // Invocation A's first record is throttled. Had A gone on to its second record, that one waits until invocation B
    // (another shard's batch; local mode runs every shard on one handler) has finished: B must not erase A's failure.
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const write = f.deps.history.write.bind(f.deps.history);
    const firstOf = (i: number): number => frames[i]!.fixes[0]!.t;
    let throttled = false;
    let waiting = false;
    f.deps.history.write = async (stage, rows) => {
      if (!throttled && rows.some((r) => r.tMs === firstOf(0))) {
        throttled = true;
        throw new StoreThrottledError('WriteRecords was throttled');
      }
      if (rows.some((r) => r.tMs === firstOf(1))) {
        waiting = true;
        await gate;
      }
      return write(stage, rows);
    };
    let aDone = false;
    const a = f.run(kinesisEvent(frames.slice(0, 3))).finally(() => (aDone = true));
    while (!waiting && !aDone) await new Promise((resolve) => setImmediate(resolve));
    await expect(f.run(kinesisEvent(frames.slice(3, 6), 10))).resolves.toEqual({ batchItemFailures: [] });
    release();
    await expect(a).resolves.toEqual({
      batchItemFailures: ['1', '2', '3'].map((itemIdentifier) => ({ itemIdentifier })),
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
    expect(after.get(1)?.live.tMs).toBe(liveTimeOf(29));
  });
});
