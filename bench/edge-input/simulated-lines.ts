/**
 * Shared input of the edge benches (bench/edge-*.ts). It lives in a sub-folder because bench/run.ts runs every
 * top-level bench/*.ts as a case.
 */
import type { RelayLogger } from '../../edge/relay-logger';
import { prepareRoute } from '../../core/race';
import { loadStageRoute, loadTourConfig, stageOf } from '../../core/tour-config/load';
import { simulateStage } from '../../sim/simulate-stage';

/** A logger that drops everything, so log I/O does not weigh on the figures. */
export const silentLogger: RelayLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The wire-frame lines the mesh would deliver for the first `seconds` of tdf2022 stage 1 (realistic faults). */
export function simulatedLines(seed: number, seconds: number): string[] {
  const tour = loadTourConfig('tdf2022');
  const simulation = simulateStage(
    { tour: tour.config, stage: stageOf(tour, 1), route: prepareRoute(loadStageRoute(tour, 1)) },
    { seed, maxSeconds: seconds },
  );
  const lines: string[] = [];
  for (let step = simulation.ticks.next(); !step.done; step = simulation.ticks.next())
    for (const frame of step.value.frames) lines.push(JSON.stringify(frame));
  return lines;
}
