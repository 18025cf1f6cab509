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

/** Downsampled rider tracks of a stage; idempotent: a bucket keeps the first point written to it. */
export interface TrackStore {
  append(stage: StageKey, points: readonly TrackPoint[]): Promise<AppendResult>;
  /** A rider's track, oldest first. */
  track(stage: StageKey, bib: number): Promise<readonly TrackPoint[]>;
}

/** Start of the bucket holding `tMs`, epoch ms. */
export function trackBucketOf(tMs: number): number {
  return Math.floor(tMs / TRACK_BUCKET_MS) * TRACK_BUCKET_MS;
}
