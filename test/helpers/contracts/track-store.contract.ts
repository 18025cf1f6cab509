import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { StageKey } from '../../../core/ports/stage-key';
import { TRACK_BUCKET_MS, type TrackPoint, type TrackStore } from '../../../core/ports/track-store';

function freshStage(): StageKey {
  return { tour: `contract-${randomUUID().slice(0, 8)}`, stage: 5 };
}

function point(bib: number, tMs: number): TrackPoint {
  return { bib, tMs, distanceMeters: tMs / 100, lat: 48.1, lon: 2.3 };
}

const T0 = Date.UTC(2022, 6, 5, 12, 0, 0);

/** The `TrackStore` contract: every implementation passes it (STYLE.md §2.4). */
export function trackStoreContract(name: string, makeStore: () => TrackStore): void {
  describe(`${name} (TrackStore contract)`, () => {
    it('returns a rider track oldest first', async () => {
      const store = makeStore();
      const stage = freshStage();
      const points = [point(7, T0 + 2 * TRACK_BUCKET_MS), point(7, T0), point(8, T0), point(7, T0 + TRACK_BUCKET_MS)];
      await expect(store.append(stage, points)).resolves.toEqual({ written: 4, skipped: 0 });
      expect((await store.track(stage, 7)).map((p) => p.tMs)).toEqual([
        T0,
        T0 + TRACK_BUCKET_MS,
        T0 + 2 * TRACK_BUCKET_MS,
      ]);
      expect(await store.track(stage, 8)).toEqual([point(8, T0)]);
    });

    it('keeps the first point of a bucket, so a replay changes nothing', async () => {
      const store = makeStore();
      const stage = freshStage();
      await store.append(stage, [point(7, T0)]);
      await expect(store.append(stage, [point(7, T0), point(7, T0 + 1000)])).resolves.toEqual({
        written: 0,
        skipped: 2,
      });
      expect(await store.track(stage, 7)).toEqual([point(7, T0)]);
    });

    it('writes the points of new buckets in batches, more than one call holds', async () => {
      const store = makeStore();
      const stage = freshStage();
      const points = Array.from({ length: 60 }, (_, i) => point(7, T0 + i * TRACK_BUCKET_MS));

      await expect(store.appendNewBuckets(stage, points)).resolves.toEqual({ written: 60, skipped: 0 });

      expect(await store.track(stage, 7)).toEqual(points);
    });

    it('leaves one point per bucket when new buckets are written again, as a retried batch does', async () => {
      const store = makeStore();
      const stage = freshStage();
      await store.appendNewBuckets(stage, [point(7, T0), point(7, T0 + TRACK_BUCKET_MS)]);

      await store.appendNewBuckets(stage, [point(7, T0 + 1000), point(7, T0 + TRACK_BUCKET_MS)]);

      expect(await store.track(stage, 7)).toEqual([point(7, T0 + 1000), point(7, T0 + TRACK_BUCKET_MS)]);
    });

    it('keeps a batched point against a later conditional append to its bucket', async () => {
      const store = makeStore();
      const stage = freshStage();
      await store.appendNewBuckets(stage, [point(7, T0 + 2000)]);

      await expect(store.append(stage, [point(7, T0)])).resolves.toEqual({ written: 0, skipped: 1 });

      expect(await store.track(stage, 7)).toEqual([point(7, T0 + 2000)]);
    });

    it('returns an empty track for an unknown rider', async () => {
      expect(await makeStore().track(freshStage(), 99)).toEqual([]);
    });
  });
}
