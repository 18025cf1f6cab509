import type { SnapshotCore, StageSnapshot } from '../snapshot';
import { advanceBikeChanges, type BikeChangeMemory } from './bike-changes';
import { advanceBreakaway, NO_BREAKAWAY, type BreakawayMemory } from './breakaway';
import { advanceLines, type LineMemory, type PassageLine } from './line-passages';
import { advanceMoves, NO_MOVES, type MovesMemory } from './moves';
import { advanceStops, NO_STOPS, type StopMemory } from './stops';
import { advanceLeader, NO_LEADER, type LeaderMemory } from './virtual-leader';

/** Version of the memory shape; a stored memory of another version is dropped and rebuilt. */
export const RACE_MEMORY_VERSION = 1;

/**
 * What the event hysteresis remembers from one aggregator run to the next (candidates being confirmed, counters
 * that number events, the first riders across each line). Small, JSON-friendly, carried inside the snapshot so
 * that the aggregator persists it with the snapshot: pure in, pure out.
 */
export interface RaceMemory {
  readonly v: typeof RACE_MEMORY_VERSION;
  readonly breakaway: BreakawayMemory;
  readonly leader: LeaderMemory;
  readonly stops: StopMemory;
  readonly bikeChanges: BikeChangeMemory;
  readonly lines: readonly LineMemory[];
  readonly moves: MovesMemory;
}

/** The memory before the first snapshot of a stage. */
export const EMPTY_RACE_MEMORY: RaceMemory = {
  v: RACE_MEMORY_VERSION,
  breakaway: NO_BREAKAWAY,
  leader: NO_LEADER,
  stops: NO_STOPS,
  bikeChanges: [],
  lines: [],
  moves: NO_MOVES,
};

/** The memory a snapshot carries, or the empty one for a missing or older snapshot (e.g. a v1 snapshot). */
export function memoryOf(snapshot: StageSnapshot | undefined): RaceMemory {
  const memory = snapshot?.memory;
  return memory?.v === RACE_MEMORY_VERSION ? memory : EMPTY_RACE_MEMORY;
}

/** Advances the memory from the previous snapshot to the new one (`current`, without memory yet). Pure. */
export function advanceRaceMemory(
  previous: StageSnapshot | undefined,
  current: SnapshotCore,
  lines: readonly PassageLine[],
): RaceMemory {
  const memory = memoryOf(previous);
  return {
    v: RACE_MEMORY_VERSION,
    breakaway: advanceBreakaway(memory.breakaway, current),
    leader: advanceLeader(memory.leader, current),
    stops: advanceStops(memory.stops, previous, current),
    bikeChanges: advanceBikeChanges(memory.bikeChanges, previous?.riders, current),
    lines: advanceLines(memory.lines, lines, previous, current),
    moves: advanceMoves(memory.moves, previous, current),
  };
}
