import type { TourConfig } from '../../core/tour-config/schema';
import {
  apiProvisionedConcurrency,
  loadFigures,
  ON_DEMAND_INITIAL_SHARDS,
  PROCESSOR_PARALLELIZATION_FACTOR,
  shardSteps,
  type LoadFigures,
} from './load';
import { capacityWindows, type StageCapacityWindow } from './schedule';

/**
 * Minutes between two UpdateShardCount steps: a resharding must finish (stream ACTIVE again) before the next call.
 * @see https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html
 */
export const SHARD_STEP_MINUTES = 15;

/**
 * Reactive headroom over the scheduled provisioned concurrency: target tracking may scale up to this multiple of
 * the planned value while a stage races.
 */
export const REACTIVE_CONCURRENCY_FACTOR = 2;

/** Provisioned concurrency of one function alias while racing and its ceiling for target tracking. */
export interface ConcurrencyPlan {
  /** Provisioned concurrency set at warm-up (the scalable target's minimum while racing). */
  readonly race: number;
  /** Ceiling for target tracking while racing; both bounds drop to 0 at release. */
  readonly max: number;
}

/** One change of the stream's shard count, scheduled once (UTC). */
export interface ShardChange {
  readonly atMs: number;
  readonly targetShards: number;
  /** Stages of the window the change belongs to. */
  readonly stages: readonly number[];
}

/** The capacity plan of a tour: the one source the capacity construct, the CLI and docs/capacity.md share. */
export interface CapacityPlan {
  readonly tourId: string;
  readonly load: LoadFigures;
  readonly stream: {
    readonly mode: 'on-demand' | 'provisioned';
    /** Shards between stages (provisioned), or the on-demand stream's initial shards. */
    readonly idleShards: number;
    /** Shards while a stage races: max(config raceShards, shards the load needs); on-demand: what it starts with. */
    readonly raceShards: number;
    /** Scheduled shard count changes (provisioned streams only; empty for on-demand). */
    readonly changes: readonly ShardChange[];
  };
  /** Processor alias: concurrent batches = race shards × parallelization factor, each kept warm. */
  readonly processor: ConcurrencyPlan & { readonly parallelizationFactor: number };
  /** API alias: from the cacheable keys the API serves (see `apiProvisionedConcurrency`). */
  readonly api: ConcurrencyPlan;
  /** Device buckets the relay needs so every concurrent batch gets work: race shards × parallelization factor. */
  readonly relayBucketsNeeded: number;
  /** Warm-up and release instants per stage (merged where they overlap). */
  readonly windows: readonly StageCapacityWindow[];
  /** One-time actions before this instant are not scheduled (`CapacityPlanOptions.notBeforeMs`). */
  readonly notBeforeMs?: number;
}

/** Options of `capacityPlan`. */
export interface CapacityPlanOptions {
  /**
   * Leave out windows that are over by this instant (epoch ms UTC), and shard changes before it: a deploy during
   * the tour then schedules no one-time action in the past, which AWS may refuse.
   * @default undefined — every stage of the config
   */
  readonly notBeforeMs?: number;
}

/**
 * Builds a tour's capacity plan from its config: pure, deterministic, no AWS. The stack's scheduled scaling and
 * `tour-tracker capacity` both call this, so what ops read is what is deployed.
 */
export function capacityPlan(
  tour: Pick<TourConfig, 'id' | 'stages' | 'capacity'>,
  options: CapacityPlanOptions = {},
): CapacityPlan {
  const { capacity } = tour;
  const { notBeforeMs } = options;
  const load = loadFigures(capacity);
  const windows = capacityWindows(tour).filter((w) => notBeforeMs === undefined || w.releaseMs >= notBeforeMs);
  const provisioned = capacity.streamMode === 'provisioned';
  const raceShards = provisioned
    ? Math.max(capacity.raceShards, load.shardsNeededForLoad)
    : Math.max(ON_DEMAND_INITIAL_SHARDS, load.shardsNeededForLoad);
  const idleShards = provisioned ? Math.min(capacity.idleShards, raceShards) : ON_DEMAND_INITIAL_SHARDS;
  const processorRace = raceShards * PROCESSOR_PARALLELIZATION_FACTOR;
  const apiRace = apiProvisionedConcurrency(capacity);
  return {
    tourId: tour.id,
    load,
    stream: {
      mode: capacity.streamMode,
      idleShards,
      raceShards,
      changes: provisioned
        ? shardChanges(windows, idleShards, raceShards).filter(
            (c) => notBeforeMs === undefined || c.atMs >= notBeforeMs,
          )
        : [],
    },
    processor: {
      parallelizationFactor: PROCESSOR_PARALLELIZATION_FACTOR,
      race: processorRace,
      max: processorRace * REACTIVE_CONCURRENCY_FACTOR,
    },
    api: { race: apiRace, max: apiRace * REACTIVE_CONCURRENCY_FACTOR },
    relayBucketsNeeded: processorRace,
    windows,
    ...(notBeforeMs !== undefined && { notBeforeMs }),
  };
}

/** Scale-up steps end at the warm-up instant (earlier steps before it); scale-down steps start at the release. */
function shardChanges(windows: readonly StageCapacityWindow[], idle: number, race: number): ShardChange[] {
  const stepMs = SHARD_STEP_MINUTES * 60_000;
  const up = shardSteps(idle, race);
  const down = shardSteps(race, idle);
  return windows.flatMap((w) => [
    ...up.map((targetShards, i) => ({
      atMs: w.warmUpMs - (up.length - 1 - i) * stepMs,
      targetShards,
      stages: w.stages,
    })),
    ...down.map((targetShards, i) => ({ atMs: w.releaseMs + i * stepMs, targetShards, stages: w.stages })),
  ]);
}
