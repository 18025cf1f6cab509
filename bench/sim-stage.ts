/**
 * Simulator throughput on a full 5-hour stage (issue 4: ≥ 200k device-seconds/s on one core, < 20 s per stage).
 * Run: npm run bench -- sim-stage
 *
 * Input: 2022 stage 6 (Binche-Longwy, 219.9 km, the longest stage) with the real start list of 135 riders plus
 * 65 BENCH-ONLY extra riders (bibs 901+, team "Bench extras") to reach ~200, and the config's 35 vehicles plus
 * 5 BENCH-ONLY extra motorbikes to reach ~40. Seed 42, realistic faults. Prints figures, asserts nothing.
 */
import { cpus } from 'node:os';
import { Writable } from 'node:stream';
import { prepareRoute } from '../core/race';
import { loadStageRoute, loadTourConfig, stageOf } from '../core/tour-config/load';
import type { TourConfig } from '../core/tour-config/schema';
import { writeSimulation } from '../sim/output';
import { simulateStage } from '../sim/simulate-stage';
import type { StageInput } from '../sim/stage-setup';
import { BENCH_DEVICES_VALID_FROM, BENCH_EXTRA_RIDERS, withBenchRiders } from './race-input/race-bench-input';

const STAGE = 6;
const SEED = 42;
const EXTRA_MOTORBIKES = 5;

/** The tour with the bench-only riders of the race benchmarks and bench-only motorbikes (one tracker each). */
function withBenchExtras(tour: TourConfig): TourConfig {
  const withRiders = withBenchRiders(tour);
  const vehicles = Array.from({ length: EXTRA_MOTORBIKES }, (_, i) => ({
    id: `MOTO-BENCH-${i + 1}`,
    kind: 'motorbike' as const,
    label: `Bench extra motorbike ${i + 1}`,
  }));
  const devices = vehicles.map((v) => ({
    device: `TRK-${v.id}`,
    owner: { kind: 'vehicle' as const, id: v.id },
    validFrom: BENCH_DEVICES_VALID_FROM,
    validTo: null,
  }));
  return {
    ...withRiders,
    vehicles: [...withRiders.vehicles, ...vehicles],
    devices: [...withRiders.devices, ...devices],
  };
}

/** Counts bytes and throws them away: measures simulation and JSON serialisation, not the disk. */
function nullSink(): { sink: Writable; bytes: () => number } {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  return { sink, bytes: () => bytes };
}

const loaded = loadTourConfig('tdf2022');
const input: StageInput = {
  tour: withBenchExtras(loaded.config),
  stage: stageOf(loaded, STAGE),
  route: prepareRoute(loadStageRoute(loaded, STAGE)),
};

// Warm-up: ten simulated minutes, so the JIT has compiled the hot paths before the timed run.
await writeSimulation(
  simulateStage(input, { seed: SEED, maxSeconds: 600 }),
  { frames: nullSink().sink, truth: nullSink().sink },
  { speed: null },
);

const frames = nullSink();
const truth = nullSink();
const t0 = performance.now();
const report = await writeSimulation(
  simulateStage(input, { seed: SEED }),
  { frames: frames.sink, truth: truth.sink },
  { speed: null },
);
const seconds = (performance.now() - t0) / 1_000;

const t1 = performance.now();
let truthOnlyTicks = 0;
for (const tick of simulateStage(input, { seed: SEED, telemetry: false }).ticks) truthOnlyTicks += tick.truth.km.length;
const truthOnlySeconds = (performance.now() - t1) / 1_000;

const faults = report.summary.faults;
const deviceSeconds = faults.fixesDue + faults.silentFixes;
const hours = report.summary.seconds / 3_600;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
console.log(
  `sim-stage: tdf2022 stage ${STAGE}, ${input.tour.riders.length} riders (${BENCH_EXTRA_RIDERS} bench extras), ` +
    `${input.tour.vehicles.length} vehicles (${EXTRA_MOTORBIKES} bench extras), ${hours.toFixed(2)} simulated hours`,
);
console.log(
  `  with telemetry + JSON lines: ${seconds.toFixed(2)} s wall, ${fmt(deviceSeconds / seconds)} device-seconds/s ` +
    `(${fmt(deviceSeconds)} device-seconds, ${fmt(report.fixes)} fixes in ${fmt(report.frames)} frames, ` +
    `${(frames.bytes() / 1e6).toFixed(0)} MB frames + ${(truth.bytes() / 1e6).toFixed(0)} MB truth), ` +
    `${(report.summary.seconds / seconds).toFixed(0)}x real time`,
);
console.log(
  `  ground truth only:           ${truthOnlySeconds.toFixed(2)} s wall, ${fmt(truthOnlyTicks / truthOnlySeconds)} rider-seconds/s ` +
    `(telemetry costs ${(seconds / truthOnlySeconds).toFixed(1)}x)`,
);
console.log(
  `  node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, seed ${SEED}, checksum ${frames.bytes() + truth.bytes()}`,
);
