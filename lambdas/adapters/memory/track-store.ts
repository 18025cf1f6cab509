import { stagePartitionKey, type StageKey } from '../../../core/ports/stage-key';
import { trackBucketOf, type AppendResult, type TrackPoint, type TrackStore } from '../../../core/ports/track-store';
import { FaultQueue } from './faults';

/** In-memory `TrackStore`: `append` keeps the first point of a (rider, bucket) like the DynamoDB conditional put,
 * `appendNewBuckets` replaces it like BatchWriteItem. */
export class MemoryTrackStore implements TrackStore {
  /** Faults thrown by the next calls (either method). */
  readonly faults = new FaultQueue();
  private readonly points = new Map<string, TrackPoint>();

  append(stage: StageKey, points: readonly TrackPoint[]): Promise<AppendResult> {
    this.faults.check();
    let written = 0;
    for (const p of points) {
      const key = `${stagePartitionKey(stage)}|${p.bib}|${trackBucketOf(p.tMs)}`;
      if (this.points.has(key)) continue;
      this.points.set(key, { ...p });
      written += 1;
    }
    return Promise.resolve({ written, skipped: points.length - written });
  }

  appendNewBuckets(stage: StageKey, points: readonly TrackPoint[]): Promise<AppendResult> {
    this.faults.check();
    for (const p of points) this.points.set(`${stagePartitionKey(stage)}|${p.bib}|${trackBucketOf(p.tMs)}`, { ...p });
    return Promise.resolve({ written: points.length, skipped: 0 });
  }

  track(stage: StageKey, bib: number): Promise<readonly TrackPoint[]> {
    this.faults.check();
    const prefix = `${stagePartitionKey(stage)}|${bib}|`;
    const track = [...this.points.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([, p]) => p)
      .sort((a, b) => a.tMs - b.tMs);
    return Promise.resolve(track);
  }
}
