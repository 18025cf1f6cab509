import type { StageSnapshot } from '../../race';
import type { PutIfNewerResult } from '../rider-state-store';
import type { SnapshotStore } from '../snapshot-store';
import { stagePartitionKey, type StageKey } from '../stage-key';
import { FaultQueue } from './faults';

/** In-memory `SnapshotStore` with DynamoDB's semantics (JSON round-trip, conditional newer-only write). */
export class MemorySnapshotStore implements SnapshotStore {
  /** Faults thrown by the next calls (either method). */
  readonly faults = new FaultQueue();
  private readonly stages = new Map<string, string>();

  get(stage: StageKey): Promise<StageSnapshot | undefined> {
    this.faults.check();
    const blob = this.stages.get(stagePartitionKey(stage));
    return Promise.resolve(blob === undefined ? undefined : (JSON.parse(blob) as StageSnapshot));
  }

  putIfNewer(stage: StageKey, snapshot: StageSnapshot): Promise<PutIfNewerResult> {
    this.faults.check();
    const pk = stagePartitionKey(stage);
    const previous = this.stages.get(pk);
    if (previous !== undefined && (JSON.parse(previous) as StageSnapshot).tMs >= snapshot.tMs) {
      return Promise.resolve({ written: 0, skipped: 1 });
    }
    this.stages.set(pk, JSON.stringify(snapshot));
    return Promise.resolve({ written: 1, skipped: 0 });
  }
}
