import type { TourConfig } from './schema';

const HOUR_MS = 3_600_000;

/** Latest time a JavaScript Date can hold, epoch ms (ECMA-262 §21.4.1.1); `Intl` throws beyond it. */
const MAX_DATE_MS = 8.64e15;

/**
 * Finds the stage a fix belongs to: the stage whose date, in its own time zone, is the fix's date. Lookups are
 * cached per hour (stage time zones have whole-hour offsets), so a frame costs a few `Intl` calls, not hundreds.
 */
export function stageFinder(tour: TourConfig): (tMs: number) => number | undefined {
  const formatters = new Map<string, Intl.DateTimeFormat>();
  const byHour = new Map<number, number | undefined>();
  const dateIn = (tMs: number, timeZone: string): string => {
    let f = formatters.get(timeZone);
    if (f === undefined) {
      f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
      formatters.set(timeZone, f);
    }
    return f.format(tMs);
  };
  return (tMs) => {
    // A tracker's clock can send any integer; a time no date can hold belongs to no stage, it must not throw.
    if (!Number.isFinite(tMs) || Math.abs(tMs) > MAX_DATE_MS) return undefined;
    const hour = Math.floor(tMs / HOUR_MS);
    if (byHour.has(hour)) return byHour.get(hour);
    const stage = tour.stages.find((s) => dateIn(tMs, s.timeZone) === s.date)?.number;
    byHour.set(hour, stage);
    return stage;
  };
}
