import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { StoreThrottledError } from '../../../core/ports/errors';
import { MemoryPassageStore } from '../../../lambdas/adapters/memory/passage-store';
import { emptyPassages, mergePassages, passagesWithRiders } from '../../../lambdas/aggregator/merge-passages';
import { savePassages, PASSAGE_WRITE_ATTEMPTS } from '../../../lambdas/aggregator/save-passages';
import { DEFAULT_PASSAGE_STEP_METERS, type PassageArrays } from '../../../core/race';
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
const NAN = Number.NaN;

/** Crossings of up to 30 marks: per mark up to three distinct times, earliest first, as the engine keeps them. */
const crossings = fc
  .array(fc.uniqueArray(fc.integer({ min: 0, max: 1_000 }), { maxLength: 3 }), { maxLength: 30 })
  .map((marks): PassageArrays => {
    const sorted = marks.map((times) => [...times].sort((x, y) => x - y));
    return {
      earliest: sorted.map((t) => t[0] ?? NAN),
      second: sorted.map((t) => t[1] ?? NAN),
      third: sorted.map((t) => t[2] ?? NAN),
    };
  });

/** The model: per mark, the three smallest distinct times either set holds. */
function threeEarliest(a: PassageArrays, b: PassageArrays): PassageArrays {
  const length = Math.max(a.earliest.length, b.earliest.length);
  const per = Array.from({ length }, (_, k) =>
    [...new Set([a, b].flatMap((p) => [p.earliest[k], p.second[k], p.third[k]]))]
      .filter((t): t is number => t !== undefined && !Number.isNaN(t))
      .sort((x, y) => x - y),
  );
  return {
    earliest: per.map((t) => t[0] ?? NAN),
    second: per.map((t) => t[1] ?? NAN),
    third: per.map((t) => t[2] ?? NAN),
  };
}

function single(earliest: number[]): PassageArrays {
  return { earliest, second: earliest.map(() => NAN), third: earliest.map(() => NAN) };
}

describe('mergePassages', () => {
  it('keeps the three earliest distinct times per mark whatever the order, and merging twice changes nothing', () => {
    fc.assert(
      fc.property(crossings, crossings, crossings, (a, b, c) => {
        expect(mergePassages(a, b)).toEqual(threeEarliest(a, b));
        expect(mergePassages(a, b)).toEqual(mergePassages(b, a));
        expect(mergePassages(mergePassages(a, b), c)).toEqual(mergePassages(a, mergePassages(b, c)));
        expect(mergePassages(mergePassages(a, b), b)).toEqual(mergePassages(a, b));
        expect(mergePassages(a, a)).toEqual(mergePassages(a, emptyPassages(0)));
      }),
    );
  });

  it('ranks the times of both sets and counts a time both hold once', () => {
    const a = { earliest: [NAN, 5, 9], second: [NAN, 8, NAN], third: [NAN, 12, NAN] };
    const b = { earliest: [3, 6, 7, 1], second: [4, 8, NAN, NAN], third: [NAN, NAN, NAN, NAN] };

    expect(mergePassages(a, b)).toEqual({
      earliest: [3, 5, 7, 1],
      second: [4, 6, 9, NAN],
      third: [NAN, 8, NAN, NAN],
    });
  });
});

/** Rider 1 at km 2.5 and rider 3 at km 1.3, both two seconds into their ride at 12 m/s, by bib. */
function headAndTrailer() {
  return new Map(
    ridersAfter(
      world,
      [
        { device: 'TRK-1-A', startMeters: 2_500, speedMetersPerSecond: 12 },
        { device: 'TRK-3-A', startMeters: 1_300, speedMetersPerSecond: 12 },
      ],
      2,
    ).map((r) => [r.bib, r]),
  );
}

