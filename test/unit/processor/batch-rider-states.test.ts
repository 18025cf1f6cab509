import { describe, expect, it, vi } from 'vitest';
import { MemoryRiderStateStore } from '../../../lambdas/adapters/memory/rider-state-store';
import { MemoryTrackStore } from '../../../lambdas/adapters/memory/track-store';
import type { StoredRider } from '../../../core/ports/rider-state-store';
import { BatchRiderStates } from '../../../lambdas/processor/batch-rider-states';

const STAGE = { tour: 'tdf2022', stage: 2 };

function rider(bib: number, newestFixMs: number): StoredRider {
  return {
    bib,
    newestFixMs,
    devices: [],
    live: {
      bib,
      activeDevice: `TRK-${bib}-A`,
      tMs: newestFixMs,
      distanceMeters: 1_000,
      lat: 55,
      lon: 12,
      hdop: 1,
      speedMetersPerSecond: 12,
      stationary: false,
      samples: [],
      finishTMs: undefined,
      lastSwitchTMs: undefined,
      otherDeviceTMs: undefined,
      impossibleStreak: 0,
    },
  };
}

describe('BatchRiderStates', () => {
  it('loads each rider from the store once per invocation and serves later records from memory', async () => {
    const store = new MemoryRiderStateStore();
    await store.putIfNewer(STAGE, [rider(1, 1_000)]);
    const load = vi.spyOn(store, 'load');
    const batch = new BatchRiderStates(store, new MemoryTrackStore());

    await batch.load(STAGE, [1, 2]);
    batch.update(STAGE, [rider(1, 2_000)]);
    const second = await batch.load(STAGE, [1, 2]);

    expect(load).toHaveBeenCalledTimes(1);
    expect(second.get(1)?.newestFixMs).toBe(2_000);
    expect(second.has(2)).toBe(false);
  });

  it('writes each changed rider once, at flush', async () => {
    const store = new MemoryRiderStateStore();
    const put = vi.spyOn(store, 'putIfNewer');
    const batch = new BatchRiderStates(store, new MemoryTrackStore());

    batch.update(STAGE, [rider(1, 1_000), rider(3, 1_000)]);
    batch.update(STAGE, [rider(1, 2_000)]);
    expect(put).not.toHaveBeenCalled();
    await batch.flush();
    await batch.flush();

    expect(put).toHaveBeenCalledTimes(1);
    expect(put.mock.calls[0]?.[1].map((r) => [r.bib, r.newestFixMs])).toEqual([
      [1, 2_000],
      [3, 1_000],
    ]);
  });

  const point = (bib: number, tMs: number) => ({ bib, tMs, distanceMeters: tMs / 10, lat: 1, lon: 1 });

  it('writes the earliest point of each rider bucket of the invocation, and the newest bucket with the rider', async () => {
    const store = new MemoryRiderStateStore();
    const tracks = new MemoryTrackStore();
    const batch = new BatchRiderStates(store, tracks);

    batch.addPoints(STAGE, [point(1, 15_000), point(1, 20_000), point(2, 15_000)]);
    batch.addPoints(STAGE, [point(1, 12_000)]);
    batch.update(STAGE, [rider(1, 20_000), rider(2, 15_000)]);
    await batch.flush();

    expect(await tracks.track(STAGE, 1)).toEqual([point(1, 12_000), point(1, 20_000)]);
    expect((await store.load(STAGE, [1, 2])).get(1)?.trackBucketMs).toBe(20_000);
    expect((await store.load(STAGE, [1, 2])).get(2)?.trackBucketMs).toBe(10_000);
  });

  it("batches points of buckets after the rider's stored newest bucket, skips that bucket and guards earlier ones", async () => {
    const store = new MemoryRiderStateStore();
    const tracks = new MemoryTrackStore();
    await store.putIfNewer(STAGE, [{ ...rider(1, 25_000), trackBucketMs: 20_000 }]);
    await tracks.append(STAGE, [point(1, 1_000), point(1, 20_000)]);
    const batched = vi.spyOn(tracks, 'appendNewBuckets');
    const guarded = vi.spyOn(tracks, 'append');
    const batch = new BatchRiderStates(store, tracks);

    await batch.load(STAGE, [1]);
    batch.addPoints(STAGE, [point(1, 500), point(1, 11_000), point(1, 26_000), point(1, 31_000)]);
    batch.update(STAGE, [rider(1, 31_000)]);
    await batch.flush();

    expect(guarded.mock.calls.map((call) => call[1])).toEqual([[point(1, 500), point(1, 11_000)]]);
    expect(batched.mock.calls.map((call) => call[1])).toEqual([[point(1, 31_000)]]);
    expect((await tracks.track(STAGE, 1)).map((p) => p.tMs)).toEqual([1_000, 11_000, 20_000, 31_000]);
    expect((await store.load(STAGE, [1])).get(1)?.trackBucketMs).toBe(30_000);
  });
});
