import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PassageStore } from '../../../lambdas/adapters/passage-store';
import type { StageKey } from '../../../lambdas/adapters/stage-key';

function freshStage(): StageKey {
  return { tour: `contract-${randomUUID().slice(0, 8)}`, stage: 7 };
}

const MARKS = [1_000, 1_010, Number.NaN, 1_031];

/** The `PassageStore` contract: every implementation passes it (STYLE.md §2.4). */
export function passageStoreContract(name: string, makeStore: () => PassageStore): void {
  describe(`${name} (PassageStore contract)`, () => {
    it('has no passages for a new stage', async () => {
      await expect(makeStore().get(freshStage())).resolves.toBeUndefined();
    });

    it('round-trips the marks, unpassed ones included, as version 1', async () => {
      const store = makeStore();
      const stage = freshStage();

      await expect(store.putIfVersion(stage, { stepMeters: 100, passagesMs: MARKS }, 0)).resolves.toBe(true);

      await expect(store.get(stage)).resolves.toEqual({ stepMeters: 100, passagesMs: MARKS, version: 1 });
    });

    it('refuses a write based on a version that is no longer current', async () => {
      const store = makeStore();
      const stage = freshStage();
      await store.putIfVersion(stage, { stepMeters: 100, passagesMs: MARKS }, 0);
      await store.putIfVersion(stage, { stepMeters: 100, passagesMs: [900, 1_010, 1_020, 1_031] }, 1);

      await expect(store.putIfVersion(stage, { stepMeters: 100, passagesMs: [1, 1, 1, 1] }, 1)).resolves.toBe(false);
      await expect(store.putIfVersion(stage, { stepMeters: 100, passagesMs: [1, 1, 1, 1] }, 0)).resolves.toBe(false);

      await expect(store.get(stage)).resolves.toEqual({
        stepMeters: 100,
        passagesMs: [900, 1_010, 1_020, 1_031],
        version: 2,
      });
    });

    it('keeps stages apart', async () => {
      const store = makeStore();
      const a = freshStage();
      await store.putIfVersion(a, { stepMeters: 100, passagesMs: MARKS }, 0);

      await expect(store.get({ ...a, stage: a.stage + 1 })).resolves.toBeUndefined();
    });
  });
}
