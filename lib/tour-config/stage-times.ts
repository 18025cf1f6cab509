import type { StageConfig } from './schema';

/**
 * UTC instant of a wall-clock time in an IANA zone. Hand-written on top of Intl, which carries the tz database:
 * the conversion is a fixed-point of the zone's offset (two rounds settle it, DST transitions included), and a
 * date library would add a dependency for these few lines.
 */
export function zonedTimeToUtcMs(date: string, time: string, timeZone: string): number {
  const wallClockAsUtc = Date.parse(`${date}T${time}:00Z`);
  let utc = wallClockAsUtc - offsetMs(wallClockAsUtc, timeZone);
  utc = wallClockAsUtc - offsetMs(utc, timeZone);
  return utc;
}

/** The zone's offset from UTC at an instant, ms (positive east of Greenwich). */
export function offsetMs(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** Official start (km 0) and expected end of the stage (last rider in), epoch ms UTC. */
export function stageWindowUtcMs(stage: StageConfig): { startMs: number; endMs: number } {
  const startMs = zonedTimeToUtcMs(stage.date, stage.startLocalTime, stage.timeZone);
  return { startMs, endMs: startMs + stage.expectedDurationMinutes * 60_000 };
}
