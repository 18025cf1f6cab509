import { describe, expect, it } from 'vitest';
import { FreshnessMeter, percentile } from '../../../local/freshness';

const T0 = Date.UTC(2022, 6, 8, 10, 10, 0);

describe('FreshnessMeter', () => {
  it('credits each fix second a snapshot newly covers with its age on the race clock', () => {
    const meter = new FreshnessMeter(10);

    meter.observe(T0, T0 + 2_000, 1);
    meter.observe(T0 + 3_000, T0 + 5_500, 2);

    expect(meter.samples().map((s) => [s.fixMs - T0, s.raceMillis])).toEqual([
      [0, 2_000],
      [3_000, 2_500],
      [2_000, 3_500],
      [1_000, 4_500],
    ]);
  });

  it('ignores a snapshot that is not newer than the last one seen', () => {
    const meter = new FreshnessMeter(1);
    meter.observe(T0 + 5_000, T0 + 6_000, 1);

    meter.observe(T0 + 5_000, T0 + 9_000, 2);
    meter.observe(T0 + 4_000, T0 + 9_000, 3);

    expect(meter.samples()).toHaveLength(1);
  });

  it('reports percentiles in race ms and in wall ms (race ÷ speed), over a wall-time window', () => {
    const meter = new FreshnessMeter(20);
    meter.observe(T0, T0 + 40_000, 100);
    meter.observe(T0 + 1_000, T0 + 21_000, 200);

    expect(meter.figures()).toEqual({
      samples: 2,
      p50RaceMillis: 20_000,
      p95RaceMillis: 40_000,
      p50WallMillis: 1_000,
      p95WallMillis: 2_000,
    });
    expect(meter.figures(150)?.samples).toBe(1);
    expect(meter.figures(1_000)).toBeUndefined();
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);

    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.95)).toBe(95);
    expect(percentile([7], 0.95)).toBe(7);
  });
});

describe('FreshnessMeter with a clock running ahead', () => {
  it('never credits a negative freshness to a snapshot dated after the race clock', () => {
    const meter = new FreshnessMeter(1);

    meter.observe(T0 + 30_000, T0 + 2_000, 1);

    expect(meter.samples().map((s) => s.raceMillis)).toEqual([0]);
  });
});
