import { stageWindowUtcMs, wallClockParts } from '../../core/tour-config/stage-times';
import type { TourConfig } from '../../core/tour-config/schema';

/** When capacity is warmed before a stage and released after it, epoch ms UTC and wall clock in the stage's zone. */
export interface StageCapacityWindow {
  /** Stage numbers this window covers: one, or several when a release would fall after the next warm-up. */
  readonly stages: readonly number[];
  /** IANA zone of the first stage of the window (where the race is). */
  readonly timeZone: string;
  /** Official start of the first stage, epoch ms UTC. */
  readonly startMs: number;
  /** Expected end (last rider in) of the last stage, epoch ms UTC. */
  readonly endMs: number;
  /** Capacity is raised at: start − warmUpMinutes, epoch ms UTC. */
  readonly warmUpMs: number;
  /** Capacity is lowered at: end + releaseAfterMinutes, epoch ms UTC. */
  readonly releaseMs: number;
}

/**
 * The warm-up/release windows of a tour, in stage order. Windows that overlap (a release after the next warm-up,
 * as on a day with two half-stages) are merged, so a release never drops capacity under a racing stage.
 */
export function capacityWindows(tour: Pick<TourConfig, 'stages' | 'capacity'>): StageCapacityWindow[] {
  const { warmUpMinutes, releaseAfterMinutes } = tour.capacity;
  const windows = tour.stages
    .map((stage) => {
      const { startMs, endMs } = stageWindowUtcMs(stage);
      return {
        stages: [stage.number],
        timeZone: stage.timeZone,
        startMs,
        endMs,
        warmUpMs: startMs - warmUpMinutes * 60_000,
        releaseMs: endMs + releaseAfterMinutes * 60_000,
      };
    })
    .sort((a, b) => a.warmUpMs - b.warmUpMs);
  const merged: StageCapacityWindow[] = [];
  for (const window of windows) {
    const previous = merged.at(-1);
    if (previous && window.warmUpMs <= previous.releaseMs) {
      merged[merged.length - 1] = {
        ...previous,
        stages: [...previous.stages, ...window.stages],
        endMs: Math.max(previous.endMs, window.endMs),
        releaseMs: Math.max(previous.releaseMs, window.releaseMs),
      };
    } else {
      merged.push(window);
    }
  }
  return merged;
}

/** An instant as `YYYY-MM-DD HH:MM` on the wall clock of `timeZone` (ops read both UTC and local times). */
export function wallClock(utcMs: number, timeZone: string): string {
  const p = wallClockParts(utcMs, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
