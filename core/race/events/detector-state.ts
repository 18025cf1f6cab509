import type { SnapshotCore, StageSnapshot } from '../snapshot';
import { advanceBikeChanges, type BikeChangeState } from './bike-changes';
import { advanceBreakaway, NO_BREAKAWAY, type BreakawayState } from './breakaway';
import { advanceLines, type LineState, type PassageLine } from './line-passages';
import { advanceMoves, NO_MOVES, type MovesState } from './moves';
import { advanceStops, NO_STOPS, type StopState } from './stops';
import { advanceLeader, NO_LEADER, type LeaderState } from './virtual-leader';

/** Version of the state shape; a stored state of another version is dropped and rebuilt. */
export const DETECTOR_STATE_VERSION = 1;

/**
 * The event detectors' state from one aggregator run to the next (candidates being confirmed, counters that number
 * events, the first riders across each line). Small, JSON-friendly, carried inside the snapshot (its `memory`
 * field) so that the aggregator persists it with the snapshot: pure in, pure out.
 */
export interface DetectorState {
  readonly v: typeof DETECTOR_STATE_VERSION;
  readonly breakaway: BreakawayState;
  readonly leader: LeaderState;
  readonly stops: StopState;
  readonly bikeChanges: BikeChangeState;
  readonly lines: readonly LineState[];
  readonly moves: MovesState;
}

/** The state before the first snapshot of a stage. */
export const EMPTY_DETECTOR_STATE: DetectorState = {
  v: DETECTOR_STATE_VERSION,
  breakaway: NO_BREAKAWAY,
  leader: NO_LEADER,
  stops: NO_STOPS,
  bikeChanges: [],
  lines: [],
  moves: NO_MOVES,
};

/** The state a snapshot carries, or the empty one for a missing or older snapshot (e.g. a v1 snapshot). */
export function detectorStateOf(snapshot: StageSnapshot | undefined): DetectorState {
  const state = snapshot?.memory;
  return state?.v === DETECTOR_STATE_VERSION ? state : EMPTY_DETECTOR_STATE;
}

/** Advances the state from the previous snapshot to the new one (`current`, without state yet). Pure. */
export function advanceDetectorState(
  previous: StageSnapshot | undefined,
  current: SnapshotCore,
  lines: readonly PassageLine[],
): DetectorState {
  const state = detectorStateOf(previous);
  return {
    v: DETECTOR_STATE_VERSION,
    breakaway: advanceBreakaway(state.breakaway, current),
    leader: advanceLeader(state.leader, current),
    stops: advanceStops(state.stops, previous, current),
    bikeChanges: advanceBikeChanges(state.bikeChanges, previous?.riders, current),
    lines: advanceLines(state.lines, lines, previous, current),
    moves: advanceMoves(state.moves, previous, current),
  };
}
