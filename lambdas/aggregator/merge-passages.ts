import type { StoredRider } from '../adapters/rider-state-store';
import { recordPassages } from '../race';

/** Earliest of two passage times, either possibly NaN (not passed). */
function earliest(a: number | undefined, b: number | undefined): number {
  const x = a ?? Number.NaN;
  const y = b ?? Number.NaN;
  if (x !== x) return y;
  if (y !== y) return x;
  return Math.min(x, y);
}

/**
 * Merges two sets of passage marks of the same stage and step: the earliest time per mark wins, so merging is
 * commutative, associative and idempotent (two aggregators merging in any order agree). Pure.
 */
export function mergePassages(a: readonly number[], b: readonly number[]): number[] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, k) => earliest(a[k], b[k]));
}

/**
 * The marks crossed by every rider's recent progress samples, merged into `known`: a mark already passed keeps its
 * earliest time (min), and an unpassed mark is only set at the front, beyond the furthest mark passed so far. Riders
 * are taken from the furthest on, so the head extends the front first. A rider crossing an unpassed mark behind the
 * front would be taken for the head and see its gap shrink to zero (the head's crossing was missed, e.g. before
 * the aggregator started); `headPassageMs` interpolates over such holes instead. Pure.
 */
export function passagesWithRiders(
  known: readonly number[],
  stepMeters: number,
  stored: ReadonlyMap<number, StoredRider>,
): number[] {
  const marks = [...known];
  let front = furthestPassed(marks);
  const riders = [...stored.values()].sort((a, b) => b.live.distanceMeters - a.live.distanceMeters || a.bib - b.bib);
  for (const rider of riders) {
    const crossed = new Array<number>(marks.length).fill(Number.NaN);
    const samples = rider.live.samples;
    for (let i = 1; i < samples.length; i += 1) {
      const a = samples[i - 1]!;
      const b = samples[i]!;
      recordPassages(crossed, stepMeters, a.distanceMeters, a.tMs, b.distanceMeters, b.tMs);
    }
    for (let k = 0; k < marks.length; k += 1) {
      const t = crossed[k]!;
      if (t !== t) continue;
      if (marks[k] === marks[k] || k > front) marks[k] = earliest(marks[k], t);
    }
    front = furthestPassed(marks);
  }
  return marks;
}

/** Index of the furthest mark with a passage time, -1 when none. */
function furthestPassed(marks: readonly number[]): number {
  for (let k = marks.length - 1; k >= 0; k -= 1) if (marks[k] === marks[k]) return k;
  return -1;
}

/** True when both mark sets hold the same times (NaN equal to NaN): nothing new to store. */
export function samePassages(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((t, k) => Object.is(t, b[k]));
}
