import { isTimeTrial, type StageConfig, type TourConfig } from '../tour-config/schema';
import { applyFixes, type ApplyFixesResult } from './apply-fixes';
import { buildDeviceDirectory, deviceAssignmentsFromConfig, type DeviceDirectory } from './device-owners';
import { passageLinesOf } from './events/line-passages';
import { createRaceState, type RaceFix, type RaceState } from './race-state';
import type { PreparedRoute } from './route/types';
import { buildSnapshot, type SnapshotInput, type StageSnapshot } from './snapshot';

/**
 * What `buildSnapshot` reads of a stage besides the state and the time: the route (required here, so predictions see
 * the terrain) and the stage's rules, documented on `SnapshotInput`.
 */
export interface SnapshotStage extends Pick<
  SnapshotInput,
  'stage' | 'gcBefore' | 'finishBonusSeconds' | 'lines' | 'timeTrial' | 'groupOptions'
> {
  readonly route: PreparedRoute;
}

/** A stage to replay fixes through: its snapshot rules and who carries which device. */
export interface ReplayStage extends SnapshotStage {
  readonly directory: DeviceDirectory;
}

/** One batch of fixes, applied at once, and the time of the snapshot built after it (epoch ms). */
export interface ReplayBatch {
  readonly nowMs: number;
  readonly fixes: readonly RaceFix[];
}

/** What one batch did: the engine state after it and the snapshot built from that state. */
export interface ReplayStep<T> {
  /** The caller's item this batch came from (a simulated second, a feed poll). */
  readonly item: T;
  readonly index: number;
  readonly batch: ReplayBatch;
  /** `applyFixes`' result: the new state, the accepted fixes and the rejects. */
  readonly applied: ApplyFixesResult;
  /** `applied.state`: the state the snapshot was built from. */
  readonly state: RaceState;
  readonly snapshot: StageSnapshot;
  /** The snapshot of the batch before, undefined at the first (what `raceEvents` diffs against). */
  readonly previous: StageSnapshot | undefined;
}

/**
 * The snapshot rules of a stage from the tour config: the GC before it, its finish bonuses, its sprint and KOM lines
 * scaled to `route`, and whether it is a time trial (`isTimeTrial`).
 */
export function snapshotStageOf(tour: TourConfig, stage: StageConfig, route: PreparedRoute): SnapshotStage {
  return {
    stage: stage.number,
    route,
    gcBefore: tour.gcBeforeStage.find((g) => g.stage === stage.number)?.standings ?? [],
    finishBonusSeconds: stage.finishBonusSeconds,
    lines: passageLinesOf(stage, route.lengthMeters),
    timeTrial: isTimeTrial(stage),
  };
}

/** `snapshotStageOf` with the tour config's device assignments, ready for `replayFixes`. */
export function replayStageOf(tour: TourConfig, stage: StageConfig, route: PreparedRoute): ReplayStage {
  return {
    ...snapshotStageOf(tour, stage, route),
    directory: buildDeviceDirectory(deviceAssignmentsFromConfig(tour.devices)),
  };
}

/** The snapshot of `stage` at `nowMs` from `state`, carrying the detector state of `previous`. Pure. */
export function snapshotAt(
  stage: SnapshotStage,
  state: RaceState,
  nowMs: number,
  previous: StageSnapshot | undefined,
): StageSnapshot {
  return buildSnapshot({
    stage: stage.stage,
    routeLengthMeters: stage.route.lengthMeters,
    state,
    nowMs,
    gcBefore: stage.gcBefore,
    finishBonusSeconds: stage.finishBonusSeconds,
    previous,
    route: stage.route,
    lines: stage.lines,
    groupOptions: stage.groupOptions,
    timeTrial: stage.timeTrial,
  });
}

/**
 * Replays fixes through the engine as one live stage: from a fresh state, each item's batch (`batchOf`) as one
 * `applyFixes`, then one snapshot at the batch's `nowMs` given the previous one. The one loop of every tool that
 * replays a stage (the accuracy harness, the prediction fit, compare-feed). Lazy, one step per item, so a five-hour
 * stage streams in constant memory and the caller scores each step as it comes. Pure.
 */
export function* replayFixes<T>(
  stage: ReplayStage,
  items: Iterable<T>,
  batchOf: (item: T, index: number) => ReplayBatch,
): Generator<ReplayStep<T>, void, undefined> {
  const context = { route: stage.route, directory: stage.directory, timeTrial: stage.timeTrial };
  let state = createRaceState(stage.route);
  let previous: StageSnapshot | undefined;
  let index = 0;
  for (const item of items) {
    const batch = batchOf(item, index);
    const applied = applyFixes(state, batch.fixes, context);
    state = applied.state;
    const snapshot = snapshotAt(stage, state, batch.nowMs, previous);
    yield { item, index, batch, applied, state, snapshot, previous };
    previous = snapshot;
    index++;
  }
}
