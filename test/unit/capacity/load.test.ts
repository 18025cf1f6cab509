import { describe, expect, it } from 'vitest';
import { apiProvisionedConcurrency, loadFigures, shardSteps, WIRE_BYTES_PER_FIX } from '../../../lib/capacity/load';
import { TourConfigShape } from '../../../core/tour-config/schema';
import { validTourJson } from '../../helpers/tour-config';

function capacityOf(overrides: Record<string, unknown>) {
  const json = validTourJson();
  return TourConfigShape.parse({ ...json, capacity: { ...json.capacity, ...overrides } }).capacity;
}

describe('loadFigures', () => {
  it('plans the 2017 start list (198 riders, 35 vehicles, 1 Hz, ×3) at 699 fixes/s on one shard', () => {
    const figures = loadFigures(capacityOf({ ridersExpected: 198, vehiclesExpected: 35, headroomFactor: 3 }));

    expect(figures).toEqual({
      devices: 233,
      expectedFixesPerSecond: 233,
      plannedFixesPerSecond: 699,
      plannedBytesPerSecond: 699 * WIRE_BYTES_PER_FIX,
      plannedRecordsPerSecond: 32,
      shardsNeededForLoad: 1,
      relayBuckets: 16,
    });
  });

  it('needs a shard per MB/s when the design load (×100, 10 Hz) is planned', () => {
    const figures = loadFigures(
      capacityOf({ ridersExpected: 200, vehiclesExpected: 0, fixRateHz: 10, headroomFactor: 100 }),
    );

    expect(figures.plannedFixesPerSecond).toBe(200_000);
    expect(figures.plannedBytesPerSecond).toBe(25_600_000);
    expect(figures.shardsNeededForLoad).toBe(26);
  });

  it('counts more frames per bucket once a bucket has more than 500 fixes per linger', () => {
    const figures = loadFigures(
      capacityOf({ ridersExpected: 1000, vehiclesExpected: 0, fixRateHz: 50, headroomFactor: 1 }),
    );

    expect(figures.plannedRecordsPerSecond).toBe(16 * 2 * 4);
  });

  it('sends no more frames per linger than there are devices when devices are fewer than buckets', () => {
    const figures = loadFigures(capacityOf({ ridersExpected: 2, vehiclesExpected: 1 }));

    expect(figures.plannedRecordsPerSecond).toBe(3 * 2);
  });
});

describe('WIRE_BYTES_PER_FIX', () => {
  it('covers a fully populated fix as the relay serializes it', () => {
    const fix = {
      device: 'TRK-198-A',
      seq: 123456,
      t: 1_656_681_300_123,
      lat: 55.676098,
      lon: 12.568337,
      alt: 1234.5,
      hdop: 0.9,
      battery: 87,
    };

    expect(JSON.stringify(fix).length + 1).toBeLessThanOrEqual(WIRE_BYTES_PER_FIX);
  });
});

describe('apiProvisionedConcurrency', () => {
  it('keeps one environment per 20 cache keys missing once a second, times the headroom', () => {
    expect(
      apiProvisionedConcurrency(capacityOf({ ridersExpected: 176, vehiclesExpected: 35, headroomFactor: 3 })),
    ).toBe(59);
  });
});

describe('shardSteps', () => {
  it('doubles at most per step on the way up and halves at most on the way down', () => {
    expect(shardSteps(1, 5)).toEqual([2, 4, 5]);
    expect(shardSteps(5, 1)).toEqual([3, 2, 1]);
  });

  it('takes no step when the count does not change', () => {
    expect(shardSteps(2, 2)).toEqual([]);
  });
});
