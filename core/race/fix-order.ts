import type { RaceFix } from './race-state';

/**
 * The order `applyFixes` processes a batch in: (t, device, seq), so that the arrival order inside a batch never
 * matters.
 */

/** Compares two fixes by (t, device id, seq). */
export function compareFixes(a: RaceFix, b: RaceFix): number {
  if (a.t !== b.t) return a.t - b.t;
  if (a.device !== b.device) return a.device < b.device ? -1 : 1;
  return a.seq - b.seq;
}

/**
 * Returns the fixes in (t, device, seq) order. With the directory's device ranks the device comparison is numeric;
 * a device the directory does not know sorts after known ones at the same time, by id, as `compareFixes` would.
 */
export function sortedFixes(fixes: readonly RaceFix[], rankOf: ReadonlyMap<string, number> | undefined): RaceFix[] {
  if (rankOf === undefined) return [...fixes].sort(compareFixes);
  const keyed = fixes.map((fix) => ({ fix, rank: rankOf.get(fix.device) ?? Number.POSITIVE_INFINITY }));
  keyed.sort((a, b) => {
    if (a.fix.t !== b.fix.t) return a.fix.t - b.fix.t;
    if (a.rank !== b.rank) return a.rank - b.rank;
    return compareFixes(a.fix, b.fix);
  });
  return keyed.map((k) => k.fix);
}
