import { prepareRoute } from '../../../core/race';
import { loadStageRoute, loadTourConfig, stageOf, type LoadedTour } from '../../../core/tour-config/load';
import type { TruthEvent, TruthSummary } from '../../../sim/ground-truth';
import type { SimulationTick, StageSimulation } from '../../../sim/simulate-stage';
import type { StageInput } from '../../../sim/stage-setup';

let tour: LoadedTour | undefined;
const inputs = new Map<string, StageInput>();

/** A tour config from the repo's config/tours (loaded once per test file). */
export function loadTour(id: 'tdf2022' | 'tdf2017'): LoadedTour {
  if (id === 'tdf2022') return (tour ??= loadTourConfig('tdf2022'));
  return loadTourConfig(id);
}

/** A real tdf2022 stage with its prepared route, ready to simulate. */
export function stage2022(number: number): StageInput {
  const key = String(number);
  const cached = inputs.get(key);
  if (cached) return cached;
  const loaded = loadTour('tdf2022');
  const input = {
    tour: loaded.config,
    stage: stageOf(loaded, number),
    route: prepareRoute(loadStageRoute(loaded, number)),
  };
  inputs.set(key, input);
  return input;
}

/** What a run produced, kept small: events, the summary, and ticks only when asked for. */
export interface RunResult {
  readonly ticks: SimulationTick[];
  readonly events: TruthEvent[];
  readonly summary: TruthSummary;
}

/** Runs a simulation to its end; `keep` picks the ticks to keep (none by default: a full stage has ~18,000). */
export function runSimulation(
  simulation: StageSimulation,
  keep: (tick: SimulationTick) => boolean = () => false,
): RunResult {
  const ticks: SimulationTick[] = [];
  const events: TruthEvent[] = [];
  let step = simulation.ticks.next();
  while (!step.done) {
    if (keep(step.value)) ticks.push(step.value);
    events.push(...step.value.events);
    step = simulation.ticks.next();
  }
  return { ticks, events, summary: step.value };
}
