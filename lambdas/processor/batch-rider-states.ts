import type { RiderStateStore, StoredRider } from '../adapters/rider-state-store';
import { stagePartitionKey, type StageKey } from '../adapters/stage-key';
import { trackBucketOf, type TrackPoint } from '../adapters/track-store';

interface StageRiders {
  readonly key: StageKey;
  readonly riders: Map<number, StoredRider>;
  /** Bibs already asked of the store (found or not): never loaded twice in one invocation. */
  readonly asked: Set<number>;
  readonly changed: Set<number>;
  /** `bib|bucket` of track points already appended in this invocation. */
  readonly appended: Set<string>;
}

/**
 * Rider states for one invocation: each rider is loaded once, the records of the batch update it in memory, and
 * `flush` writes each changed rider once, after every record's history and tracks (DESIGN §9: one rider item per
 * batch, so DynamoDB cost scales with riders, not with records). A record that throws changes nothing here.
 */
export class BatchRiderStates {
  private readonly stages = new Map<string, StageRiders>();

  constructor(private readonly store: RiderStateStore) {}

  /** The stored or already updated riders among `bibs`. */
  async load(key: StageKey, bibs: readonly number[]): Promise<ReadonlyMap<number, StoredRider>> {
    const stage = this.stageOf(key);
    const missing = bibs.filter((bib) => !stage.asked.has(bib));
    if (missing.length > 0) {
      const loaded = await this.store.load(key, missing);
      for (const bib of missing) stage.asked.add(bib);
      for (const [bib, rider] of loaded) stage.riders.set(bib, rider);
    }
    const out = new Map<number, StoredRider>();
    for (const bib of bibs) {
      const rider = stage.riders.get(bib);
      if (rider !== undefined) out.set(bib, rider);
    }
    return out;
  }

  /** Takes a record's new rider states (the engine only emits states newer than those it was given). */
  update(key: StageKey, riders: readonly StoredRider[]): void {
    const stage = this.stageOf(key);
    for (const rider of riders) {
      stage.riders.set(rider.bib, rider);
      stage.changed.add(rider.bib);
    }
  }

  /**
   * The points whose (rider, bucket) no earlier record of this invocation appended: the track store keeps the first
   * point of a bucket, so a later one for the same bucket would only cost a refused conditional write.
   */
  unappended(key: StageKey, points: readonly TrackPoint[]): TrackPoint[] {
    const stage = this.stageOf(key);
    return points.filter((p) => !stage.appended.has(`${p.bib}|${trackBucketOf(p.tMs)}`));
  }

  /** Records points as appended (call after the append succeeded). */
  markAppended(key: StageKey, points: readonly TrackPoint[]): void {
    const stage = this.stageOf(key);
    for (const p of points) stage.appended.add(`${p.bib}|${trackBucketOf(p.tMs)}`);
  }

  /** Writes every changed rider once (conditional on fix time: out-of-order safe) and forgets the changes. */
  async flush(): Promise<void> {
    for (const stage of this.stages.values()) {
      if (stage.changed.size === 0) continue;
      const riders = [...stage.changed].map((bib) => stage.riders.get(bib)!);
      await this.store.putIfNewer(stage.key, riders);
      stage.changed.clear();
    }
  }

  private stageOf(key: StageKey): StageRiders {
    const pk = stagePartitionKey(key);
    let stage = this.stages.get(pk);
    if (stage === undefined) {
      stage = { key, riders: new Map(), asked: new Set(), changed: new Set(), appended: new Set() };
      this.stages.set(pk, stage);
    }
    return stage;
  }
}
