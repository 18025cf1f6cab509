import { describe, expect, it } from 'vitest';
import { offsetMs, zonedTimeToUtcMs } from '../../../../core/tour-config/stage-times';

describe('zonedTimeToUtcMs', () => {
  it('converts a summer afternoon in Paris (UTC+2) to UTC', () => {
    const utc = zonedTimeToUtcMs('2022-07-24', '16:15', 'Europe/Paris');

    expect(new Date(utc).toISOString()).toBe('2022-07-24T14:15:00.000Z');
  });

  it('converts a winter time in Paris (UTC+1) to UTC', () => {
    const utc = zonedTimeToUtcMs('2022-01-15', '12:00', 'Europe/Paris');

    expect(new Date(utc).toISOString()).toBe('2022-01-15T11:00:00.000Z');
  });

  it('converts a time in San Francisco (UTC-7 in July) to UTC', () => {
    const utc = zonedTimeToUtcMs('2022-07-01', '09:00', 'America/Los_Angeles');

    expect(new Date(utc).toISOString()).toBe('2022-07-01T16:00:00.000Z');
  });

  it('handles the hour after the spring-forward transition', () => {
    const utc = zonedTimeToUtcMs('2022-03-27', '03:30', 'Europe/Paris');

    expect(new Date(utc).toISOString()).toBe('2022-03-27T01:30:00.000Z');
    expect(offsetMs(utc, 'Europe/Paris')).toBe(2 * 3600_000);
  });
});
