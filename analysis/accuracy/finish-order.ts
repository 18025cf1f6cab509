import type { TruthEvent } from '../../sim/ground-truth';

/** How the engine's finish order compares with the truth's. */
export interface FinishOrderScore {
  /** Riders the truth has finishing. */
  readonly truthFinishers: number;
  /** Riders the engine has finishing. */
  readonly engineFinishers: number;
  /** Positions where the engine has the true rider. */
  readonly samePosition: number;
  /** True when both orders are identical. */
  readonly exact: boolean;
}

/** Returns the true finish order (by interpolated crossing time, then the order the simulator gave). */
export function truthFinishOrder(events: readonly TruthEvent[]): number[] {
  const finishes = events.flatMap((e) => (e.type === 'finish' ? [e] : []));
  return finishes.sort((a, b) => a.t - b.t || a.order - b.order).map((e) => e.bib);
}

/** Compares the engine's finish order with the true one position by position. */
export function scoreFinishOrder(engine: readonly number[], truth: readonly number[]): FinishOrderScore {
  let samePosition = 0;
  for (let i = 0; i < Math.min(engine.length, truth.length); i++) if (engine[i] === truth[i]) samePosition++;
  return {
    truthFinishers: truth.length,
    engineFinishers: engine.length,
    samePosition,
    exact: engine.length === truth.length && samePosition === truth.length,
  };
}

/** Finish times by bib, epoch ms. */
export type FinishTimes = ReadonlyMap<number, number>;

/**
 * Pairs of riders the truth has crossing the line at least `minApartMs` apart, and how many of them the engine has
 * in the same order: riders a wheel apart in a bunch sprint (~1.5 m) are below what 5 m GPS noise can order.
 */
export function pairOrderAgreement(
  engine: readonly number[],
  truthTimes: FinishTimes,
  minApartMs: number,
): { pairs: number; agree: number } {
  const rank = new Map(engine.map((bib, i) => [bib, i]));
  const riders = [...truthTimes.entries()].filter(([bib]) => rank.has(bib)).sort((a, b) => a[1] - b[1]);
  let pairs = 0;
  let agree = 0;
  for (let i = 0; i < riders.length; i++) {
    for (let j = i + 1; j < riders.length; j++) {
      if (riders[j]![1] - riders[i]![1] < minApartMs) continue;
      pairs++;
      if (rank.get(riders[i]![0])! < rank.get(riders[j]![0])!) agree++;
    }
  }
  return { pairs, agree };
}
