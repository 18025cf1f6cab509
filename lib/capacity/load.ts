import { DEFAULT_BUCKETS } from '../../core/wire/partition';
import { MAX_FIXES_PER_FRAME } from '../../core/wire/wire-frame';
import type { TourConfig } from '../../core/tour-config/schema';
import { PROCESSOR_MAPPING_SETTINGS } from '../event-source-mappings';

/**
 * Bytes one fix adds to a JSON wire frame (device id, seq, time, position, altitude, hdop, battery, separators).
 * Simulated frames average 120 B per fix (docs/edge-relay.md); a fully populated fix with a long
 * device id takes 123 B, so the plan rounds up to 128. test/unit/capacity/load.test.ts measures it.
 */
export const WIRE_BYTES_PER_FIX = 128;

/**
 * How long the relay's live lane lingers to fill a frame, ms: each busy device bucket sends at most one frame per
 * linger (edge/forwarder.ts `lingerMillis` default).
 */
export const RELAY_LINGER_MILLIS = 500;

/**
 * Kinesis write limits per shard.
 * @see https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
 */
export const SHARD_WRITE_BYTES_PER_SECOND = 1_000_000;
export const SHARD_WRITE_RECORDS_PER_SECOND = 1_000;

/**
 * Shards a new on-demand stream starts with (4 MB/s write): the processor's concurrency follows them.
 * @see https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html
 */
export const ON_DEMAND_INITIAL_SHARDS = 4;

/**
 * Concurrent batches per shard of the processor's event source mapping: the `parallelizationFactor` the stack passes
 * to ProcessingConstruct (test/infra/constructs/capacity.test.ts checks the synthesized mapping uses it).
 */
export const PROCESSOR_PARALLELIZATION_FACTOR = PROCESSOR_MAPPING_SETTINGS.parallelizationFactor;

/** Seconds the API Gateway cache keeps a reply: each cache key reaches the API Lambda at most once per TTL. */
export const API_CACHE_TTL_SECONDS = 1;

/** Time the API Lambda takes to answer a cache miss from DynamoDB, seconds (one GetItem/Query plus JSON). */
export const API_MISS_SECONDS = 0.05;

/** Stage-wide cacheable API resources: snapshot, events, groups, stage info. */
const STAGE_WIDE_API_KEYS = 4;

/** The load a tour puts on ingest, processing and the API while a stage races, with and without headroom. */
export interface LoadFigures {
  /** Trackers reporting: riders plus race vehicles. */
  readonly devices: number;
  /** Fixes per second the trackers send at the configured rate. */
  readonly expectedFixesPerSecond: number;
  /** Fixes per second capacity is planned for: expected × headroom factor. */
  readonly plannedFixesPerSecond: number;
  /** Bytes per second put on the stream at the planned rate. */
  readonly plannedBytesPerSecond: number;
  /** Kinesis records (wire frames) per second at the planned rate. */
  readonly plannedRecordsPerSecond: number;
  /** Shards the planned load needs under the per-shard byte and record limits (at least 1). */
  readonly shardsNeededForLoad: number;
  /** Device buckets (partition keys) in the relay; frames per second follow them. */
  readonly relayBuckets: number;
}

/**
 * The race-time load of a tour from its capacity settings. Records per second: each busy bucket sends one frame
 * per linger, and a frame holds at most 500 fixes, so a bucket with more fixes per linger sends more frames.
 */
export function loadFigures(capacity: TourConfig['capacity'], relayBuckets = DEFAULT_BUCKETS): LoadFigures {
  const devices = capacity.ridersExpected + capacity.vehiclesExpected;
  const expectedFixesPerSecond = devices * capacity.fixRateHz;
  const plannedFixesPerSecond = Math.ceil(expectedFixesPerSecond * capacity.headroomFactor);
  const plannedBytesPerSecond = plannedFixesPerSecond * WIRE_BYTES_PER_FIX;
  const lingersPerSecond = 1000 / RELAY_LINGER_MILLIS;
  const fixesPerBucketFrame = plannedFixesPerSecond / relayBuckets / lingersPerSecond;
  const framesPerBucketLinger = Math.max(1, Math.ceil(fixesPerBucketFrame / MAX_FIXES_PER_FRAME));
  const plannedRecordsPerSecond = Math.min(relayBuckets, devices) * lingersPerSecond * framesPerBucketLinger;
  const shardsNeededForLoad = Math.max(
    1,
    Math.ceil(plannedBytesPerSecond / SHARD_WRITE_BYTES_PER_SECOND),
    Math.ceil(plannedRecordsPerSecond / SHARD_WRITE_RECORDS_PER_SECOND),
  );
  return {
    devices,
    expectedFixesPerSecond,
    plannedFixesPerSecond,
    plannedBytesPerSecond,
    plannedRecordsPerSecond,
    shardsNeededForLoad,
    relayBuckets,
  };
}

/**
 * Provisioned concurrency the API Lambda needs while fans watch: with the API Gateway cache in front, each cacheable
 * key (stage-wide resources, each rider and vehicle, each rider's track) misses at most once per TTL, and each miss
 * holds one environment for `API_MISS_SECONDS`; the headroom factor covers cache flushes and partner (uncached) keys.
 */
export function apiProvisionedConcurrency(capacity: TourConfig['capacity']): number {
  const cacheKeys = STAGE_WIDE_API_KEYS + capacity.ridersExpected + capacity.vehiclesExpected + capacity.ridersExpected;
  const busyEnvironments = (cacheKeys / API_CACHE_TTL_SECONDS) * API_MISS_SECONDS;
  return Math.max(1, Math.ceil(busyEnvironments * capacity.headroomFactor));
}

/**
 * Target shard counts to go from `from` to `to` shards: UpdateShardCount can at most double or halve a stream per
 * call, so a larger change takes several steps.
 * @see https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html
 */
export function shardSteps(from: number, to: number): number[] {
  const steps: number[] = [];
  let current = from;
  while (current !== to) {
    current = to > current ? Math.min(current * 2, to) : Math.max(Math.ceil(current / 2), to);
    steps.push(current);
  }
  return steps;
}
