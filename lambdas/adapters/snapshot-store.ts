import type { StageSnapshot } from '../race';
import type { PutIfNewerResult } from './rider-state-store';
import type { StageKey } from './stage-key';

/** The stage snapshot (one item per stage, sort key `SNAPSHOT`): what fans and partners read (DESIGN §2). */
export interface SnapshotStore {
  /** The stored snapshot of the stage (strongly consistent), or undefined before the first one. */
  get(stage: StageKey): Promise<StageSnapshot | undefined>;
  /**
   * Keeps the newest snapshot: one whose `tMs` is not after the stored one's is skipped, not an error, so an
   * older or replayed run never overwrites a newer snapshot.
   */
  putIfNewer(stage: StageKey, snapshot: StageSnapshot): Promise<PutIfNewerResult>;
}
