/**
 * Input shared by the race engine benchmarks (bench/apply-fixes.ts, bench/race-snapshot.ts): 10 simulated minutes
 * of 2022 stage 3 (seed 42, realistic faults) with ~200 riders, as the issue's targets are stated for 200 riders.
 * The real 2022 start list has 135; 65 BENCH-ONLY extras (bibs 901+, team "Bench extras") ride with them, as in
 * bench/sim-stage.ts. This folder holds no `*.ts` at bench/'s top level, so `npm run bench` does not run it as a case.
 */
import {
  buildDeviceDirectory,
  deviceAssignmentsFromConfig,
  prepareRoute,
  type ApplyFixesContext,
  type RaceFix,
} from '../../core/race/index';
import { raceFixesOf } from '../../core/wire/decode-record';
import { loadStageRoute, loadTourConfig, stageOf } from '../../core/tour-config/load';
import type { StageConfig, TourConfig } from '../../core/tour-config/schema';
import { simulateStage } from '../../sim/simulate-stage';

export const BENCH_SEED = 42;
export const BENCH_STAGE = 3;
export const BENCH_SECONDS = 600;
/** How many BENCH-ONLY riders join the 2022 start list (135) to reach ~200. */
export const BENCH_EXTRA_RIDERS = 65;
/** When the bench-only trackers are assigned (before the 2022 Grand Départ). */
export const BENCH_DEVICES_VALID_FROM = '2022-06-30T00:00:00.000Z';

/** The tour with bench-only riders added (two trackers each, like the real ones); bench/sim-stage.ts uses it too. */
export function withBenchRiders(tour: TourConfig): TourConfig {
  const riders = Array.from({ length: BENCH_EXTRA_RIDERS }, (_, i) => ({
    bib: 901 + i,
    name: `Bench extra ${i + 1}`,
    team: 'Bench extras',
    nationality: null,
  }));
  const devices = riders.flatMap((r) =>
    ['A', 'B'].map((bike) => ({
      device: `TRK-${r.bib}-${bike}`,
      owner: { kind: 'rider' as const, bib: r.bib },
      validFrom: BENCH_DEVICES_VALID_FROM,
      validTo: null,
    })),
  );
  return { ...tour, riders: [...tour.riders, ...riders], devices: [...tour.devices, ...devices] };
}

/** Ten simulated minutes as the processor receives them: one batch of fixes per second, in arrival order. */
export interface RaceBenchInput {
  readonly tour: TourConfig;
  readonly stage: StageConfig;
  readonly context: ApplyFixesContext;
  readonly batches: readonly (readonly RaceFix[])[];
  readonly fixCount: number;
  readonly riderCount: number;
  readonly startMs: number;
}

/** Simulates the bench input (a few seconds). */
export function raceBenchInput(): RaceBenchInput {
  const loaded = loadTourConfig('tdf2022');
  const tour = withBenchRiders(loaded.config);
  const stage = stageOf(loaded, BENCH_STAGE);
  const route = prepareRoute(loadStageRoute(loaded, BENCH_STAGE));
  const simulation = simulateStage({ tour, stage, route }, { seed: BENCH_SEED, maxSeconds: BENCH_SECONDS });
  const batches: RaceFix[][] = [];
  for (const tick of simulation.ticks) batches.push(tick.frames.flatMap(raceFixesOf));
  return {
    tour,
    stage,
    context: { route, directory: buildDeviceDirectory(deviceAssignmentsFromConfig(tour.devices)) },
    batches,
    fixCount: batches.reduce((n, b) => n + b.length, 0),
    riderCount: tour.riders.length,
    startMs: simulation.header.startMs,
  };
}
