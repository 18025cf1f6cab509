import type { StageKey } from './stage-key';

/** Width of a track bucket, ms: a rider's track keeps the first point of each bucket (downsampling). */
export const TRACK_BUCKET_MS = 10_000;

/** One downsampled point of a rider's track. */
export interface TrackPoint {
  readonly bib: number;
  /** Fix time as the tracker reported it, epoch ms (stable across retries, unlike the skew-corrected time). */
  readonly tMs: number;
  /** Distance along the route, m. */
  readonly distanceMeters: number;
  readonly lat: number;
  readonly lon: number;
}

/** Outcome of an append: points written, and points skipped because their bucket already held one. */
export interface AppendResult {
  readonly written: number;
  readonly skipped: number;
}

/** Downsampled rider tracks of a stage, one point per rider and bucket. */
export interface TrackStore {
  /** Writes points into buckets that may already hold one; the first point written to a bucket wins. */
  append(stage: StageKey, points: readonly TrackPoint[]): Promise<AppendResult>;
  /**
   * Writes points into buckets the caller has never filled (later than every bucket it wrote for the rider), in
   * batches and without a check per item. Writing a bucket again replaces its point with one of the same bucket, so
   * a retry still leaves one point per bucket; `written` counts every point.
   */
  appendNewBuckets(stage: StageKey, points: readonly TrackPoint[]): Promise<AppendResult>;
  /** A rider's track, oldest first. */
  track(stage: StageKey, bib: number): Promise<readonly TrackPoint[]>;
}

/** Start of the bucket holding `tMs`, epoch ms. */
export function trackBucketOf(tMs: number): number {
  return Math.floor(tMs / TRACK_BUCKET_MS) * TRACK_BUCKET_MS;
}
