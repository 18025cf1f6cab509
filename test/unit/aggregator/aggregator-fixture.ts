import { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { MemoryEventBus } from '../../../lambdas/adapters/memory/event-bus';
import { MemoryEventStore } from '../../../lambdas/adapters/memory/event-store';
import { MemoryPassageStore } from '../../../lambdas/adapters/memory/passage-store';
import { MemoryRiderStateStore } from '../../../lambdas/adapters/memory/rider-state-store';
import { MemorySnapshotStore } from '../../../lambdas/adapters/memory/snapshot-store';
import type { StoredRider } from '../../../core/ports/rider-state-store';
import type { AggregatorStage } from '../../../lambdas/aggregator/aggregate';
import { aggregatorStageOf } from '../../../lambdas/aggregator/deps';
import { createAggregatorHandler } from '../../../lambdas/aggregator/handler';
import { raceFixesOf } from '../../../core/wire/decode-record';
import { applyStageFixes, type StageContext } from '../../../lambdas/processor/stage-batch';
import { buildDeviceDirectory, deviceAssignmentsFromConfig } from '../../../core/race';
import { loadTourConfig } from '../../../core/tour-config/load';
import { lambdaContext, rideFrames, type RiderRide } from '../../helpers/kinesis-event';
import { captureSingleMetrics } from '../../helpers/single-metrics';

/** Time of the first fix of the rides. */
export const START_MS = Date.UTC(2022, 6, 2, 10, 30, 0);

/** tdf2022 stage 2 as the aggregator and the processor see it. */
export interface AggregatorWorld {
  readonly stage: AggregatorStage;
  readonly processing: StageContext;
}

/** Loads the stage once per file. */
export function aggregatorWorld(): AggregatorWorld {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const tour = loadTourConfig('tdf2022');
  const stage = aggregatorStageOf(tour, 'tdf2022', 2)!;
  const directory = buildDeviceDirectory(deviceAssignmentsFromConfig(tour.config.devices));
  return { stage, processing: { key: stage.key, route: stage.route, directory, teamOf: () => 'test-team' } };
}

/** Rider items as the processor stores them after `frameCount` frames of the rides. */
export function ridersAfter(
  world: AggregatorWorld,
  rides: readonly RiderRide[],
  frameCount: number,
  startMs = START_MS,
): StoredRider[] {
  const frames = rideFrames(world.stage.route, rides, startMs, frameCount);
  return [...applyStageFixes(new Map(), frames.flatMap(raceFixesOf), world.processing).riders];
}

/** Two riders side by side at 12 m/s from km 1. */
export const PAIR: RiderRide[] = [
  { device: 'TRK-1-A', startMeters: 1_000, speedMetersPerSecond: 12 },
  { device: 'TRK-3-A', startMeters: 1_020, speedMetersPerSecond: 12 },
];

/** Aggregator deps on memory fakes (with an event bus), the handler, and the metrics it emitted. */
export function aggregatorFixture(world: AggregatorWorld, options: { readonly withBus?: boolean } = {}) {
  const deps = {
    tour: 'tdf2022',
    riderStates: new MemoryRiderStateStore(),
    snapshots: new MemorySnapshotStore(),
    events: new MemoryEventStore(),
    passages: new MemoryPassageStore(),
    bus: options.withBus === false ? undefined : new MemoryEventBus(),
    metrics: new Metrics({ namespace: 'TourTracker', serviceName: 'aggregator' }),
    now: () => START_MS + 10 * 60_000,
    stageContext: (n: number) => (n === world.stage.key.stage ? world.stage : undefined),
  };
  const emitted = captureSingleMetrics(deps.metrics);
  const handler = createAggregatorHandler(deps);
  return {
    deps,
    emitted,
    store: (riders: readonly StoredRider[]) => deps.riderStates.putIfNewer(world.stage.key, riders),
    run: async (event: DynamoDBStreamEvent) =>
      (await handler(event, lambdaContext(), () => undefined)) as DynamoDBBatchResponse,
  };
}
