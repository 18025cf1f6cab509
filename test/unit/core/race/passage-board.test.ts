import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergePassages, PassageBoard, type PassageArrays } from '../../../../core/race/index';

const empty = (marks: number): PassageArrays => ({
  earliest: new Array<number>(marks).fill(Number.NaN),
  second: new Array<number>(marks).fill(Number.NaN),
  third: new Array<number>(marks).fill(Number.NaN),
});

describe('PassageBoard', () => {
  it('keeps the three earliest crossings of each mark, earliest first', () => {
    const board = new PassageBoard(empty(3), 100);

    for (const startMs of [4_000, 1_000, 3_000, 2_000]) board.recordMove(50, startMs, 150, startMs + 10_000);

    const marks = board.arrays();
    expect([marks.earliest[1], marks.second[1], marks.third[1]]).toEqual([6_000, 7_000, 8_000]);
  });

  it('counts a crossing seen again (the same time) once', () => {
    const board = new PassageBoard(empty(2), 100);

    board.recordMove(0, 0, 200, 20_000);
    board.recordMove(0, 0, 200, 20_000);

    expect(board.arrays().second[1]).toBeNaN();
  });

  it('hands back the input arrays untouched when no crossing changes them', () => {
    const base = empty(3);
    const board = new PassageBoard(base, 100);
    board.recordMove(0, 0, 120, 12_000);

    board.recordMove(130, 13_000, 190, 19_000);
    const marks = board.arrays();

    expect(marks.third).toBe(base.third);
    expect(marks.second).toBe(base.second);
    expect(marks.earliest).not.toBe(base.earliest);
    expect(base.earliest.every(Number.isNaN)).toBe(true);
  });

  it('keeps the three smallest distinct crossing times whatever order riders are recorded in', () => {
    const starts = fc.uniqueArray(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 12 });
    const startsAndShuffle = starts.chain((s) =>
      fc.tuple(fc.constant(s), fc.shuffledSubarray(s, { minLength: s.length })),
    );

    fc.assert(
      fc.property(startsAndShuffle, ([inOrder, shuffled]) => {
        const record = (list: readonly number[]): PassageArrays => {
          const board = new PassageBoard(empty(2), 100);
          for (const startMs of list) board.recordMove(0, startMs, 150, startMs + 15_000);
          return board.arrays();
        };

        const a = record(inOrder);
        const b = record(shuffled);

        const expected = [...inOrder].sort((x, y) => x - y).map((s) => s + 10_000);
        expect(b).toEqual(a);
        expect([a.earliest[1], a.second[1], a.third[1]]).toEqual([0, 1, 2].map((i) => expected[i] ?? Number.NaN));
      }),
      { numRuns: 200 },
    );
  });
});

describe('mergePassages', () => {
  it('keeps the three earliest distinct crossings of both sets, in either order', () => {
    const stored = { earliest: [Number.NaN, 1_000], second: [Number.NaN, 3_000], third: [Number.NaN, 5_000] };
    const run = { earliest: [Number.NaN, 2_000], second: [Number.NaN, 3_000], third: [Number.NaN, Number.NaN] };

    const merged = mergePassages(stored, run);

    expect(mergePassages(run, stored)).toEqual(merged);
    expect([merged.earliest[1], merged.second[1], merged.third[1]]).toEqual([1_000, 2_000, 3_000]);
    expect(stored.earliest[1]).toBe(1_000);
  });
});
