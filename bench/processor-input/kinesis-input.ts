/**
 * Input shared by the processor benchmarks (bench/processor-memory.ts, bench/processor-moto.ts): a simulated stage of
 * tdf2022 (realistic telemetry faults) as Kinesis invocations, one record per relay frame. This folder holds no `*.ts`
 * at bench/'s top level, so `npm run bench` does not run it as a case.
 */
import type { KinesisStreamEvent } from 'aws-lambda';
import type { WireFrame } from '../../core/wire/wire-frame';
import { prepareRoute, type PreparedRoute } from '../../core/race/index';
import { loadStageRoute, loadTourConfig, stageOf, type LoadedTour } from '../../core/tour-config/load';
import { simulateStage } from '../../sim/simulate-stage';
import { kinesisEventRecord } from '../../local/kinesis-mapping';

// The records are built as local mode delivers them to the processor (local/kinesis-mapping.ts).
const BENCH_SHARD_ID = 'shardId-000000000000';
const BENCH_STREAM_ARN = 'arn:aws:kinesis:eu-west-1:123456789012:stream/bench';
const BENCH_ROLE_ARN = 'arn:aws:iam::123456789012:role/processor';

/** A frame as the relay puts it on the stream: UTF-8 JSON. */
function frameBytes(frame: WireFrame): Uint8Array {
  return Buffer.from(JSON.stringify(frame), 'utf8');
}

/** Which simulation, and how it is cut into invocations. */
export interface ProcessorBenchOptions {
  readonly stage: number;
  readonly seed: number;
  /** Simulated seconds from the start. */
  readonly seconds: number;
  readonly recordsPerInvocation: number;
}

/** The simulated frames and the Kinesis events that carry them. */
export interface ProcessorBenchInput {
  readonly tour: LoadedTour;
  readonly route: PreparedRoute;
  /** Official start of the stage, epoch ms. */
  readonly startMs: number;
  readonly frames: readonly WireFrame[];
  /** Fixes in all frames. */
  readonly fixCount: number;
  /** One per invocation, `recordsPerInvocation` records each (the last may hold fewer). */
  readonly events: readonly KinesisStreamEvent[];
}

/** Simulates the input (a few seconds for ten minutes). */
export function processorBenchInput(options: ProcessorBenchOptions): ProcessorBenchInput {
  const tour = loadTourConfig('tdf2022');
  const route = prepareRoute(loadStageRoute(tour, options.stage));
  const simulation = simulateStage(
    { tour: tour.config, stage: stageOf(tour, options.stage), route },
    { seed: options.seed, maxSeconds: options.seconds },
  );
  const frames = [...simulation.ticks].flatMap((tick) => tick.frames);
  const events: KinesisStreamEvent[] = [];
  for (let i = 0; i < frames.length; i += options.recordsPerInvocation) {
    const records = frames.slice(i, i + options.recordsPerInvocation).map((frame, j) =>
      kinesisEventRecord(
        {
          partitionKey: frame.gateway,
          sequenceNumber: String(i + j + 1),
          arrivalMs: Date.now(),
          data: frameBytes(frame),
        },
        BENCH_SHARD_ID,
        BENCH_STREAM_ARN,
        BENCH_ROLE_ARN,
      ),
    );
    events.push({ Records: records });
  }
  return {
    tour,
    route,
    startMs: simulation.header.startMs,
    frames,
    fixCount: frames.reduce((n, f) => n + f.fixes.length, 0),
    events,
  };
}
