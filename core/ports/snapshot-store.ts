import type { StageSnapshot } from '../race';
import type { PutIfNewerResult } from './rider-state-store';
import type { StageKey } from './stage-key';

/**
 * How long the time-keyed snapshot copies are kept, ms: long enough for the largest public lag the tour config
 * allows (300 s) with a wide margin. DynamoDB deletes expired items lazily, so a copy may outlive this.
 */
export const SNAPSHOT_COPY_RETENTION_MS = 15 * 60_000;

/** Name of the TTL attribute (epoch seconds) on the time-keyed snapshot copies; the state table's TTL setting. */
export const SNAPSHOT_COPY_TTL_ATTRIBUTE = 'expiresAt';

/** Sort key prefix of the time-keyed snapshot copies (before `EVENT#`, so no event or rider range sees them). */
export const SNAPSHOT_COPY_SORT_KEY_PREFIX = 'COPY#SNAPSHOT#';

/** Sort key of the copy of the snapshot taken at `tMs`; the time is zero-padded so keys sort by time. */
export function snapshotCopySortKey(tMs: number): string {
  return `${SNAPSHOT_COPY_SORT_KEY_PREFIX}${String(tMs).padStart(14, '0')}`;
}

/**
 * The stage snapshot (one item per stage, sort key `SNAPSHOT`): what fans and partners read (DESIGN §2). Each
 * written snapshot also gets a short-lived copy keyed by its time, so the public tier can serve the race as it
 * was `publicLagSeconds` ago (DESIGN §9).
 */
export interface SnapshotStore {
  /** The stored snapshot of the stage (strongly consistent), or undefined before the first one. */
  get(stage: StageKey): Promise<StageSnapshot | undefined>;
  /**
   * Keeps the newest snapshot: one whose `tMs` is not after the stored one's is skipped, not an error, so an
   * older or replayed run never overwrites a newer snapshot. A time-keyed copy is kept for
   * `SNAPSHOT_COPY_RETENTION_MS` (the first copy written for a time wins).
   */
  putIfNewer(stage: StageKey, snapshot: StageSnapshot): Promise<PutIfNewerResult>;
  /**
   * The newest snapshot taken at or before `atMs` (epoch ms): the current one when it is old enough, else the
   * newest retained copy; undefined when none is that old.
   */
  getAtOrBefore(stage: StageKey, atMs: number): Promise<StageSnapshot | undefined>;
}
