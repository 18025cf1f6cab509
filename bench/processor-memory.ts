/**
 * The processor handler end to end on in-memory adapters (decode → engine → history, tracks, rider state): fixes/s on
 * one core, per-invocation p50/p99, and the share the engine alone takes. Input: 10 simulated minutes of tdf2022
 * stage 3 (seed 42, realistic telemetry faults), one Kinesis record per relay frame, 100 records per invocation.
 * Run: npm run bench -- processor-memory. Prints figures, asserts nothing (STYLE.md 2.6); target ≥ 100,000 fixes/s.
 */
import os from 'node:os';
import type { KinesisStreamBatchResponse } from 'aws-lambda';
import { localLambdaContext } from '../local/lambda-context';
import { processorBenchInput } from './processor-input/kinesis-input';

// Quarantines log a warning each: keep them off stdout, and EMF metrics too, before Powertools reads the env.
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const { Metrics } = await import('@aws-lambda-powertools/metrics');
const { MemoryHistoryStore } = await import('../lambdas/adapters/memory/history-store');
const { MemoryQuarantineSink } = await import('../lambdas/adapters/memory/quarantine-sink');
const { MemoryRiderStateStore } = await import('../lambdas/adapters/memory/rider-state-store');
const { MemoryTrackStore } = await import('../lambdas/adapters/memory/track-store');
const { createProcessorHandler } = await import('../lambdas/processor/handler');
const { raceFixesOf } = await import('../core/wire/decode-record');
const { stageFinder } = await import('../core/tour-config/stage-at');
const { applyStageFixes, ridersOf } = await import('../lambdas/processor/stage-batch');
const { buildDeviceDirectory, deviceAssignmentsFromConfig } = await import('../core/race');

const SEED = 42;
const STAGE = 3;
const SECONDS = 600;
const RECORDS_PER_INVOCATION = 100;

const { tour, route, startMs, frames, fixCount, events } = processorBenchInput({
  stage: STAGE,
  seed: SEED,
  seconds: SECONDS,
  recordsPerInvocation: RECORDS_PER_INVOCATION,
});
const directory = buildDeviceDirectory(deviceAssignmentsFromConfig(tour.config.devices));
const teams = new Map(tour.config.riders.map((r) => [r.bib, r.team]));
const context = {
  key: { tour: 'tdf2022', stage: STAGE },
  route,
  directory,
  teamOf: (bib: number) => teams.get(bib) ?? '?',
};

let checksum = 0;

/** One replay of every invocation on fresh memory stores; returns per-invocation times, ms. */
async function replay(): Promise<number[]> {
  const history = new MemoryHistoryStore();
  const handler = createProcessorHandler({
    riderStates: new MemoryRiderStateStore(),
    tracks: new MemoryTrackStore(),
    quarantine: new MemoryQuarantineSink(),
    history,
    stageAt: stageFinder(tour.config),
    stageContext: (stage) => (stage === STAGE ? context : undefined),
    metrics: new Metrics({ namespace: 'TourTracker', serviceName: 'processor' }),
    now: () => startMs + SECONDS * 1_000,
  });
  const times: number[] = [];
  for (const event of events) {
    const t0 = performance.now();
    const out = (await handler(event, localLambdaContext('processor'), () => undefined)) as KinesisStreamBatchResponse;
    times.push(performance.now() - t0);
    checksum += out.batchItemFailures.length;
  }
  checksum += history.all(context.key.stage === STAGE ? context.key : context.key).length;
  return times;
}

/** The engine alone on the same records (decode and stores left out), for the handler's overhead. */
function engineOnly(): number {
  const t0 = performance.now();
  const stored = new Map();
  for (const frame of frames) {
    const fixes = raceFixesOf(frame);
    checksum += ridersOf(fixes, directory).length;
    const out = applyStageFixes(stored, fixes, context);
    for (const rider of out.riders) stored.set(rider.bib, rider);
  }
  return fixCount / ((performance.now() - t0) / 1_000);
}

await replay(); // JIT warm-up
const rates: number[] = [];
let lastTimes: number[] = [];
for (let pass = 0; pass < 3; pass++) {
  lastTimes = await replay();
  rates.push(fixCount / (lastTimes.reduce((a, b) => a + b, 0) / 1_000));
}
const handlerRate = rates.sort((a, b) => a - b)[1]!;
engineOnly();
const engineRate = engineOnly();
lastTimes.sort((a, b) => a - b);
const pct = (p: number): string =>
  lastTimes[Math.min(lastTimes.length - 1, Math.floor(lastTimes.length * p))]!.toFixed(1);

console.log(
  `processor handler, memory adapters, ${fixCount} fixes in ${frames.length} records, ${events.length} invocations of ${RECORDS_PER_INVOCATION}:`,
);
console.log(`  ${(handlerRate / 1e3).toFixed(0)} k fixes/s on one core (median of 3 replays; target 100 k)`);
console.log(`  per invocation p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`);
console.log(
  `  engine alone (applyStageFixes per record, no decode or stores) ${(engineRate / 1e3).toFixed(0)} k fixes/s: handler ${(engineRate / handlerRate).toFixed(1)}x slower`,
);
console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, seed ${SEED}, checksum ${checksum}`);
