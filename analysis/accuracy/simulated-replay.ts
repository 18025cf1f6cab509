import {
  prepareRoute,
  replayFixes,
  replayStageOf,
  type ReplayBatch,
  type ReplayStage,
  type ReplayStep,
} from '../../core/race/index';
import { loadStageRoute, stageOf, type LoadedTour } from '../../core/tour-config/load';
import type { StageConfig } from '../../core/tour-config/schema';
import { raceFixesOf } from '../../core/wire/decode-record';
import type { TruthHeader } from '../../sim/ground-truth';
import { simulateStage, type SimulationTick } from '../../sim/simulate-stage';

/** A real stage simulated with the realistic fault profile, being replayed through the engine. */
export interface SimulatedReplay {
  readonly config: StageConfig;
  readonly stage: ReplayStage;
  readonly header: TruthHeader;
  /** One step per simulated second, produced on demand (`replayFixes`). */
  readonly steps: Generator<ReplayStep<SimulationTick>, void, undefined>;
}

/** How to simulate the stage. */
export interface SimulatedReplayOptions {
  readonly seed: number;
  /** Stop after this many simulated seconds. @default - the whole stage */
  readonly maxSeconds?: number;
}

/**
 * Simulates tour stage `stageNumber` with the realistic fault profile and replays its telemetry through the engine
 * the way production sees it: each second's frames in arrival order as one batch, and a snapshot at the end of that
 * second. The accuracy harness scores these steps and the prediction fit learns from them, so both see one engine.
 */
export function replaySimulatedStage(
  tour: LoadedTour,
  stageNumber: number,
  options: SimulatedReplayOptions,
): SimulatedReplay {
  const config = stageOf(tour, stageNumber);
  const route = prepareRoute(loadStageRoute(tour, stageNumber));
  const stage = replayStageOf(tour.config, config, route);
  const simulation = simulateStage(
    { tour: tour.config, stage: config, route },
    { seed: options.seed, faultProfile: 'realistic', maxSeconds: options.maxSeconds },
  );
  return { config, stage, header: simulation.header, steps: replayFixes(stage, simulation.ticks, batchOfTick) };
}

// Frames leave the relay at the end of the second: that is when the aggregator can see them.
function batchOfTick(tick: SimulationTick): ReplayBatch {
  return { nowMs: tick.t + 1_000, fixes: tick.frames.flatMap(raceFixesOf) };
}
