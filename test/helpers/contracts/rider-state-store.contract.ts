import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RiderStateStore, StoredRider } from '../../../core/ports/rider-state-store';
import type { StageKey } from '../../../core/ports/stage-key';

function freshStage(): StageKey {
  return { tour: `contract-${randomUUID().slice(0, 8)}`, stage: 3 };
}

/** A stored rider whose newest fix is at `tMs`. */
export function storedRider(bib: number, tMs: number): StoredRider {
  return {
    bib,
    newestFixMs: tMs,
    live: {
      bib,
      activeDevice: `TRK-${bib}-A`,
      tMs,
      distanceMeters: tMs / 100,
      lat: 55.6,
      lon: 12.5,
      hdop: 1,
      speedMetersPerSecond: 11.5,
      stationary: false,
      samples: [{ tMs, distanceMeters: tMs / 100 }],
      finishTMs: undefined,
      lastSwitchTMs: undefined,
      otherDeviceTMs: undefined,
      impossibleStreak: 0,
    },
    devices: [
      {
        device: `TRK-${bib}-A`,
        firstTMs: 0,
        newestTMs: tMs,
        distanceMeters: tMs / 100,
        minDelayMs: 400,
        delaySamples: 3,
        recentSeqs: [1, 2, 3],
        recentTimesMs: [tMs - 2000, tMs - 1000, tMs],
      },
    ],
  };
}

/** The `RiderStateStore` contract: every implementation passes it (STYLE.md §2.4). */
export function riderStateStoreContract(name: string, makeStore: () => RiderStateStore): void {
  describe(`${name} (RiderStateStore contract)`, () => {
    it('loads nothing for a stage without riders', async () => {
      expect((await makeStore().load(freshStage(), [1, 3])).size).toBe(0);
    });

    it('round-trips the riders it wrote', async () => {
      const store = makeStore();
      const stage = freshStage();
      await expect(store.putIfNewer(stage, [storedRider(1, 1000), storedRider(3, 2000)])).resolves.toEqual({
        written: 2,
        skipped: 0,
      });
      const loaded = await store.load(stage, [1, 3, 5]);
      expect([...loaded.keys()].sort()).toEqual([1, 3]);
      expect(loaded.get(3)).toEqual(storedRider(3, 2000));
    });

    it('skips a rider whose stored state is as new or newer, and writes a newer one', async () => {
      const store = makeStore();
      const stage = freshStage();
      await store.putIfNewer(stage, [storedRider(1, 5000)]);
      await expect(store.putIfNewer(stage, [storedRider(1, 4000), storedRider(1, 5000)])).resolves.toEqual({
        written: 0,
        skipped: 2,
      });
      expect((await store.load(stage, [1])).get(1)?.newestFixMs).toBe(5000);
      await expect(store.putIfNewer(stage, [storedRider(1, 6000)])).resolves.toEqual({ written: 1, skipped: 0 });
      expect((await store.load(stage, [1])).get(1)?.newestFixMs).toBe(6000);
    });

    it('loads only the riders asked for, across more keys than one batch read takes', async () => {
      const store = makeStore();
      const stage = freshStage();
      await store.putIfNewer(stage, [storedRider(2, 1000), storedRider(120, 1000), storedRider(141, 1000)]);
      const bibs = Array.from({ length: 150 }, (_, i) => i + 1).filter((bib) => bib !== 141);
      expect([...(await store.load(stage, bibs)).keys()].sort((a, b) => a - b)).toEqual([2, 120]);
    });

    it('keeps stages apart', async () => {
      const store = makeStore();
      const a = freshStage();
      await store.putIfNewer(a, [storedRider(1, 1000)]);
      expect((await store.load({ ...a, stage: a.stage + 1 }, [1])).size).toBe(0);
    });
  });
}
