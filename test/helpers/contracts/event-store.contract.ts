import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EventStore } from '../../../lambdas/adapters/event-store';
import type { StageKey } from '../../../lambdas/adapters/stage-key';
import type { RaceEvent } from '../../../lambdas/race';

function freshStage(): StageKey {
  return { tour: `contract-${randomUUID().slice(0, 8)}`, stage: 4 };
}

/** A race event of stage 4 at `tMs` about `bib`. */
export function raceEvent(tMs: number, bib: number, kind: RaceEvent['kind'] = 'rider-stopped'): RaceEvent {
  return {
    id: `4-${kind}-${bib}`,
    kind,
    tMs,
    distanceMeters: 12_345,
    bibs: [bib],
    text: `#${bib} has stopped at km 12.3.`,
  };
}

/** The `EventStore` contract: every implementation passes it (STYLE.md §2.4). */
export function eventStoreContract(name: string, makeStore: () => EventStore): void {
  describe(`${name} (EventStore contract)`, () => {
    it('has no events for a new stage', async () => {
      await expect(makeStore().latest(freshStage(), 10)).resolves.toEqual([]);
    });

    it('returns the newest events first, at most `limit`', async () => {
      const store = makeStore();
      const stage = freshStage();
      const events = [raceEvent(3_000, 1), raceEvent(1_000, 2), raceEvent(20_000, 3), raceEvent(3_000, 4)];
      await expect(store.putAll(stage, events)).resolves.toEqual({ written: 4, skipped: 0 });
      await expect(store.latest(stage, 3)).resolves.toEqual([events[2], events[3], events[0]]);
      await expect(store.latest(stage, 10)).resolves.toHaveLength(4);
      await expect(store.latest(stage, 0)).resolves.toEqual([]);
    });

    it('is idempotent: an event already stored is skipped, not duplicated', async () => {
      const store = makeStore();
      const stage = freshStage();
      await store.putAll(stage, [raceEvent(1_000, 1)]);
      const changed = { ...raceEvent(1_000, 1), text: 'rewritten' };
      await expect(store.putAll(stage, [changed, raceEvent(2_000, 2)])).resolves.toEqual({ written: 1, skipped: 1 });
      await expect(store.latest(stage, 10)).resolves.toEqual([raceEvent(2_000, 2), raceEvent(1_000, 1)]);
    });

    it('keeps stages apart', async () => {
      const store = makeStore();
      const a = freshStage();
      await store.putAll(a, [raceEvent(1_000, 1)]);
      await expect(store.latest({ ...a, stage: a.stage + 1 }, 10)).resolves.toEqual([]);
    });
  });
}
