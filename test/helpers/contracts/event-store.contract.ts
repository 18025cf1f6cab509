import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EventStore } from '../../../core/ports/event-store';
import type { StageKey } from '../../../core/ports/stage-key';
import type { RaceEvent } from '../../../core/race';

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
      await expect(store.since({ ...a, stage: a.stage + 1 }, { afterMs: 0, limit: 10 })).resolves.toEqual([]);
    });

    it('returns the events after a time, oldest first (ties by id), at most `limit`', async () => {
      const store = makeStore();
      const stage = freshStage();
      const [e1, e2, e3, e4, e5] = [
        raceEvent(1_000, 1),
        raceEvent(2_000, 2),
        raceEvent(2_000, 3),
        raceEvent(2_001, 4),
        raceEvent(9_000, 5),
      ];
      await store.putAll(stage, [e5!, e3!, e1!, e4!, e2!]);

      await expect(store.since(stage, { afterMs: 0, limit: 10 })).resolves.toEqual([e1, e2, e3, e4, e5]);
      await expect(store.since(stage, { afterMs: 1_000, limit: 10 })).resolves.toEqual([e2, e3, e4, e5]);
      await expect(store.since(stage, { afterMs: 1_999, limit: 2 })).resolves.toEqual([e2, e3]);
      await expect(store.since(stage, { afterMs: 2_000, limit: 10 })).resolves.toEqual([e4, e5]);
      await expect(store.since(stage, { afterMs: 9_000, limit: 10 })).resolves.toEqual([]);
      await expect(store.since(stage, { afterMs: 0, limit: 0 })).resolves.toEqual([]);
    });

    it('cuts the events at an inclusive upper time, for the lagged public tier', async () => {
      const store = makeStore();
      const stage = freshStage();
      const events = [raceEvent(1_000, 1), raceEvent(2_000, 2), raceEvent(2_000, 3), raceEvent(2_001, 4)];
      await store.putAll(stage, events);

      await expect(store.since(stage, { afterMs: 0, untilMs: 2_000, limit: 10 })).resolves.toEqual(events.slice(0, 3));
      await expect(store.since(stage, { afterMs: 0, untilMs: 1_999, limit: 10 })).resolves.toEqual(events.slice(0, 1));
      await expect(store.since(stage, { afterMs: 2_000, untilMs: 2_000, limit: 10 })).resolves.toEqual([]);
      await expect(store.since(stage, { afterMs: 5_000, untilMs: 1_000, limit: 10 })).resolves.toEqual([]);
    });
  });
}