describe('passagesWithRiders', () => {
  it('extends the front with the head and never sets an unpassed mark behind it', () => {
    const riders = headAndTrailer();
    const known = single(new Array<number>(30).fill(NAN));
    (known.earliest as number[])[11] = START_MS - 100_000;

    const out = passagesWithRiders(known, STEP, riders);

    expect(out.earliest[11]).toBe(START_MS - 100_000);
    expect(out.earliest[26]).toBeGreaterThan(START_MS);
    expect([out.earliest[14], out.second[14], out.third[14]]).toEqual([NAN, NAN, NAN]);
  });

  it("takes a trailing rider's crossing of a passed mark as the second", () => {
    const riders = headAndTrailer();
    const known = single(new Array<number>(30).fill(NAN));
    (known.earliest as number[])[14] = START_MS - 100_000;

    const out = passagesWithRiders(known, STEP, riders);

    expect(out.earliest[14]).toBe(START_MS - 100_000);
    expect(out.second[14]).toBeGreaterThan(START_MS);
    expect(out.third[14]).toBeNaN();
  });

  it('lets any rider lower a known mark it passed earlier, the known time moving back to third', () => {
    const riders = new Map(ridersAfter(world, PAIR, 2).map((r) => [r.bib, r]));
    const known = single(new Array<number>(30).fill(NAN));
    (known.earliest as number[])[11] = START_MS + 60_000;

    const out = passagesWithRiders(known, STEP, riders);

    expect(out.earliest[11]).toBeLessThan(START_MS + 10_000);
    expect(out.second[11]).toBeGreaterThan(out.earliest[11]!);
    expect(out.second[11]).toBeLessThan(START_MS + 10_000);
    expect(out.third[11]).toBe(START_MS + 60_000);
  });

  it('changes nothing when run again on its own result (each crossing is counted once)', () => {
    const riders = new Map(ridersAfter(world, PAIR, 2).map((r) => [r.bib, r]));
    const known = single(new Array<number>(30).fill(NAN));
    (known.earliest as number[])[10] = START_MS - 1_000;

    const once = passagesWithRiders(known, STEP, riders);

    expect(passagesWithRiders(once, STEP, riders)).toEqual(once);
  });
});

describe('savePassages', () => {
  const stage = { tour: 'tdf2022', stage: 2 };
  const item = (p: PassageArrays) => ({
    stepMeters: STEP,
    passagesMs: p.earliest,
    secondMs: p.second,
    thirdMs: p.third,
  });

  it('merges again and keeps every crossing when another aggregator wrote in between', async () => {
    const store = new MemoryPassageStore();
    const read = await store.get(stage);
    store.beforeNextPut = async () => {
      await store.putIfVersion(
        stage,
        item({ earliest: [NAN, 500, 900], second: [NAN, 650, NAN], third: [NAN, NAN, NAN] }),
        0,
      );
    };
    const mine = { earliest: [100, 600, NAN], second: [NAN, 700, NAN], third: [NAN, 800, NAN] };

    const saved = await savePassages(store, stage, STEP, mine, read);

    const expected = { earliest: [100, 500, 900], second: [NAN, 600, NAN], third: [NAN, 650, NAN] };
    expect(saved).toEqual(expected);
    await expect(store.get(stage)).resolves.toEqual({ ...item(expected), version: 2 });
  });

  it('writes nothing when the merge changes no crossing', async () => {
    const store = new MemoryPassageStore();
    await store.putIfVersion(stage, item({ earliest: [100, 500], second: [150, NAN], third: [160, NAN] }), 0);

    await savePassages(store, stage, STEP, single([200, 500]), await store.get(stage));

    expect((await store.get(stage))?.version).toBe(1);
  });

  it('writes when only a second crossing is new', async () => {
    const store = new MemoryPassageStore();
    await store.putIfVersion(stage, item(single([100, 500])), 0);

    await savePassages(store, stage, STEP, single([100, 520]), await store.get(stage));

    const stored = await store.get(stage);
    expect(stored?.version).toBe(2);
    expect(stored?.secondMs).toEqual([NAN, 520]);
  });

  it('gives up with StoreThrottledError when the item keeps changing under it', async () => {
    const store = new MemoryPassageStore();
    let version = 0;
    const rival = async (): Promise<void> => {
      await store.putIfVersion(stage, item(single([1_000 - version])), version);
      version += 1;
      store.beforeNextPut = rival;
    };
    store.beforeNextPut = rival;

    await expect(savePassages(store, stage, STEP, single([5]), undefined)).rejects.toThrow(StoreThrottledError);
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
    // Both riders of the pair crossed mark 41: the second crossing is stored too.
    expect(stored?.secondMs[41]).toBeGreaterThan(stored!.passagesMs[41]!);
  });
});
