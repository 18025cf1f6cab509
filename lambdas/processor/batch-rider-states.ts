import type { RiderStateStore, StoredRider } from '../../core/ports/rider-state-store';
import { stagePartitionKey, type StageKey } from '../../core/ports/stage-key';
import { trackBucketOf, type TrackPoint, type TrackStore } from '../../core/ports/track-store';

interface StageRiders {
  readonly key: StageKey;
  readonly riders: Map<number, StoredRider>;
  /** Bibs already asked of the store (found or not): never loaded twice in one invocation. */
  readonly asked: Set<number>;
  readonly changed: Set<number>;
  /** Newest track bucket each rider had written before this invocation (its stored `trackBucketMs`). */
  readonly trackedBefore: Map<number, number>;
  /** The earliest point of each `bib|bucket` gathered in this invocation, written by `flush`. */
  readonly points: Map<string, TrackPoint>;
}

/**
 * Rider states and track points for one invocation: each rider is loaded once, the records of the batch update it
 * here, and `flush` writes the track points, then each changed rider once (DESIGN §9: one rider item per batch, so
 * DynamoDB cost scales with riders, not with records). A record that throws changes nothing here.
 *
 * Track points go out in batches: a point whose bucket is later than every bucket the rider had written (its stored
 * `trackBucketMs`) lands in an empty bucket, so it needs no condition; the bucket of the rider's newest point is
 * already filled and is skipped; only a late fix's earlier bucket, which may or may not be filled, is put with a
 * condition.
 */
export class BatchRiderStates {
  private readonly stages = new Map<string, StageRiders>();

  constructor(
    private readonly store: RiderStateStore,
    private readonly tracks: TrackStore,
  ) {}

  /** The stored or already updated riders among `bibs`. */
  async load(key: StageKey, bibs: readonly number[]): Promise<ReadonlyMap<number, StoredRider>> {
    const stage = this.stageOf(key);
    const missing = bibs.filter((bib) => !stage.asked.has(bib));
    if (missing.length > 0) {
      const loaded = await this.store.load(key, missing);
      for (const bib of missing) stage.asked.add(bib);
      for (const [bib, rider] of loaded) {
        stage.riders.set(bib, rider);
        if (rider.trackBucketMs !== undefined) stage.trackedBefore.set(bib, rider.trackBucketMs);
      }
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

  /** Takes a record's track points; per rider and bucket the earliest of the invocation is kept. */
  addPoints(key: StageKey, points: readonly TrackPoint[]): void {
    const stage = this.stageOf(key);
    for (const p of points) {
      const bucket = trackBucketOf(p.tMs);
      if (stage.trackedBefore.get(p.bib) === bucket) continue;
      const id = `${p.bib}|${bucket}`;
      const kept = stage.points.get(id);
      if (kept === undefined || p.tMs < kept.tMs) stage.points.set(id, p);
    }
  }

  /**
   * Writes the gathered track points, then every changed rider once (conditional on fix time: out-of-order safe),
   * and forgets both. Track points first: a rider state never claims a bucket that was not written.
   */
  async flush(): Promise<void> {
    for (const stage of this.stages.values()) {
      const trackedAfter = new Map(stage.trackedBefore);
      const newBuckets: TrackPoint[] = [];
      const lateBuckets: TrackPoint[] = [];
      for (const p of [...stage.points.values()].sort((a, b) => a.tMs - b.tMs)) {
        const bucket = trackBucketOf(p.tMs);
        const before = stage.trackedBefore.get(p.bib);
        if (before !== undefined && bucket < before) lateBuckets.push(p);
        else newBuckets.push(p);
        trackedAfter.set(p.bib, Math.max(trackedAfter.get(p.bib) ?? bucket, bucket));
      }
      if (lateBuckets.length > 0) await this.tracks.append(stage.key, lateBuckets);
      if (newBuckets.length > 0) await this.tracks.appendNewBuckets(stage.key, newBuckets);
      stage.points.clear();
      if (stage.changed.size > 0) {
        const riders = [...stage.changed].map((bib) => {
          const rider = stage.riders.get(bib)!;
          const trackBucketMs = trackedAfter.get(bib);
          return trackBucketMs === undefined ? rider : { ...rider, trackBucketMs };
        });
        await this.store.putIfNewer(stage.key, riders);
        stage.changed.clear();
      }
    }
  }

  private stageOf(key: StageKey): StageRiders {
    const pk = stagePartitionKey(key);
    let stage = this.stages.get(pk);
    if (stage === undefined) {
      stage = {
        key,
        riders: new Map(),
        asked: new Set(),
        changed: new Set(),
        trackedBefore: new Map(),
        points: new Map(),
      };
      this.stages.set(pk, stage);
    }
    return stage;
  }
}
