import type { StoredPassages } from '../../core/ports/passage-store';
import type { StoredRider } from '../../core/ports/rider-state-store';
import { PassageBoard, recordPassages, type PassageArrays } from '../../core/race';

/** `length` marks nobody has crossed. */
export function emptyPassages(length: number): PassageArrays {
  return {
    earliest: new Array<number>(length).fill(Number.NaN),
    second: new Array<number>(length).fill(Number.NaN),
    third: new Array<number>(length).fill(Number.NaN),
  };
}

/** The crossings of a stored passages item as the engine holds them. */
export function passagesOf(stored: StoredPassages): PassageArrays {
  return { earliest: stored.passagesMs, second: stored.secondMs, third: stored.thirdMs };
}

/**
 * Merges two sets of crossings of the same stage and step into the three earliest distinct times per mark across
 * both, as long as the longer set. Each set counts only as the times it holds, so merging is commutative,
 * associative and idempotent (two aggregators merging in any order agree). The ranking is the engine's
 * (`PassageBoard`), so the aggregator keeps exactly what the engine would. Pure.
 */
export function mergePassages(a: PassageArrays, b: PassageArrays): PassageArrays {
  const board = new PassageBoard(emptyPassages(Math.max(a.earliest.length, b.earliest.length)), 1);
  for (const set of [a, b]) {
    for (const slot of [set.earliest, set.second, set.third]) {
      for (let k = 0; k < slot.length; k += 1) {
        const t = slot[k]!;
        if (t === t) board.recordAt(k, t);
      }
    }
  }
  return board.arrays();
}

/** `passages` cut or padded (NaN) to exactly `length` marks. */
export function fittedPassages(passages: PassageArrays, length: number): PassageArrays {
  const fit = (marks: readonly number[]): number[] => Array.from({ length }, (_, k) => marks[k] ?? Number.NaN);
  return { earliest: fit(passages.earliest), second: fit(passages.second), third: fit(passages.third) };
}

/**
 * The crossings in every rider's recent progress samples, merged into `known` (three earliest per mark, as the
 * engine's `PassageBoard` ranks them). A mark already passed takes any rider's crossing as a candidate for all three
 * places; an unpassed mark is only set at the front, beyond the furthest mark passed so far. Riders are taken from
 * the furthest on, so the head extends the front first. A rider crossing an unpassed mark behind the front would be
 * taken for the head and see its gap shrink to zero (the head's crossing was missed, e.g. before the aggregator
 * started); `headPassageMs` interpolates over such holes instead. A rider's repeated crossing of one mark (GPS
 * jitter backwards) counts once. Pure.
 */
export function passagesWithRiders(
  known: PassageArrays,
  stepMeters: number,
  stored: ReadonlyMap<number, StoredRider>,
): PassageArrays {
  const length = known.earliest.length;
  const board = new PassageBoard(known, stepMeters);
  let front = furthestPassed(known.earliest);
  // One scratch array for all riders, cleared over the marks each rider touched (a stage has ~2,000 marks).
  const crossed = new Array<number>(length).fill(Number.NaN);
  const riders = [...stored.values()].sort((a, b) => b.live.distanceMeters - a.live.distanceMeters || a.bib - b.bib);
  for (const rider of riders) {
    const samples = rider.live.samples;
    if (samples.length < 2) continue;
    let lowest = Infinity;
    let highest = -Infinity;
    for (let i = 1; i < samples.length; i += 1) {
      const a = samples[i - 1]!;
      const b = samples[i]!;
      lowest = Math.min(lowest, a.distanceMeters);
      highest = Math.max(highest, b.distanceMeters);
      recordPassages(crossed, stepMeters, a.distanceMeters, a.tMs, b.distanceMeters, b.tMs);
    }
    const passed = board.arrays().earliest;
    const from = Math.max(0, Math.floor(lowest / stepMeters));
    const to = Math.min(length - 1, Math.floor(highest / stepMeters));
    let furthest = front;
    for (let k = from; k <= to; k += 1) {
      const t = crossed[k]!;
      if (t !== t) continue;
      crossed[k] = Number.NaN;
      if (passed[k]! === passed[k]! || k > front) {
        board.recordAt(k, t);
        furthest = Math.max(furthest, k);
      }
    }
    front = furthest;
  }
  return board.arrays();
}

/** Index of the furthest mark with a passage time, -1 when none. */
function furthestPassed(marks: readonly number[]): number {
  for (let k = marks.length - 1; k >= 0; k -= 1) if (marks[k] === marks[k]) return k;
  return -1;
}

/** True when both sets hold the same crossings (NaN equal to NaN): nothing new to store. */
export function samePassages(a: PassageArrays, b: PassageArrays): boolean {
  const same = (x: readonly number[], y: readonly number[]): boolean =>
    x.length === y.length && x.every((t, k) => Object.is(t, y[k]));
  return same(a.earliest, b.earliest) && same(a.second, b.second) && same(a.third, b.third);
}
