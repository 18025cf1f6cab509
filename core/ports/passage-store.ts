import type { StageKey } from './stage-key';

/** Sort key of a stage's head-of-race passages item. */
export const PASSAGES_SORT_KEY = 'PASSAGES';

/**
 * Head-of-race passages of a stage as stored (DESIGN §3): the three earliest distinct times anyone passed each mark
 * (k × `stepMeters`), epoch ms, NaN where fewer have; `version` counts the writes (0 before the first). Gaps read the
 * front group's crossing from the three (`frontGroupPassagesMs`): the earliest alone is biased early by GPS noise.
 */
export interface StoredPassages {
  readonly stepMeters: number;
  /** Earliest crossing per mark, epoch ms; NaN where nobody has passed. */
  readonly passagesMs: readonly number[];
  /**
   * Second-earliest crossing per mark, epoch ms, as long as `passagesMs`; NaN where fewer than two have passed. An
   * item stored before these were kept reads as all NaN.
   */
  readonly secondMs: readonly number[];
  /** Third-earliest crossing per mark, as `secondMs`. */
  readonly thirdMs: readonly number[];
  readonly version: number;
}

/**
 * The head-of-race passages of each stage, one item per stage. Writes are conditional on the version read, so two
 * aggregators that merge at once cannot overwrite each other's marks: the loser re-reads, merges and tries again.
 */
export interface PassageStore {
  /** The stored passages (strongly consistent), or undefined before the first write. */
  get(stage: StageKey): Promise<StoredPassages | undefined>;
  /**
   * Writes `passages` as version `expectedVersion + 1` if the stored version is still `expectedVersion` (0: no item
   * yet). Returns false, writing nothing, when another writer got there first.
   */
  putIfVersion(stage: StageKey, passages: Omit<StoredPassages, 'version'>, expectedVersion: number): Promise<boolean>;
}
