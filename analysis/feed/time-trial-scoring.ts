import type { RiderLiveState, SnapshotRider } from '../../core/race';
import type { FeedRow } from './feed-rows';
import { errorSummary, ranksOf, spearman, type ErrorSummary } from './scoring';

/**
 * Time-trial agreement: the engine's time lost at the latest time check (`time-checks.ts`) against the feed's
 * TTGapToVirtualLeaderT at each poll, and the engine's stage times (start mark to line, on each tracker's clock)
 * against the official results.
 */

/** An official stage time. */
export interface OfficialTime {
  readonly bib: number;
  readonly timeSeconds: number;
}

/** How the engine's finish times of a time trial agree with the official results. */
export interface StageTimeAgreement {
  /** Riders with an official time. */
  readonly official: number;
  /** Riders the engine timed from the start mark to the line. */
  readonly timed: number;
  /** Riders in both. */
  readonly compared: number;
  /** |engine − official| of each rider's time lost on the fastest of the compared riders, s. */
  readonly gapErrorSeconds: ErrorSummary;
  /** Spearman of the engine's order of stage times against the official order. */
  readonly spearman: number;
  /** The official winner, and whether the engine's fastest is he. */
  readonly winnerBib: number;
  readonly winnerAgrees: boolean;
}

/** |engine time lost at its latest check − feed TTGapToVirtualLeaderT| per paired row. */
export class TimeCheckGapTally {
  private readonly errors: number[] = [];

  add(feed: FeedRow, engine: SnapshotRider): void {
    if (engine.timeTrialGapSeconds === undefined || feed.ttGapToVirtualLeaderSeconds === undefined) return;
    this.errors.push(Math.abs(engine.timeTrialGapSeconds - feed.ttGapToVirtualLeaderSeconds));
  }

  result(): ErrorSummary {
    return errorSummary(this.errors);
  }
}

/**
 * Compares the engine's stage times with the official ones. Both sides' times lost are taken on the fastest rider
 * of the riders compared, so the engine's clock (from its start mark, not the ramp) and riders it could not time
 * shift nothing. Null without an official time or an engine time to compare.
 */
export function stageTimeAgreement(
  riders: readonly RiderLiveState[],
  official: readonly OfficialTime[],
): StageTimeAgreement | null {
  const engine = new Map<number, number>();
  for (const r of riders) if (r.timeTrialElapsedMs !== undefined) engine.set(r.bib, r.timeTrialElapsedMs / 1_000);
  const both = official.filter((o) => engine.has(o.bib));
  if (both.length === 0) return null;
  const engineTimes = both.map((o) => engine.get(o.bib)!);
  const officialTimes = both.map((o) => o.timeSeconds);
  const engineBest = Math.min(...engineTimes);
  const officialBest = Math.min(...officialTimes);
  const engineRanks = ranksOf(engineTimes);
  const officialRanks = ranksOf(officialTimes);
  const winner = [...official].sort((a, b) => a.timeSeconds - b.timeSeconds || a.bib - b.bib)[0]!;
  const fastest = both[engineTimes.indexOf(engineBest)]!;
  return {
    official: official.length,
    timed: engine.size,
    compared: both.length,
    gapErrorSeconds: errorSummary(
      both.map((_, i) => Math.abs(engineTimes[i]! - engineBest - (officialTimes[i]! - officialBest))),
    ),
    spearman: spearman(engineRanks, officialRanks),
    winnerBib: winner.bib,
    winnerAgrees: fastest.bib === winner.bib,
  };
}
