import { Metrics } from '@aws-lambda-powertools/metrics';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { MemoryHistoryStore } from '../../../lambdas/adapters/memory/history-store';
import { MemoryQuarantineSink } from '../../../lambdas/adapters/memory/quarantine-sink';
import { MemoryRiderStateStore } from '../../../lambdas/adapters/memory/rider-state-store';
import { MemoryTrackStore } from '../../../lambdas/adapters/memory/track-store';
import { createProcessorHandler } from '../../../lambdas/processor/handler';
import type { ProcessorDeps } from '../../../lambdas/processor/process-record';
import { stageFinder } from '../../../core/tour-config/stage-at';
import type { StageContext } from '../../../lambdas/processor/stage-batch';
import {
  buildDeviceDirectory,
  deviceAssignmentsFromConfig,
  NOMINAL_DELAY_MS,
  prepareRoute,
  SKEW_MIN_SAMPLES,
} from '../../../core/race';
import type { WireFrame } from '../../../core/wire/wire-frame';
import { loadStageRoute, loadTourConfig, type LoadedTour } from '../../../core/tour-config/load';
import { lambdaContext, rideFrames } from '../../helpers/kinesis-event';
import { captureSingleMetrics, type EmittedMetric } from '../../helpers/single-metrics';

/** The stage the processor tests ride on (tdf2022 stage 2, Roskilde → Nyborg). */
export const STAGE = 2;
/** Time of the first fix of `frames`. */
export const START_MS = Date.UTC(2022, 6, 2, 10, 30, 0);

/**
 * Clock correction the engine applies to the riders of `frames`, ms: each frame reaches the relay 500 ms after its
 * last fix, 500 ms under the nominal delay, so once a device has `SKEW_MIN_SAMPLES` fixes its clock is corrected.
 */
export const CLOCK_CORRECTION_MS = 500 - NOMINAL_DELAY_MS;

/** The live (skew-corrected) time of the fix `second` seconds after the start, for a rider of `frames`. */
export function liveTimeOf(second: number): number {
  return START_MS + second * 1_000 + (second + 1 >= SKEW_MIN_SAMPLES ? CLOCK_CORRECTION_MS : 0);
}

/** Tour, stage context and six 5-second frames of riders 1 (TRK-1-A) and 3 (TRK-3-A), built once per file. */
export interface ProcessorWorld {
  readonly tour: LoadedTour;
  readonly context: StageContext;
  readonly frames: readonly WireFrame[];
}

/** Builds the world the processor tests share. */
export function processorWorld(): ProcessorWorld {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const tour = loadTourConfig('tdf2022');
  const route = prepareRoute(loadStageRoute(tour, STAGE));
  const directory = buildDeviceDirectory(deviceAssignmentsFromConfig(tour.config.devices));
  const teams = new Map(tour.config.riders.map((r) => [r.bib, r.team]));
  const context: StageContext = {
    key: { tour: 'tdf2022', stage: STAGE },
    route,
    directory,
    teamOf: (bib) => teams.get(bib) ?? 'unknown',
  };
  const riders = [
    { device: 'TRK-1-A', startMeters: 1_000, speedMetersPerSecond: 12 },
    { device: 'TRK-3-A', startMeters: 1_050, speedMetersPerSecond: 11 },
  ];
  return { tour, context, frames: rideFrames(route, riders, START_MS, 6) };
}

export type { EmittedMetric } from '../../helpers/single-metrics';

/** Processor deps on memory fakes, the handler on them, and the metrics it emitted. */
export interface ProcessorFixture {
  readonly deps: ProcessorDeps & {
    riderStates: MemoryRiderStateStore;
    tracks: MemoryTrackStore;
    quarantine: MemoryQuarantineSink;
    history: MemoryHistoryStore;
  };
  readonly emitted: EmittedMetric[];
  run(event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse>;
  /** Sum of a metric over the emitted points of the stage (and reason). */
  total(name: string, stage?: string, reason?: string): number;
}

/** A processor handler on fresh memory fakes whose metrics are captured (`now` is a minute after the start). */
export function processorFixture(world: ProcessorWorld): ProcessorFixture {
  const deps = {
    riderStates: new MemoryRiderStateStore(),
    tracks: new MemoryTrackStore(),
    quarantine: new MemoryQuarantineSink(),
    history: new MemoryHistoryStore(),
    stageAt: stageFinder(world.tour.config),
    stageContext: (stage: number) => (stage === STAGE ? world.context : undefined),
    metrics: new Metrics({ namespace: 'TourTracker', serviceName: 'processor' }),
    now: () => START_MS + 60_000,
  };
  const emitted = captureSingleMetrics(deps.metrics);
  const handler = createProcessorHandler(deps);
  return {
    deps,
    emitted,
    run: async (event) => (await handler(event, lambdaContext(), () => undefined)) as KinesisStreamBatchResponse,
    total: (name, stage = String(STAGE), reason) =>
      emitted
        .filter((m) => m.name === name && m.dimensions.Stage === stage && m.dimensions.Reason === reason)
        .reduce((sum, m) => sum + m.value, 0),
  };
}
