/**
 * Device buckets (DESIGN §9): all fixes of one device share a partition key, so Kinesis keeps them in order, while
 * `buckets` ≥ shards × parallelization factor keys spread frames over shards and the event source mapping's batches.
 */

/** Default bucket count: 4 on-demand shards × parallelization factor 4. */
export const DEFAULT_BUCKETS = 16;

/** The bucket of a device: FNV-1a 32-bit hash of its id, mod `buckets`. Stable across restarts and versions. */
export function deviceBucket(device: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < device.length; i++) {
    hash ^= device.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % buckets;
}

/** The Kinesis partition key of a bucket. */
export function bucketPartitionKey(bucket: number): string {
  return `bucket-${bucket}`;
}
