/** One freshness sample: how old a fix was when the first snapshot reflecting it was seen. */
export interface FreshnessSample {
  /** Wall time the snapshot was seen, epoch ms (for windows). */
  readonly seenAtWallMs: number;
  /** Fix time, race epoch ms. */
  readonly fixMs: number;
  /** Race-clock age of the fix when seen, ms. */
  readonly raceMillis: number;
}

/** Percentiles of freshness, in race ms and in wall ms (race ms ÷ speed). */
export interface FreshnessFigures {
  readonly samples: number;
  readonly p50RaceMillis: number;
  readonly p95RaceMillis: number;
  readonly p50WallMillis: number;
  readonly p95WallMillis: number;
}

/** Fixes are 1 Hz per tracker (DESIGN §1), so a snapshot that moved from T0 to T covers the fix seconds in (T0, T]. */
const FIX_PERIOD_MS = 1_000;
/** At most this many fix seconds are credited per snapshot change (the first snapshot covers only its own time). */
const MAX_SECONDS_PER_CHANGE = 120;

/**
 * Freshness as DESIGN §7 defines it, fix time → the first snapshot that reflects it, measured on the race clock.
 * Each time a probe sees the stage snapshot's time move from T0 to T, every fix second t in (T0, T] becomes a sample
 * `raceNow − t`: the fix of second t first became visible in this snapshot. At speed N one wall ms is N race ms,
 * so the wall-clock delay of the pipeline is the race figure ÷ N; at 1× both are the same.
 */
export class FreshnessMeter {
  private readonly recorded: FreshnessSample[] = [];
  private lastSnapshotMs: number | undefined;

  constructor(private readonly speed: number) {}

  /** Records what a probe saw: the snapshot time (race epoch ms) at race time `raceNowMs`, wall time `wallNowMs`. */
  observe(reportedSnapshotMs: number, raceNowMs: number, wallNowMs: number): void {
    // A tracker whose clock runs ahead (not yet corrected by the engine) can date a snapshot in the future.
    const snapshotMs = Math.min(reportedSnapshotMs, Math.floor(raceNowMs));
    const previous = this.lastSnapshotMs;
    if (previous !== undefined && snapshotMs <= previous) return;
    this.lastSnapshotMs = snapshotMs;
    const from = previous === undefined ? snapshotMs - 1 : previous;
    let credited = 0;
    for (let t = snapshotMs; t > from && credited < MAX_SECONDS_PER_CHANGE; t -= FIX_PERIOD_MS, credited++) {
      this.recorded.push({ seenAtWallMs: wallNowMs, fixMs: t, raceMillis: raceNowMs - t });
    }
  }

  /** Every sample so far, oldest first. */
  samples(): readonly FreshnessSample[] {
    return this.recorded;
  }

  /** Percentiles of the samples seen at or after `sinceWallMs` (default: all); undefined without samples. */
  figures(sinceWallMs = -Infinity): FreshnessFigures | undefined {
    const race = this.recorded
      .filter((s) => s.seenAtWallMs >= sinceWallMs)
      .map((s) => s.raceMillis)
      .sort((a, b) => a - b);
    if (race.length === 0) return undefined;
    const p50 = percentile(race, 0.5);
    const p95 = percentile(race, 0.95);
    return {
      samples: race.length,
      p50RaceMillis: p50,
      p95RaceMillis: p95,
      p50WallMillis: p50 / this.speed,
      p95WallMillis: p95 / this.speed,
    };
  }
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}
