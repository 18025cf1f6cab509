import { describe, expect, it } from 'vitest';
import { trackerHealth, type RiderLiveState } from '../../../../core/race/index';

const rider = (overrides: Partial<RiderLiveState> = {}): RiderLiveState => ({
  bib: 1,
  activeDevice: 'TRK-1-A',
  tMs: 100_000,
  distanceMeters: 1_000,
  lat: 45,
  lon: 5,
  hdop: 1,
  speedMetersPerSecond: 12,
  stationary: false,
  samples: Array.from({ length: 15 }, (_, i) => ({ tMs: 86_000 + i * 1_000, distanceMeters: 830 + i * 12 })),
  finishTMs: undefined,
  lastSwitchTMs: undefined,
  otherDeviceTMs: undefined,
  impossibleStreak: 0,
  ...overrides,
});

describe('trackerHealth', () => {
  it('is ok with a fresh fix and reports the age and the fix rate', () => {
    const health = trackerHealth(rider(), 101_000);

    expect(health).toEqual({ lastFixAgeMs: 1_000, fixRateHz: 14 / 15, status: 'ok' });
  });

  it('goes stale after 10 s and lost after 60 s without a fix', () => {
    const stale = trackerHealth(rider(), 130_000);
    const lost = trackerHealth(rider(), 170_000);

    expect(stale.status).toBe('stale');
    expect(lost.status).toBe('lost');
  });

  it('suspects a bike change after a switch of device', () => {
    const health = trackerHealth(rider({ lastSwitchTMs: 95_000 }), 101_000);

    expect(health.status).toBe('bike-change-suspected');
  });

  it('suspects a bike change when another device reports while the active one is late', () => {
    const health = trackerHealth(rider({ otherDeviceTMs: 107_000 }), 108_000);

    expect(health.status).toBe('bike-change-suspected');
  });

  it('does not suspect another bike change when the old bike reports from the team car while the live tracker is late', () => {
    const changed = rider({ activeDevice: 'TRK-1-B', previousDevice: 'TRK-1-A', lastSwitchTMs: 20_000 });

    const health = trackerHealth({ ...changed, otherDeviceTMs: 107_000 }, 108_000, { bikeChangeFlagMs: 60_000 });

    expect(health.status).toBe('ok');
  });

  it('never reports a negative age for a clock running ahead', () => {
    const health = trackerHealth(rider(), 90_000);

    expect(health.lastFixAgeMs).toBe(0);
  });
});
