import { prepareRoute, type PreparedRoute } from '../../core/race';
import { loadStageRoute, type LoadedTour } from '../../core/tour-config/load';
import type { TourConfig } from '../../core/tour-config/schema';

/**
 * Team of a bib the tour config does not list. A word, not '': it is written as the Timestream `team` dimension and
 * served as the `team` of partner history rows, so both history sources (Timestream, the archive) name it alike. A
 * loaded config never needs it: every rider device names a configured rider (core/tour-config/rules.ts).
 */
export const UNKNOWN_TEAM = 'unknown';

/** Memoises `build` per stage number: each stage is built on first use and kept for the life of the process. */
export function perStage<T>(build: (stage: number) => T): (stage: number) => T {
  const built = new Map<number, T>();
  return (stage) => {
    if (!built.has(stage)) built.set(stage, build(stage));
    return built.get(stage) as T;
  };
}

/** The prepared route of a stage, or undefined when the tour has no such stage or the stage has no route. */
export function preparedStageRoute(tour: LoadedTour, stage: number): PreparedRoute | undefined {
  const config = tour.config.stages.find((s) => s.number === stage);
  return config?.route ? prepareRoute(loadStageRoute(tour, stage)) : undefined;
}

/** Each stage's prepared route (`preparedStageRoute`), prepared on first use and kept for the process's life. */
export function stageRoutesOf(tour: LoadedTour): (stage: number) => PreparedRoute | undefined {
  return perStage((stage) => preparedStageRoute(tour, stage));
}

/** A rider's team by bib from the tour config; `UNKNOWN_TEAM` for a bib the config does not list. */
export function teamOfRider(config: TourConfig): (bib: number) => string {
  const teams = new Map(config.riders.map((r) => [r.bib, r.team]));
  return (bib) => teams.get(bib) ?? UNKNOWN_TEAM;
}
