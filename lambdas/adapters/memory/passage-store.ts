import type { PassageStore, StoredPassages } from '../../../core/ports/passage-store';
import { stagePartitionKey, type StageKey } from '../../../core/ports/stage-key';
import { FaultQueue } from './faults';

/** In-memory `PassageStore` with the DynamoDB adapter's semantics (NaN survives the round trip, version check). */
export class MemoryPassageStore implements PassageStore {
  /** Faults thrown by the next calls (either method). */
  readonly faults = new FaultQueue();
  /** Runs before the version check of the next `putIfVersion` (tests simulate a concurrent writer with it). */
  beforeNextPut: (() => Promise<void>) | undefined;
  private readonly stages = new Map<string, StoredPassages>();

  get(stage: StageKey): Promise<StoredPassages | undefined> {
    this.faults.check();
    const stored = this.stages.get(stagePartitionKey(stage));
    return Promise.resolve(
      stored && {
        ...stored,
        passagesMs: [...stored.passagesMs],
        secondMs: [...stored.secondMs],
        thirdMs: [...stored.thirdMs],
      },
    );
  }

  async putIfVersion(
    stage: StageKey,
    passages: Omit<StoredPassages, 'version'>,
    expectedVersion: number,
  ): Promise<boolean> {
    this.faults.check();
    const hook = this.beforeNextPut;
    this.beforeNextPut = undefined;
    if (hook !== undefined) await hook();
    const pk = stagePartitionKey(stage);
    if ((this.stages.get(pk)?.version ?? 0) !== expectedVersion) return false;
    this.stages.set(pk, {
      stepMeters: passages.stepMeters,
      passagesMs: [...passages.passagesMs],
      secondMs: [...passages.secondMs],
      thirdMs: [...passages.thirdMs],
      version: expectedVersion + 1,
    });
    return true;
  }
}
