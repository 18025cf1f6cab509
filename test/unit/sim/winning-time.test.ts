import { describe, expect, it } from 'vitest';
import { stageOf } from '../../../core/tour-config/load';
import { simulateStage } from '../../../sim/simulate-stage';
import { loadTour, runSimulation, stage2022 } from './stage-fixtures';

/**
 * The simulated winner's average speed against a real winner's. The data has 2022 routes but no 2022 stage times, and
 * 2017 stage times but no 2017 routes (config/tours/*.json, see docs/data-sources.md), so each 2022 stage is compared
 * with the 2017 stage(s) most like it: the same kind of stage and, for stage 7, the same finish climb. Speeds, not
 * times, are compared because the distances differ. The tolerance is the issue's ±15 %.
 */
const TOLERANCE = 0.15;

/** Average speed of the 2017 winners of these stages, km/h (distance and time from the tdf2017 config). */
function speed2017(stageNumbers: readonly number[]): number {
  const tour = loadTour('tdf2017');
  const speeds = stageNumbers.map((n) => {
    const stage = stageOf(tour, n);
    if (!stage.winnerTimeSeconds) throw new Error(`tdf2017 stage ${n} has no winner time`);
    return stage.distanceKm / (stage.winnerTimeSeconds / 3_600);
  });
  return speeds.reduce((a, b) => a + b, 0) / speeds.length;
}

/** The simulated winner's average speed on a 2022 stage, km/h. */
function simulatedSpeed(stageNumber: number, seed: number): number {
  const input = stage2022(stageNumber);
  const { summary } = runSimulation(simulateStage(input, { seed, telemetry: false }));
  const winner = summary.finish[0];
  if (!winner) throw new Error(`nobody finished 2022 stage ${stageNumber}`);
  return input.route.lengthMeters / 1_000 / (winner.timeSeconds / 3_600);
}

describe('simulated winning times', () => {
  it('gives 2022 stage 1 (13.2 km flat ITT, Copenhagen) a winning speed within ±15 % of 2017 stage 1 (14 km flat ITT, Düsseldorf)', () => {
    const real = speed2017([1]);

    const simulated = simulatedSpeed(1, 42);

    expect(Math.abs(simulated / real - 1)).toBeLessThan(TOLERANCE);
  });

  it('gives 2022 stage 7 (summit finish, La Super Planche des Belles Filles) a winning speed within ±15 % of 2017 stage 5 (same finish climb)', () => {
    const real = speed2017([5]);

    const simulated = simulatedSpeed(7, 42);

    expect(Math.abs(simulated / real - 1)).toBeLessThan(TOLERANCE);
  });

  it('gives 2022 stage 3 (flat, Vejle-Sønderborg) a winning speed within ±15 % of the mean of the 2017 flat road stages', () => {
    const flat2017 = loadTour('tdf2017')
      .config.stages.filter((s) => s.type === 'flat')
      .map((s) => s.number);
    const real = speed2017(flat2017);

    const simulated = simulatedSpeed(3, 42);

    expect(flat2017.length).toBeGreaterThan(5);
    expect(Math.abs(simulated / real - 1)).toBeLessThan(TOLERANCE);
  });

  it('gives 2022 stage 20 (40.7 km hilly ITT, Rocamadour) a winning speed within ±15 % of 2017 stage 20 (22.5 km hilly ITT, Marseille)', () => {
    const real = speed2017([20]);

    const simulated = simulatedSpeed(20, 42);

    expect(Math.abs(simulated / real - 1)).toBeLessThan(TOLERANCE);
  });
});
