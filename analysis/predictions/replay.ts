import type { SnapshotGroup } from '../../core/race/index';
import { leadTrendSecondsPerMinute } from '../../core/race/events/breakaway';
import type { LoadedTour } from '../../core/tour-config/load';
import { replaySimulatedStage } from '../accuracy/simulated-replay';

/**
 * Replays one simulated stage through the engine with the accuracy harness's own replay (analysis/accuracy/
 * simulated-replay.ts: realistic telemetry faults, each second's frames as one `applyFixes` batch, a snapshot every
 * second) and keeps, once a minute, what the prediction models learn from: the snapshot's groups as the engine sees
 * them, resolved against the simulator's truth with the harness's own labels. Fitting on what the engine sees (not
 * on ground truth) and on the harness's label is what makes the fitted model the one the harness scores.
 */

/** A group of a sampled snapshot, with what later happened to the rider at its head. */
export interface ReplayGroup {
  readonly group: SnapshotGroup;
  /** True when the truth has the group's head rider caught by the peloton after this snapshot (the harness label). */
  readonly caught: boolean;
  /** Km to go at that catch (the first one after this snapshot), when caught. */
  readonly kmToGoAtCatch: number | null;
  /** True finish time of the group's head rider, epoch ms; null when that rider did not finish. */
  readonly finishMs: number | null;
}

/** One sampled snapshot. */
export interface ReplaySample {
  readonly tMs: number;
  /** Trend of the head group's lead, s/min, from the snapshot's memory (what the engine passes to the model). */
  readonly headLeadTrendSecondsPerMinute: number;
  readonly groups: readonly ReplayGroup[];
}

/** One replayed stage. */
export interface ReplayRun {
  readonly stage: number;
  readonly seed: number;
  readonly stageType: string;
  readonly routeLengthMeters: number;
  readonly samples: readonly ReplaySample[];
}

/** Same warm-up and sampling period as the harness, s. */
const WARM_UP_SECONDS = 60;
const SAMPLE_EVERY_SECONDS = 60;

/** Replays tdf stage `stageNumber` with `seed` (the whole stage) and returns its sampled snapshots. */
export function replayForFit(tour: LoadedTour, stageNumber: number, seed: number): ReplayRun {
  const { config: stage, stage: engine, steps } = replaySimulatedStage(tour, stageNumber, { seed });
  const { route } = engine;
  const finishMs = new Map<number, number>();
  const catches: { t: number; km: number; bibs: ReadonlySet<number> }[] = [];
  const sampled: { tMs: number; groups: readonly SnapshotGroup[]; trend: number }[] = [];
  for (const { item: tick, snapshot } of steps) {
    for (const event of tick.events) {
      if (event.type === 'finish') finishMs.set(event.bib, event.t);
      if (event.type === 'caught') catches.push({ t: event.t, km: event.km, bibs: new Set(event.bibs) });
    }
    if (tick.second >= WARM_UP_SECONDS && tick.second % SAMPLE_EVERY_SECONDS === 0) {
      const trend = leadTrendSecondsPerMinute(snapshot.memory?.breakaway.leads ?? []);
      sampled.push({ tMs: snapshot.tMs, groups: snapshot.groups, trend });
    }
  }
  const lengthKm = route.lengthMeters / 1_000;
  const samples = sampled.map(({ tMs, groups, trend }) => ({
    tMs,
    headLeadTrendSecondsPerMinute: trend,
    groups: groups.map((group) => {
      const bib = group.riders[0];
      const caughtAt = catches.find((c) => c.t > tMs && bib !== undefined && c.bibs.has(bib));
      return {
        group: { ...group, riders: bib === undefined ? [] : [bib] },
        caught: caughtAt !== undefined,
        kmToGoAtCatch: caughtAt === undefined ? null : Math.max(0, lengthKm - caughtAt.km),
        finishMs: bib === undefined ? null : (finishMs.get(bib) ?? null),
      };
    }),
  }));
  return { stage: stageNumber, seed, stageType: stage.type, routeLengthMeters: route.lengthMeters, samples };
}
