import { raceStateFrom, type StoredRider } from '../../core/ports/rider-state-store';
import type { StageKey } from '../../core/ports/stage-key';
import {
  headOfRace,
  raceEvents,
  recordPassages,
  snapshotAt,
  type PassageArrays,
  type PreparedRoute,
  type RaceEvent,
  type RaceState,
  type SnapshotStage,
  type StageSnapshot,
} from '../../core/race';
import { fittedPassages, passagesWithRiders } from './merge-passages';

/** What the aggregator knows about a stage from the tour config: the engine's snapshot rules and its riders. */
export interface AggregatorStage extends SnapshotStage {
  readonly key: StageKey;
  /** Bibs of the tour's riders: the rider items to load. */
  readonly bibs: readonly number[];
  readonly riderName: (bib: number) => string;
}

/**
 * Rebuilds the engine state `buildSnapshot` reads from the stored riders. Without persisted passages only the marks
 * in the current head's recent progress samples are rebuilt (earliest crossings only); every older mark is
 * extrapolated by the engine from the head's speed. (Rebuilding marks from every rider's samples would record a
 * trailing rider's own crossing as the head's and shrink its gap to about zero.) With `persisted` (the aggregator's
 * PassageStore) the stored three earliest crossings are kept and every rider's samples merged in
 * (`passagesWithRiders`), so gaps read the front group's crossing (`frontGroupPassagesMs`) as in the engine. Pure.
 */
export function snapshotStateFrom(
  route: PreparedRoute,
  stored: ReadonlyMap<number, StoredRider>,
  persisted?: PassageArrays,
): RaceState {
  const state = raceStateFrom(route, stored);
  if (persisted !== undefined) {
    // Persisted marks (PassageStore) keep every crossing the head made, so all riders' samples can be merged in.
    const known = fittedPassages(persisted, state.headPassagesMs.length);
    const marks = passagesWithRiders(known, state.passageStepMeters, stored);
    return { ...state, headPassagesMs: marks.earliest, secondPassagesMs: marks.second, thirdPassagesMs: marks.third };
  }
  const head = headOfRace(state, route.lengthMeters);
  const samples = head === undefined ? [] : (state.riders[String(head.bib)]?.samples ?? []);
  const passages = [...state.headPassagesMs];
  for (let i = 1; i < samples.length; i += 1) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    recordPassages(passages, state.passageStepMeters, a.distanceMeters, a.tMs, b.distanceMeters, b.tMs);
  }
  return { ...state, headPassagesMs: passages };
}

/** The new snapshot of a stage and the events since the previous one. */
export interface Aggregation {
  readonly snapshot: StageSnapshot;
  readonly events: readonly RaceEvent[];
  /** The head-of-race crossings the snapshot was built from (persisted ones merged with every rider's samples). */
  readonly passages?: PassageArrays;
}

/**
 * Builds the stage snapshot at `nowMs` and the race events since `previous`. Returns undefined when `previous`
 * is as new or newer (a replayed or late batch): it must neither overwrite the snapshot nor diff backwards. Pure.
 */
export function aggregate(
  stage: AggregatorStage,
  stored: ReadonlyMap<number, StoredRider>,
  previous: StageSnapshot | undefined,
  nowMs: number,
  persisted?: PassageArrays,
): Aggregation | undefined {
  if (previous !== undefined && previous.tMs >= nowMs) return undefined;
  const state = snapshotStateFrom(stage.route, stored, persisted);
  const snapshot = snapshotAt(stage, state, nowMs, previous);
  const passages = {
    earliest: state.headPassagesMs,
    second: state.secondPassagesMs ?? [],
    third: state.thirdPassagesMs ?? [],
  };
  return { snapshot, events: raceEvents(previous, snapshot, stage.riderName), passages };
}
