import { describe, expect, it } from 'vitest';
import { isStationary, smoothedSpeed } from '../../../../core/race/index';
import { samplesWithin } from '../../../../core/race/motion';

const samples = (pairs: [number, number][]) => pairs.map(([s, d]) => ({ tMs: s * 1_000, distanceMeters: d }));

describe('smoothedSpeed', () => {
  it('returns the constant speed of evenly spaced samples in m/s', () => {
    const speed = smoothedSpeed(samples([0, 1, 2, 3, 4].map((s) => [s, 12 * s])));

    expect(speed).toBeCloseTo(12, 9);
  });

  it('averages out jitter that raw fix-to-fix speeds would show', () => {
    const jittery = samples([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((s) => [s, 10 * s + (s % 2 === 0 ? 4 : -4)]));

    const speed = smoothedSpeed(jittery);

    expect(Math.abs(speed - 10)).toBeLessThan(1);
  });

  it('never returns a negative speed', () => {
    const speed = smoothedSpeed(
      samples([
        [0, 100],
        [1, 98],
        [2, 95],
      ]),
    );

    expect(speed).toBe(0);
  });

  it('gives no speed from samples less than a second apart (one fix, its time corrected twice)', () => {
    const speed = smoothedSpeed([
      { tMs: 1_000_000, distanceMeters: 100 },
      { tMs: 1_000_011, distanceMeters: 101.4 },
    ]);

    expect(speed).toBe(0);
  });

  it('returns 0 for a single sample', () => {
    const speed = smoothedSpeed(samples([[0, 100]]));

    expect(speed).toBe(0);
  });
});

describe('isStationary', () => {
  it('is true for a rider who has not moved for 10 s', () => {
    const still = samples([0, 2, 4, 6, 8, 10].map((s) => [s, 500]));

    expect(isStationary(still, smoothedSpeed(still))).toBe(true);
  });

  it('is false over too short a span to tell', () => {
    const brief = samples([
      [0, 500],
      [1, 500],
    ]);

    expect(isStationary(brief, 0)).toBe(false);
  });
});

describe('samplesWithin', () => {
  it('keeps the samples within the window before the newest, then the newest, in a new array', () => {
    const old = Object.freeze(samples([0, 5, 10, 14].map((s) => [s, 10 * s])));

    const kept = samplesWithin(old, { tMs: 20_000, distanceMeters: 200 }, 10_000);

    expect(kept.map((s) => s.tMs)).toEqual([10_000, 14_000, 20_000]);
    expect(old).toHaveLength(4);
  });

  it('keeps the newest alone when every sample is older than the window', () => {
    const kept = samplesWithin(samples([[0, 0]]), { tMs: 60_000, distanceMeters: 600 }, 15_000);

    expect(kept).toEqual([{ tMs: 60_000, distanceMeters: 600 }]);
  });
});
