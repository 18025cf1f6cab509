import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PassageStore, StoredPassages } from '../../../core/ports/passage-store';
import type { StageKey } from '../../../core/ports/stage-key';

function freshStage(): StageKey {
  return { tour: `contract-${randomUUID().slice(0, 8)}`, stage: 7 };
}

const NAN = Number.NaN;

/** Three earliest crossings per mark: one mark crossed by three riders, one by two, one by none, one by one. */
const PASSAGES: Omit<StoredPassages, 'version'> = {
  stepMeters: 100,
  passagesMs: [1_000, 1_010, NAN, 1_031],
  secondMs: [1_004, 1_250, NAN, NAN],
  thirdMs: [1_009, NAN, NAN, NAN],
};

/** A single earliest crossing per mark (the others not crossed yet). */
function earliestOnly(passagesMs: readonly number[]): Omit<StoredPassages, 'version'> {
  return { stepMeters: 100, passagesMs, secondMs: passagesMs.map(() => NAN), thirdMs: passagesMs.map(() => NAN) };
}

/** The `PassageStore` contract: every implementation passes it (STYLE.md §2.4). */
export function passageStoreContract(name: string, makeStore: () => PassageStore): void {
  describe(`${name} (PassageStore contract)`, () => {
    it('has no passages for a new stage', async () => {
      await expect(makeStore().get(freshStage())).resolves.toBeUndefined();
    });

    it('round-trips the three earliest crossings, uncrossed ones included, as version 1', async () => {
      const store = makeStore();
      const stage = freshStage();

      await expect(store.putIfVersion(stage, PASSAGES, 0)).resolves.toBe(true);

      await expect(store.get(stage)).resolves.toEqual({ ...PASSAGES, version: 1 });
    });

    it('round-trips marks nobody has crossed a second or third time as NaN of the full length', async () => {
      const store = makeStore();
      const stage = freshStage();
      await store.putIfVersion(stage, earliestOnly([1_000, 1_010, NAN, 1_031]), 0);

      const stored = await store.get(stage);

      expect(stored?.secondMs).toEqual([NAN, NAN, NAN, NAN]);
      expect(stored?.thirdMs).toEqual([NAN, NAN, NAN, NAN]);
    });

    it('refuses a write based on a version that is no longer current', async () => {
      const store = makeStore();
      const stage = freshStage();
      await store.putIfVersion(stage, PASSAGES, 0);
      await store.putIfVersion(stage, earliestOnly([900, 1_010, 1_020, 1_031]), 1);

      await expect(store.putIfVersion(stage, earliestOnly([1, 1, 1, 1]), 1)).resolves.toBe(false);
      await expect(store.putIfVersion(stage, earliestOnly([1, 1, 1, 1]), 0)).resolves.toBe(false);

      await expect(store.get(stage)).resolves.toEqual({ ...earliestOnly([900, 1_010, 1_020, 1_031]), version: 2 });
    });

    it('keeps stages apart', async () => {
      const store = makeStore();
      const a = freshStage();
      await store.putIfVersion(a, PASSAGES, 0);

      await expect(store.get({ ...a, stage: a.stage + 1 })).resolves.toBeUndefined();
    });
  });
}
