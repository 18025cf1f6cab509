/**
 * Race engine hot paths on 10 simulated minutes of 2022 stage 3 (seed 42, realistic faults): the per-fix state
 * update (`applyFixes`, fixes/s on one core) and the snapshot recompute (`buildSnapshot`, ms p50/p99).
 * Run: npm run bench -- race-snapshot. Prints figures, asserts nothing (STYLE.md 2.6).
 */
import os from 'node:os';
import {
  applyFixes,
  buildDeviceDirectory,
  buildSnapshot,
  createRaceState,
  deviceAssignmentsFromConfig,
  prepareRoute,
  type RaceFix,
  type RaceState,
} from '../lambdas/race/index';
import { loadStageRoute, loadTourConfig, stageOf } from '../lib/tour-config/load';
import { simulateStage } from '../sim/simulate-stage';
import { raceFixesOf } from '../lambdas/processor/decode-record';

const SEED = 42;
const STAGE = 3;
const SECONDS = 600;

const tour = loadTourConfig('tdf2022');
const stage = stageOf(tour, STAGE);
const route = prepareRoute(loadStageRoute(tour, STAGE));
const simulation = simulateStage({ tour: tour.config, stage, route }, { seed: SEED, maxSeconds: SECONDS });
const batches: RaceFix[][] = [];
for (const tick of simulation.ticks) {
  batches.push(tick.frames.flatMap(raceFixesOf));
}
const fixCount = batches.reduce((n, b) => n + b.length, 0);
// A processor invocation reads up to 100 Kinesis records of ~1 s of fixes each (DESIGN §2): 10 s is a modest batch.
const lambdaBatches: RaceFix[][] = [];
for (let k = 0; k < batches.length; k += 10) lambdaBatches.push(batches.slice(k, k + 10).flat());
const context = { route, directory: buildDeviceDirectory(deviceAssignmentsFromConfig(tour.config.devices)) };

let checksum = 0;

/** Replays every batch from an empty state; returns the final state. */
function replay(input: readonly RaceFix[][]): RaceState {
  let state = createRaceState(route);
  for (const batch of input) {
    const out = applyFixes(state, batch, context);
    state = out.state;
    checksum += out.accepted.length;
  }
  return state;
}

let state = createRaceState(route);

/** Returns fixes per second: the median of 5 replays after a warm-up one. */
function rate(input: readonly RaceFix[][]): number {
  replay(input);
  const rates: number[] = [];
  for (let pass = 0; pass < 5; pass++) {
    const t0 = performance.now();
    state = replay(input);
    rates.push(fixCount / ((performance.now() - t0) / 1_000));
  }
  return rates.sort((a, b) => a - b)[2]!;
}
const oneSecondRate = rate(batches);
const lambdaRate = rate(lambdaBatches);

const nowMs = simulation.header.startMs + SECONDS * 1_000;
const gcBefore = tour.config.gcBeforeStage.find((g) => g.stage === STAGE)?.standings ?? [];
const snapshotOnce = (): number =>
  buildSnapshot({
    stage: STAGE,
    routeLengthMeters: route.lengthMeters,
    state,
    nowMs,
    gcBefore,
    finishBonusSeconds: stage.finishBonusSeconds,
  }).groups.length;
for (let k = 0; k < 500; k++) checksum += snapshotOnce();
const timesMs: number[] = [];
for (let k = 0; k < 3_000; k++) {
  const t0 = performance.now();
  checksum += snapshotOnce();
  timesMs.push(performance.now() - t0);
}
timesMs.sort((a, b) => a - b);
const riders = Object.keys(state.riders).length;

console.log(`applyFixes, ${fixCount} fixes, median of 5 replays on one core:`);
console.log(`  batches of 1 s  (${batches.length})  ${(oneSecondRate / 1e3).toFixed(0)} k fixes/s`);
console.log(`  batches of 10 s (${lambdaBatches.length})   ${(lambdaRate / 1e3).toFixed(0)} k fixes/s`);
console.log(
  `buildSnapshot: ${riders} riders, p50 ${(timesMs[Math.floor(timesMs.length * 0.5)]! * 1_000).toFixed(0)} µs, p99 ${(timesMs[Math.floor(timesMs.length * 0.99)]! * 1_000).toFixed(0)} µs (3000 runs)`,
);
console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, seed ${SEED}, checksum ${checksum}`);
