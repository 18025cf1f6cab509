import { describe, expect, it } from 'vitest';
import { headPassageMs, recordPassages } from '../../../lambdas/race/index';

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

  it('extrapolates back at the given speed when no mark below was recorded', () => {
    const t = headPassageMs([Number.NaN, Number.NaN, 20_000], 100, { distanceMeters: 250, tMs: 25_000 }, 150, 10);

    expect(t).toBe(15_000);
  });
});
