/**
 * Virtual general classification (DESIGN §3): GC time before the stage + today's gap − bonus seconds when known.
 */

/** A rider's GC time before the stage, s. */
export interface GcStanding {
  readonly bib: number;
  readonly seconds: number;
}

/** One line of the virtual GC. */
export interface VirtualGcEntry {
  readonly rank: number;
  readonly bib: number;
  /** GC time before the stage + gap − bonuses, s. */
  readonly virtualSeconds: number;
  /** Behind the virtual leader, s. */
  readonly behindSeconds: number;
}

/** Today's figures of a rider for the virtual GC. */
export interface StageProgress {
  readonly bib: number;
  /** Gap to the head of the race, s. */
  readonly gapSeconds: number;
  /** Bonus seconds won so far (finish order known), s. */
  readonly bonusSeconds: number;
}

/**
 * Ranks riders by virtual GC time. Riders missing from a non-empty `gcBefore` (not in the race) are left out;
 * with an empty one (stage 1) everyone starts from 0. Ties keep the better GC before the stage, then the bib.
 */
export function virtualGc(gcBefore: readonly GcStanding[], today: readonly StageProgress[]): VirtualGcEntry[] {
  const before = new Map(gcBefore.map((s) => [s.bib, s.seconds]));
  const rows: { bib: number; seconds: number; before: number }[] = [];
  for (const p of today) {
    const base = gcBefore.length === 0 ? 0 : before.get(p.bib);
    if (base === undefined) continue;
    rows.push({ bib: p.bib, seconds: base + p.gapSeconds - p.bonusSeconds, before: base });
  }
  rows.sort((a, b) => a.seconds - b.seconds || a.before - b.before || a.bib - b.bib);
  const leader = rows[0]?.seconds ?? 0;
  return rows.map((r, i) => ({
    rank: i + 1,
    bib: r.bib,
    virtualSeconds: r.seconds,
    behindSeconds: r.seconds - leader,
  }));
}

/** Returns bonus seconds per bib from the finish order (first across the line first) and the stage's bonuses. */
export function finishBonuses(finishOrder: readonly number[], bonusSeconds: readonly number[]): Map<number, number> {
  const bonuses = new Map<number, number>();
  finishOrder.forEach((bib, i) => {
    const b = bonusSeconds[i];
    if (b !== undefined && b > 0) bonuses.set(bib, b);
  });
  return bonuses;
}
