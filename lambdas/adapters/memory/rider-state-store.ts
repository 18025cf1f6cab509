import type { PutIfNewerResult, RiderStateStore, StoredRider } from '../../../core/ports/rider-state-store';
import { stagePartitionKey, type StageKey } from '../../../core/ports/stage-key';
import { FaultQueue } from './faults';

/** In-memory `RiderStateStore` with DynamoDB's semantics (JSON round-trip, conditional newer-only writes). */
export class MemoryRiderStateStore implements RiderStateStore {
  /** Faults thrown by the next calls (either method). */
  readonly faults = new FaultQueue();
  private readonly stages = new Map<string, Map<number, string>>();

  load(stage: StageKey, bibs: readonly number[]): Promise<ReadonlyMap<number, StoredRider>> {
    this.faults.check();
    const stored = this.stages.get(stagePartitionKey(stage));
    const riders = new Map<number, StoredRider>();
    for (const bib of bibs) {
      const blob = stored?.get(bib);
      if (blob !== undefined) riders.set(bib, JSON.parse(blob) as StoredRider);
    }
    return Promise.resolve(riders);
  }

  putIfNewer(stage: StageKey, riders: readonly StoredRider[]): Promise<PutIfNewerResult> {
    this.faults.check();
    const pk = stagePartitionKey(stage);
    const stored = this.stages.get(pk) ?? new Map<number, string>();
    this.stages.set(pk, stored);
    let written = 0;
    for (const rider of riders) {
      const previous = stored.get(rider.bib);
      if (previous !== undefined && (JSON.parse(previous) as StoredRider).newestFixMs >= rider.newestFixMs) continue;
      stored.set(rider.bib, JSON.stringify(rider));
      written += 1;
    }
    return Promise.resolve({ written, skipped: riders.length - written });
  }
}
