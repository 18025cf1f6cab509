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
  const p = wallClockParts(utcMs, timeZone);
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** The wall-clock fields of an instant in a zone, as digits: `year` four, the others two (hours 00-23). */
export interface WallClockParts {
  readonly year: string;
  readonly month: string;
  readonly day: string;
  readonly hour: string;
  readonly minute: string;
  readonly second: string;
}

/** The wall clock of `timeZone` at an instant (the tz database through Intl). */
export function wallClockParts(utcMs: number, timeZone: string): WallClockParts {
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
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '??';
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** Official start (km 0) and expected end of the stage (last rider in), epoch ms UTC. */
export function stageWindowUtcMs(stage: StageConfig): { startMs: number; endMs: number } {
  const startMs = zonedTimeToUtcMs(stage.date, stage.startLocalTime, stage.timeZone);
  return { startMs, endMs: startMs + stage.expectedDurationMinutes * 60_000 };
}
