import type { StageConfig, TourConfig } from '../../core/tour-config/schema';

/** Who watches: fans polling the live snapshot, and how much of that a cache absorbs. */
export interface FanAssumptions {
  /** Fans watching at once during the stage. */
  readonly fans: number;
  /** Seconds between two polls of one fan's page (the second-screen page polls every second). */
  readonly pollSeconds: number;
  /** Share of fan requests answered by a cache (CloudFront/API Gateway) without reaching the API Lambda, 0–1. */
  readonly cacheHitRatio: number;
}

/** The fan defaults the goal is stated for: 100,000 fans, the page's 1 s poll, a 1 s cache. */
export const DEFAULT_FANS: FanAssumptions = { fans: 100_000, pollSeconds: 1, cacheHitRatio: 0.99 };

/**
 * Sizes the model assumes, each with where it comes from. The wire sizes are checked against real frames by the
 * cost model's tests; the item sizes were measured on a simulated 2022 stage (see docs/cost.md).
 */
export const SIZE_ASSUMPTIONS = {
  /** JSON bytes of one fix inside a wire frame (device, seq, t, lat, lon, alt, hdop, battery). */
  fixBytesInFrame: 120,
  /** JSON bytes of a frame's envelope (v, gateway, sentAt, brackets). */
  frameEnvelopeBytes: 60,
  /** Device buckets the edge relay spreads frames over; it sends about one frame per bucket per second. */
  relayBuckets: 16,
  /** A rider's live-state item (live state + device dedup memory), KiB. */
  riderItemKib: 3,
  /** A track point item, KiB. */
  trackItemKib: 0.3,
  /** The stage snapshot item for ~200 riders, KiB (JSON). */
  snapshotKib: 30,
  /** The live snapshot on the wire to a fan, gzip, KiB. */
  snapshotGzipKib: 6,
  /** A 304 Not Modified or small response on the wire, KiB. */
  notModifiedKib: 0.4,
  /** One history record in Timestream (dimensions + 8 measures), bytes. */
  historyRecordBytes: 260,
  /** Archive compression by Firehose (gzip of JSON frames). */
  archiveGzipRatio: 5,
  /** Log and EMF bytes per processor/aggregator invocation, KiB. */
  logKibPerInvocation: 1.5,
  /** Access-log bytes per API request that reaches API Gateway, KiB. */
  accessLogKibPerRequest: 0.5,
} as const;

/** What one stage asks of the system: devices, fixes and fans over its expected duration. */
export interface StageWorkload {
  readonly stage: number;
  readonly hours: number;
  readonly riders: number;
  readonly devices: number;
  readonly fixRateHz: number;
  /** Fixes sent during the stage. */
  readonly fixes: number;
  readonly fans: FanAssumptions;
  /** The tour keeps history in Timestream. */
  readonly timestream: boolean;
  /** The public tier lags reality, so every snapshot also gets a time-keyed copy. */
  readonly snapshotCopies: boolean;
}

/** The workload of one stage of a tour: the capacity section's devices over the stage's expected duration. */
export function stageWorkload(
  tour: TourConfig,
  stage: StageConfig,
  fans: FanAssumptions,
  timestream = tour.history.store === 'timestream',
): StageWorkload {
  const hours = stage.expectedDurationMinutes / 60;
  const devices = tour.capacity.ridersExpected + tour.capacity.vehiclesExpected;
  return {
    stage: stage.number,
    hours,
    riders: tour.capacity.ridersExpected,
    devices,
    fixRateHz: tour.capacity.fixRateHz,
    fixes: devices * tour.capacity.fixRateHz * hours * 3600,
    fans,
    timestream,
    snapshotCopies: tour.api.publicLagSeconds > 0,
  };
}
