import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SnapshotStore } from '../../../core/ports/snapshot-store';
import type { StageKey } from '../../../core/ports/stage-key';
import { SNAPSHOT_VERSION, type SnapshotRider, type StageSnapshot } from '../../../core/race';

function freshStage(): StageKey {
  return { tour: `contract-${randomUUID().slice(0, 8)}`, stage: 4 };
}

/** A small snapshot at `tMs` with riders 1 and 2, rider 1 `distanceMeters` into the stage. */
export function stageSnapshot(tMs: number, distanceMeters = 1_000): StageSnapshot {
  const rider = (bib: number, gapSeconds: number): SnapshotRider => ({
    bib,
    distanceMeters: distanceMeters - gapSeconds * 10,
    speedKmh: 43.2,
    gapSeconds,
    gapUncertaintySeconds: 0.5,
    status: 'ok',
    stationary: false,
    finished: false,
    group: 0,
  });
  return {
    v: SNAPSHOT_VERSION,
    stage: 4,
    tMs,
    routeLengthMeters: 180_000,
    headBib: 1,
    groups: [
      {
        kind: 'peloton',
        isHeadOfRace: true,
        riders: [1, 2],
        size: 2,
        distanceMeters,
        speedKmh: 43.2,
        gapSeconds: 0,
        gapToPelotonSeconds: 0,
      },
    ],
    riders: [rider(1, 0), rider(2, 1)],
    virtualGc: [
      { rank: 1, bib: 1, virtualSeconds: 0, behindSeconds: 0 },
      { rank: 2, bib: 2, virtualSeconds: 1, behindSeconds: 1 },
    ],
    virtualYellowBib: 1,
    finishOrder: [],
  };
}

/** The `SnapshotStore` contract: every implementation passes it (STYLE.md §2.4). */
export function snapshotStoreContract(name: string, makeStore: () => SnapshotStore): void {
  describe(`${name} (SnapshotStore contract)`, () => {
    it('has no snapshot for a new stage', async () => {
      await expect(makeStore().get(freshStage())).resolves.toBeUndefined();
    });

    it('round-trips the snapshot it wrote', async () => {
      const store = makeStore();
      const stage = freshStage();
      await expect(store.putIfNewer(stage, stageSnapshot(1_000))).resolves.toEqual({ written: 1, skipped: 0 });
      await expect(store.get(stage)).resolves.toEqual(stageSnapshot(1_000));
    });

    it('skips an older or equally old snapshot, and writes a newer one', async () => {
      const store = makeStore();
      const stage = freshStage();
      await store.putIfNewer(stage, stageSnapshot(5_000, 2_000));
      await expect(store.putIfNewer(stage, stageSnapshot(4_000, 1_500))).resolves.toEqual({ written: 0, skipped: 1 });
      await expect(store.putIfNewer(stage, stageSnapshot(5_000, 9_999))).resolves.toEqual({ written: 0, skipped: 1 });
      await expect(store.get(stage)).resolves.toEqual(stageSnapshot(5_000, 2_000));
      await expect(store.putIfNewer(stage, stageSnapshot(6_000, 2_100))).resolves.toEqual({ written: 1, skipped: 0 });
      expect((await store.get(stage))?.tMs).toBe(6_000);
    });

    it('keeps stages apart', async () => {
      const store = makeStore();
      const a = freshStage();
      await store.putIfNewer(a, stageSnapshot(1_000));
      await expect(store.get({ ...a, stage: a.stage + 1 })).resolves.toBeUndefined();
      await expect(store.getAtOrBefore({ ...a, stage: a.stage + 1 }, 5_000)).resolves.toBeUndefined();
    });

    it('serves the newest snapshot taken at or before a past time, for the lagged public tier', async () => {
      const store = makeStore();
      const stage = freshStage();
      for (const tMs of [10_000, 11_000, 12_000, 15_000]) await store.putIfNewer(stage, stageSnapshot(tMs, tMs / 10));

      await expect(store.getAtOrBefore(stage, 9_999)).resolves.toBeUndefined();
      await expect(store.getAtOrBefore(stage, 10_000)).resolves.toEqual(stageSnapshot(10_000, 1_000));
      await expect(store.getAtOrBefore(stage, 11_500)).resolves.toEqual(stageSnapshot(11_000, 1_100));
      await expect(store.getAtOrBefore(stage, 14_999)).resolves.toEqual(stageSnapshot(12_000, 1_200));
      await expect(store.getAtOrBefore(stage, 15_000)).resolves.toEqual(stageSnapshot(15_000, 1_500));
      await expect(store.getAtOrBefore(stage, 99_000)).resolves.toEqual(stageSnapshot(15_000, 1_500));
    });

    it('keeps the first copy of a time, so a replayed snapshot of the same time changes neither view', async () => {
      const store = makeStore();
      const stage = freshStage();
      await store.putIfNewer(stage, stageSnapshot(20_000, 2_000));
      await store.putIfNewer(stage, stageSnapshot(30_000, 3_000));

      await expect(store.putIfNewer(stage, stageSnapshot(20_000, 7_777))).resolves.toEqual({ written: 0, skipped: 1 });

      await expect(store.getAtOrBefore(stage, 25_000)).resolves.toEqual(stageSnapshot(20_000, 2_000));
      await expect(store.get(stage)).resolves.toEqual(stageSnapshot(30_000, 3_000));
    });
  });
}
