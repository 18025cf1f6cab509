/**
 * The stage snapshot recompute (`buildSnapshot`) for 200 riders (135 real + 65 bench extras) after 10 simulated
 * minutes of 2022 stage 3 (seed 42, realistic faults): ms per snapshot, p50/p99. Target: p50 < 1 ms. A second line
 * times the same riders as a time trial (each rider's clock and a time check per km: the virtual GC's extra work).
 * The per-fix state update has its own case: bench/apply-fixes.ts.
 * Run: npm run bench -- race-snapshot. Prints figures, asserts nothing (STYLE.md 2.6).
 */
import os from 'node:os';
import { applyFixes, buildSnapshot, createRaceState, passageLinesOf, type StageSnapshot } from '../core/race/index';
import { BENCH_SECONDS, BENCH_SEED, BENCH_STAGE, raceBenchInput } from './race-input/race-bench-input';

const input = raceBenchInput();
const route = input.context.route;
const nowMs = input.startMs + BENCH_SECONDS * 1_000;
const gcBefore = input.tour.gcBeforeStage.find((g) => g.stage === BENCH_STAGE)?.standings ?? [];
const lines = passageLinesOf(input.stage, route.lengthMeters);
let checksum = 0;

/** p50 and p99 of 3,000 snapshots, each carrying on from the previous one's memory as the aggregator's do. */
function timeSnapshots(timeTrial: boolean): { riders: number; p50: string; p99: string } {
  let state = createRaceState(route);
  for (const batch of input.batches) state = applyFixes(state, batch, { ...input.context, timeTrial }).state;
  const snapshotAt = (tMs: number, previous: StageSnapshot | undefined): StageSnapshot =>
    buildSnapshot({
      stage: BENCH_STAGE,
      routeLengthMeters: route.lengthMeters,
      state,
      nowMs: tMs,
      gcBefore,
      finishBonusSeconds: input.stage.finishBonusSeconds,
      previous,
      route,
      lines,
      timeTrial,
    });
  let previous = snapshotAt(nowMs - 1_000, undefined);
  for (let k = 0; k < 500; k++) checksum += snapshotAt(nowMs, previous).groups.length;
  const timesMs: number[] = [];
  for (let k = 0; k < 3_000; k++) {
    const t0 = performance.now();
    const snapshot = snapshotAt(nowMs, previous);
    timesMs.push(performance.now() - t0);
    checksum += snapshot.groups.length + snapshot.virtualGc.length;
    previous = snapshot;
  }
  timesMs.sort((a, b) => a - b);
  const at = (p: number): string => `${(timesMs[Math.floor(timesMs.length * p)]! * 1_000).toFixed(0)} µs`;
  return { riders: Object.keys(state.riders).length, p50: at(0.5), p99: at(0.99) };
}

const road = timeSnapshots(false);
console.log(
  `buildSnapshot: ${road.riders} riders, p50 ${road.p50}, p99 ${road.p99} (3000 runs, each after the previous)`,
);
const clock = timeSnapshots(true);
console.log(`buildSnapshot, as a time trial (a clock per rider, a check per km): p50 ${clock.p50}, p99 ${clock.p99}`);
console.log(
  `node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, seed ${BENCH_SEED}, checksum ${checksum}`,
);
