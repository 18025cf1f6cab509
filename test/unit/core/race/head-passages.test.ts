import { describe, expect, it } from 'vitest';
import { frontGroupPassagesMs, headPassageMs, recordPassages } from '../../../../core/race/index';

describe('recordPassages', () => {
  it('interpolates the time each 100 m mark was crossed', () => {
    const passages = new Array<number>(5).fill(Number.NaN);

    recordPassages(passages, 100, 50, 0, 250, 20_000);

    expect(passages).toEqual([Number.NaN, 5_000, 15_000, Number.NaN, Number.NaN]);
  });

  it('keeps the earliest crossing of each mark, whatever order riders are recorded in', () => {
    const early = new Array<number>(3).fill(Number.NaN);
    const late = new Array<number>(3).fill(Number.NaN);

    recordPassages(early, 100, 0, 0, 200, 20_000);
    recordPassages(early, 100, 0, 5_000, 200, 25_000);
    recordPassages(late, 100, 0, 5_000, 200, 25_000);
    recordPassages(late, 100, 0, 0, 200, 20_000);

    expect(early).toEqual(late);
    expect(early[1]).toBe(10_000);
  });

  it('ignores a move backwards', () => {
    const passages = new Array<number>(3).fill(Number.NaN);

    recordPassages(passages, 100, 180, 0, 90, 1_000);

    expect(passages.every(Number.isNaN)).toBe(true);
  });
});

describe('headPassageMs', () => {
  const passages = [0, 10_000, 20_000, Number.NaN];

  it('interpolates between recorded marks', () => {
    const t = headPassageMs(passages, 100, { distanceMeters: 250, tMs: 25_000 }, 150, 10);

    expect(t).toBe(15_000);
  });

  it('closes the curve with the head of the race itself', () => {
    const t = headPassageMs(passages, 100, { distanceMeters: 250, tMs: 25_000 }, 225, 10);

    expect(t).toBe(22_500);
  });

  it('returns the head time at or beyond the head', () => {
    const t = headPassageMs(passages, 100, { distanceMeters: 250, tMs: 25_000 }, 250, 10);

    expect(t).toBe(25_000);
  });

  it("extrapolates back at the head's pace above when no mark below was recorded, not the rider's speed", () => {
    // Marks 200 and 300 m 5 s apart: the head rode 20 m/s there; the rider asking (at the start) rides 2 m/s.
    const passages = [Number.NaN, Number.NaN, 20_000, 25_000];
    const t = headPassageMs(passages, 100, { distanceMeters: 350, tMs: 30_000 }, 150, 2);

    expect(t).toBe(17_500);
  });

  it('extrapolates back at the given speed when nothing above gives the head its pace', () => {
    const t = headPassageMs([Number.NaN, Number.NaN, 20_000], 100, { distanceMeters: 200, tMs: 20_000 }, 150, 10);

    expect(t).toBe(15_000);
  });
});

describe('frontGroupPassagesMs', () => {
  // Marks every 100 m crossed at 10 m/s: 10 s apart, so the front group is 12 m of road = 1.2 s after the earliest.
  const earliest = [0, 10_000, 20_000, 30_000, 40_000];
  const nan = (): number[] => new Array<number>(5).fill(Number.NaN);

  it('reads the third-earliest crossing when three riders cross within the front group', () => {
    const second = earliest.map((t) => t + 400);
    const third = earliest.map((t) => t + 900);

    const passages = frontGroupPassagesMs(earliest, second, third, 100);

    expect(passages[2]).toBe(20_900);
  });

  it('reads the mean of two crossings when only two ride in the front group', () => {
    const second = earliest.map((t) => t + 600);
    const third = earliest.map((t) => t + 5_000);

    const passages = frontGroupPassagesMs(earliest, second, third, 100);

    expect(passages[2]).toBe(20_300);
  });

  it('keeps the earliest crossing of a rider clear of the rest', () => {
    const second = earliest.map((t) => t + 3_000);
    const third = earliest.map((t) => t + 3_500);

    const passages = frontGroupPassagesMs(earliest, second, third, 100);

    expect(passages).toEqual(earliest);
  });

  it('falls back to the earliest crossings when no runners-up are known', () => {
    expect(frontGroupPassagesMs(earliest, undefined, undefined, 100)).toEqual(earliest);
    expect(frontGroupPassagesMs(earliest, nan(), nan(), 100)).toEqual(earliest);
  });

  it('widens the front group in time where the head rides slower', () => {
    const slow = earliest.map((t) => 2 * t);
    const third = slow.map((t) => t + 2_000);

    const passages = frontGroupPassagesMs(slow, third, third, 100);

    expect(passages[2]).toBe(42_000);
  });
});
