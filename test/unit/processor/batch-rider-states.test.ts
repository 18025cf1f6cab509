import { describe, expect, it, vi } from 'vitest';
import { MemoryRiderStateStore } from '../../../lambdas/adapters/memory/rider-state-store';
import type { StoredRider } from '../../../lambdas/adapters/rider-state-store';
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
    const batch = new BatchRiderStates(store);

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
    const batch = new BatchRiderStates(store);

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

  it('skips track points of a rider bucket already appended in this invocation', () => {
    const batch = new BatchRiderStates(new MemoryRiderStateStore());
    const point = (bib: number, tMs: number) => ({ bib, tMs, distanceMeters: 1, lat: 1, lon: 1 });
    batch.markAppended(STAGE, [point(1, 10_000)]);

    expect(batch.unappended(STAGE, [point(1, 15_000), point(1, 20_000), point(2, 15_000)])).toEqual([
      point(1, 20_000),
      point(2, 15_000),
    ]);
  });
});
