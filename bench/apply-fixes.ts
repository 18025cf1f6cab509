/**
 * The per-fix state update (`applyFixes`) on one core: 10 simulated minutes of 2022 stage 3 with 200 riders (135
 * real + 65 bench extras, seed 42, realistic faults), replayed from an empty state in 1 s batches as the relay sends
 * them, and in 10 s batches (a processor invocation of ~10 Kinesis records). Target: ≥ 500,000 fixes/s/core.
 * Run: npm run bench -- apply-fixes. Prints figures, asserts nothing (STYLE.md 2.6).
 */
import os from 'node:os';
import { applyFixes, createRaceState, type RaceFix } from '../core/race/index';
import { BENCH_SEED, raceBenchInput } from './race-input/race-bench-input';

const input = raceBenchInput();
const tenSecondBatches: RaceFix[][] = [];
for (let k = 0; k < input.batches.length; k += 10) tenSecondBatches.push(input.batches.slice(k, k + 10).flat());

let checksum = 0;

/** Replays every batch from an empty state, as the processor would over the ten minutes. */
function replay(batches: readonly (readonly RaceFix[])[]): void {
  let state = createRaceState(input.context.route);
  for (const batch of batches) {
    const out = applyFixes(state, batch, input.context);
    state = out.state;
    checksum += out.accepted.length;
  }
  checksum += Object.keys(state.riders).length;
}

/** Process CPU time, s: unlike wall time it does not count the time other processes held the core. */
const cpuSeconds = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

/**
 * Fixes per CPU second (median and best of 7 replays, after two warm-up ones) and per wall second (median). The best
 * is the replay least disturbed by other processes: on a shared core even CPU time stretches (hyperthreads, caches).
 */
function rate(batches: readonly (readonly RaceFix[])[]): { cpu: number; best: number; wall: number } {
  replay(batches);
  replay(batches);
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let pass = 0; pass < 7; pass++) {
    const c0 = cpuSeconds();
    const t0 = performance.now();
    replay(batches);
    wall.push(input.fixCount / ((performance.now() - t0) / 1_000));
    cpu.push(input.fixCount / (cpuSeconds() - c0));
  }
  const sorted = (xs: number[]): number[] => xs.sort((a, b) => a - b);
  return { cpu: sorted(cpu)[3]!, best: sorted(cpu)[6]!, wall: sorted(wall)[3]! };
}

const oneSecond = rate(input.batches);
const tenSeconds = rate(tenSecondBatches);
const k = (r: { cpu: number; best: number; wall: number }): string =>
  `${(r.cpu / 1e3).toFixed(0)} k fixes per CPU-second, best ${(r.best / 1e3).toFixed(0)} k (wall clock: ${(r.wall / 1e3).toFixed(0)} k fixes/s)`;
console.log(`applyFixes: ${input.riderCount} riders, ${input.fixCount} fixes, median of 7 replays, one thread`);
console.log(`  batches of 1 s  (${input.batches.length})  ${k(oneSecond)}`);
console.log(`  batches of 10 s (${tenSecondBatches.length})   ${k(tenSeconds)}`);
console.log(
  `node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, seed ${BENCH_SEED}, checksum ${checksum}`,
);
