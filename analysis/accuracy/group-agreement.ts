/**
 * Pairwise group agreement: of all pairs of riders both on the road, the share that the engine puts together (or
 * apart) exactly when the simulator's truth does. Counted from the contingency table of (engine group, true
 * group), so a snapshot of n riders costs O(n), not O(n²).
 */

/** Agreeing pairs and all pairs of one snapshot (or a sum of them). */
export interface PairCounts {
  agree: number;
  pairs: number;
  /** Pairs the truth has together and the engine apart. */
  split: number;
  /** Pairs the truth has apart and the engine together. */
  merged: number;
}

const pairsOf = (n: number): number => (n * (n - 1)) / 2;

/** Adds to `into` the pairs of riders with an engine group ≥ 0 and a true group ≥ 0 in the parallel arrays. */
export function addGroupAgreement(
  into: PairCounts,
  engineGroup: readonly number[],
  truthGroup: readonly number[],
): void {
  const both = new Map<string, number>();
  const byEngine = new Map<number, number>();
  const byTruth = new Map<number, number>();
  let n = 0;
  for (let i = 0; i < engineGroup.length; i++) {
    const e = engineGroup[i]!;
    const t = truthGroup[i]!;
    if (e < 0 || t < 0) continue;
    n++;
    const key = `${e}:${t}`;
    both.set(key, (both.get(key) ?? 0) + 1);
    byEngine.set(e, (byEngine.get(e) ?? 0) + 1);
    byTruth.set(t, (byTruth.get(t) ?? 0) + 1);
  }
  let sameBoth = 0;
  let sameEngine = 0;
  let sameTruth = 0;
  for (const c of both.values()) sameBoth += pairsOf(c);
  for (const c of byEngine.values()) sameEngine += pairsOf(c);
  for (const c of byTruth.values()) sameTruth += pairsOf(c);
  const pairs = pairsOf(n);
  into.pairs += pairs;
  into.split += sameTruth - sameBoth;
  into.merged += sameEngine - sameBoth;
  into.agree += pairs - (sameEngine - sameBoth) - (sameTruth - sameBoth);
}
