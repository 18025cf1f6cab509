import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { StoreThrottledError } from '../../../lambdas/adapters/errors';
import { MemoryPassageStore } from '../../../lambdas/adapters/memory/passage-store';
import { mergePassages, passagesWithRiders } from '../../../lambdas/aggregator/merge-passages';
import { savePassages, PASSAGE_WRITE_ATTEMPTS } from '../../../lambdas/aggregator/save-passages';
import { DEFAULT_PASSAGE_STEP_METERS } from '../../../lambdas/race';
import { riderStreamEvent } from '../../helpers/dynamodb-stream-event';
import {
  aggregatorFixture,
  aggregatorWorld,
  PAIR,
  ridersAfter,
  START_MS,
  type AggregatorWorld,
} from './aggregator-fixture';

let world: AggregatorWorld;

beforeAll(() => {
  world = aggregatorWorld();
});

const STEP = DEFAULT_PASSAGE_STEP_METERS;
const marks = fc.array(fc.option(fc.integer({ min: 0, max: 1e6 }), { nil: Number.NaN }), { maxLength: 30 });

describe('mergePassages', () => {
  it('keeps the earliest time per mark whatever the order, and merging twice changes nothing', () => {
    fc.assert(
      fc.property(marks, marks, marks, (a, b, c) => {
        expect(mergePassages(a, b)).toEqual(mergePassages(b, a));
        expect(mergePassages(mergePassages(a, b), c)).toEqual(mergePassages(a, mergePassages(b, c)));
        expect(mergePassages(mergePassages(a, b), b)).toEqual(mergePassages(a, b));
      }),
    );
  });

  it('takes a time over NaN and the smaller of two times', () => {
    expect(mergePassages([Number.NaN, 5, 9], [3, Number.NaN, 7, 1])).toEqual([3, 5, 7, 1]);
  });
});

describe('passagesWithRiders', () => {
  it('extends the front with the head and never sets an unpassed mark behind it', () => {
    const riders = new Map(
      ridersAfter(
        world,
        [
          { device: 'TRK-1-A', startMeters: 2_500, speedMetersPerSecond: 12 },
          { device: 'TRK-3-A', startMeters: 1_300, speedMetersPerSecond: 12 },
        ],
        2,
      ).map((r) => [r.bib, r]),
    );
    const known = new Array<number>(30).fill(Number.NaN);
    known[11] = START_MS - 100_000;

    const out = passagesWithRiders(known, STEP, riders);

    expect(out[11]).toBe(START_MS - 100_000);
    expect(out[26]).toBeGreaterThan(START_MS);
    expect(out[14]).toBeNaN();
  });

  it('lets any rider lower a known mark it passed earlier', () => {
    const riders = new Map(ridersAfter(world, PAIR, 2).map((r) => [r.bib, r]));
    const known = new Array<number>(30).fill(Number.NaN);
    known[11] = START_MS + 60_000;

    const out = passagesWithRiders(known, STEP, riders);

    expect(out[11]).toBeLessThan(START_MS + 10_000);
  });
});

describe('savePassages', () => {
  const stage = { tour: 'tdf2022', stage: 2 };

  it('merges again and keeps both marks when another aggregator wrote in between', async () => {
    const store = new MemoryPassageStore();
    const read = await store.get(stage);
    store.beforeNextPut = async () => {
      await store.putIfVersion(stage, { stepMeters: STEP, passagesMs: [Number.NaN, 500, 900] }, 0);
    };

    const saved = await savePassages(store, stage, STEP, [100, 700, Number.NaN], read);

    expect(saved).toEqual([100, 500, 900]);
    await expect(store.get(stage)).resolves.toEqual({ stepMeters: STEP, passagesMs: [100, 500, 900], version: 2 });
  });

  it('writes nothing when the merge adds no mark', async () => {
    const store = new MemoryPassageStore();
    await store.putIfVersion(stage, { stepMeters: STEP, passagesMs: [100, 500] }, 0);

    await savePassages(store, stage, STEP, [200, 500], await store.get(stage));

    expect((await store.get(stage))?.version).toBe(1);
  });

  it('gives up with StoreThrottledError when the item keeps changing under it', async () => {
    const store = new MemoryPassageStore();
    let version = 0;
    const rival = async (): Promise<void> => {
      await store.putIfVersion(stage, { stepMeters: STEP, passagesMs: [1_000 - version] }, version);
      version += 1;
      store.beforeNextPut = rival;
    };
    store.beforeNextPut = rival;

    await expect(savePassages(store, stage, STEP, [5], undefined)).rejects.toThrow(StoreThrottledError);
    expect(version).toBe(PASSAGE_WRITE_ATTEMPTS);
  });
});

describe('aggregator handler passages', () => {
  it('keeps the marks of earlier batches that the head has long left behind', async () => {
    const f = aggregatorFixture(world);
    const early = ridersAfter(world, PAIR, 2);
    await f.store(early);
    await f.run(riderStreamEvent(world.stage.key, early));
    const firstMarks = (await f.deps.passages.get(world.stage.key))!.passagesMs;
    const late = ridersAfter(
      world,
      PAIR.map((r) => ({ ...r, startMeters: r.startMeters + 3_000 })),
      2,
      START_MS + 250_000,
    );
    await f.store(late);

    await f.run(riderStreamEvent(world.stage.key, late, 3));

    const stored = await f.deps.passages.get(world.stage.key);
    expect(stored?.version).toBe(2);
    expect(Number.isFinite(firstMarks[11])).toBe(true);
    expect(stored?.passagesMs[11]).toBe(firstMarks[11]);
    expect(stored?.passagesMs[41]).toBeGreaterThan(START_MS + 250_000);
  });
});
