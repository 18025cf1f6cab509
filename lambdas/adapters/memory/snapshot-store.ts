import type { StageSnapshot } from '../../../core/race';
import type { PutIfNewerResult } from '../../../core/ports/rider-state-store';
import type { SnapshotStore } from '../../../core/ports/snapshot-store';
import { stagePartitionKey, type StageKey } from '../../../core/ports/stage-key';
import { FaultQueue } from './faults';

/**
 * In-memory `SnapshotStore` with DynamoDB's semantics (JSON round-trip, conditional newer-only write, first copy
 * per time wins). Copies never expire here: DynamoDB's TTL deletes lazily too, so readers cannot rely on expiry.
 */
export class MemorySnapshotStore implements SnapshotStore {
  /** Faults thrown by the next calls (any method). */
  readonly faults = new FaultQueue();
  private readonly stages = new Map<string, string>();
  private readonly copies = new Map<string, Map<number, string>>();

  get(stage: StageKey): Promise<StageSnapshot | undefined> {
    this.faults.check();
    return Promise.resolve(this.current(stage));
  }

  putIfNewer(stage: StageKey, snapshot: StageSnapshot): Promise<PutIfNewerResult> {
    this.faults.check();
    const pk = stagePartitionKey(stage);
    const blob = JSON.stringify(snapshot);
    const copies = this.copies.get(pk) ?? new Map<number, string>();
    this.copies.set(pk, copies);
    if (!copies.has(snapshot.tMs)) copies.set(snapshot.tMs, blob);
    const previous = this.stages.get(pk);
    if (previous !== undefined && (JSON.parse(previous) as StageSnapshot).tMs >= snapshot.tMs) {
      return Promise.resolve({ written: 0, skipped: 1 });
    }
    this.stages.set(pk, blob);
    return Promise.resolve({ written: 1, skipped: 0 });
  }

  getAtOrBefore(stage: StageKey, atMs: number): Promise<StageSnapshot | undefined> {
    this.faults.check();
    const current = this.current(stage);
    if (current !== undefined && current.tMs <= atMs) return Promise.resolve(current);
    let newest: number | undefined;
    for (const tMs of this.copies.get(stagePartitionKey(stage))?.keys() ?? []) {
      if (tMs <= atMs && (newest === undefined || tMs > newest)) newest = tMs;
    }
    const blob = newest === undefined ? undefined : this.copies.get(stagePartitionKey(stage))?.get(newest);
    return Promise.resolve(blob === undefined ? undefined : (JSON.parse(blob) as StageSnapshot));
  }

  private current(stage: StageKey): StageSnapshot | undefined {
    const blob = this.stages.get(stagePartitionKey(stage));
    return blob === undefined ? undefined : (JSON.parse(blob) as StageSnapshot);
  }
}
