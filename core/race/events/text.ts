import type { RiderName } from './types';

/**
 * Small formatting helpers for the fan text of race events, English and French. Hand-written: a few fixed
 * sentence shapes do not justify an i18n library in a Lambda bundle.
 */

/** "km 52.3" / "km 52,3". */
export function kmText(meters: number): { en: string; fr: string } {
  const km = (meters / 1_000).toFixed(1);
  return { en: `km ${km}`, fr: `km ${km.replace('.', ',')}` };
}

/** Joins names: "A, B and C" / "A, B et C". */
export function namesText(bibs: readonly number[], riderName: RiderName): { en: string; fr: string } {
  const names = bibs.map(riderName);
  const join = (and: string): string =>
    names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${and} ${names[names.length - 1]!}`;
  return { en: join('and'), fr: join('et') };
}

/** A duration as fans read it: "45 s", "1 min 05 s", "2 min", "1 h 02 min 05 s". */
export function durationText(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3_600);
  const m = Math.floor((total % 3_600) / 60);
  const s = total % 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (h > 0) return `${h} h ${pad(m)} min ${pad(s)} s`;
  if (m > 0) return s === 0 ? `${m} min` : `${m} min ${pad(s)} s`;
  return `${s} s`;
}

/** "1st", "2nd", "3rd", "4th" / "1er", "2e". */
export function ordinalText(position: number): { en: string; fr: string } {
  const tens = position % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][position % 10] ?? 'th');
  return { en: `${position}${suffix}`, fr: position === 1 ? '1er' : `${position}e` };
}
