import { bikeChangeEvents } from './events/bike-changes';
import { breakawayEvents } from './events/breakaway';
import type { EventContext } from './events/emit';
import { finishEvents, flammeRougeEvents } from './events/finish';
import { linePassageEvents } from './events/line-passages';
import { detectorStateOf } from './events/detector-state';
import { moveEvents } from './events/moves';
import { stopEvents } from './events/stops';
import type { RaceEvent, RiderName } from './events/types';
import { virtualLeaderEvents } from './events/virtual-leader';
import type { StageSnapshot } from './snapshot';

export { FLAMME_ROUGE_METERS } from './events/finish';
export type { RaceEvent, RaceEventKind, RiderName } from './events/types';

/**
 * Returns the race events between two consecutive snapshots of a stage (none for the first). Stateless: whatever
 * needs confirming over time (a breakaway holding its lead, a catch holding, a new virtual leader, a stop, a line's
 * first riders) is confirmed by `buildSnapshot` in the snapshot's detector state, and an event is the change of that state.
 * Ids number each occurrence, so the same snapshot pair always gives the same events and re-emitting is harmless.
 * `riderName` turns a bib into a fan's name.
 */
export function raceEvents(
  previous: StageSnapshot | undefined,
  current: StageSnapshot,
  riderName: RiderName = (bib) => `#${bib}`,
): RaceEvent[] {
  if (previous === undefined) return [];
  const context: EventContext = { stage: current.stage, tMs: current.tMs, riderName };
  const before = detectorStateOf(previous);
  const now = detectorStateOf(current);
  return [
    ...breakawayEvents(before.breakaway, now.breakaway, current, context),
    ...moveEvents(before.moves, now.moves, current, context),
    ...stopEvents(before.stops, now.stops, current, context),
    ...bikeChangeEvents(before.bikeChanges, now.bikeChanges, current, context),
    ...linePassageEvents(before.lines, now.lines, current, context),
    ...virtualLeaderEvents(before.leader, now.leader, current, context),
    ...flammeRougeEvents(previous, current, context),
    ...finishEvents(previous, current, context),
  ];
}
