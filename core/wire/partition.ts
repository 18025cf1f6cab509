import type { DeviceAssignmentConfig } from '../tour-config/schema';

/**
 * Device buckets (DESIGN §9): all fixes of one device share a partition key, so Kinesis keeps them in order, while
 * `buckets` ≥ shards × parallelization factor keys spread frames over shards and the event source mapping's batches.
 * With the tour's device list, all devices of one rider (race bike and spares) share a bucket: the processor decides
 * which of a rider's devices is live from the rider's state, and two invocations (two shards, or two batches of one
 * shard under a parallelization factor) deciding it at once would race on that state: the engine would follow the
 * old bike on the team car (for a minute in the fault suite's bike change).
 *
 * The spread must be even, not merely random. Kinesis maps a partition key to a shard by the MD5 of the key: 16
 * keys can fall 5/11 over two shards, and riders hashed into 16 buckets land 5 to 11 to a bucket, so one shard can
 * carry twice the riders of another (94 and 41 of 135 in local mode) and fall minutes behind while the other keeps
 * up. So each bucket carries an explicit hash key in the middle of its own 1/N of the hash range, and a tour's
 * owners are dealt to the buckets in turn.
 */

/** Default bucket count: 4 on-demand shards × parallelization factor 4. */
export const DEFAULT_BUCKETS = 16;

/** The bucket of a device when nothing better is known: FNV-1a 32-bit hash of its id, mod `buckets`. Stable. */
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

const HASH_SPACE = 2n ** 128n;

/**
 * The explicit hash key of a bucket: the middle of the bucket's 1/`buckets` share of Kinesis's 128-bit hash range, as
 * a decimal string. Shards of a new stream split that range evenly (on-demand or provisioned), so with `buckets` a
 * multiple of the shard count every shard gets the same number of buckets.
 * @see https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecordsRequestEntry.html
 */
export function bucketHashKey(bucket: number, buckets: number): string {
  return ((HASH_SPACE * BigInt(2 * bucket + 1)) / BigInt(2 * buckets)).toString();
}

/** The bucket of each device, 0 ≤ bucket < `buckets`. */
export type DeviceBuckets = (device: string) => number;

/** Every device in a bucket of its own hash (`deviceBucket`): for devices no tour config lists. */
export function hashedDeviceBuckets(buckets: number): DeviceBuckets {
  return (device) => deviceBucket(device, buckets);
}

/**
 * Deals the tour's owners (riders and vehicles, in the order the device list first names them) to the buckets in
 * turn, so buckets differ by at most one owner, and gives each device its owner's bucket: a rider's devices share
 * one. A device the config does not list falls back to its own hash; a device listed for several owners over the
 * tour (a tracker moved to another rider between stages) goes with its first owner, which only costs spreading,
 * never order. The dealing depends only on the config, so a restarted relay buckets every device as before.
 */
export function ownerDeviceBuckets(devices: readonly DeviceAssignmentConfig[], buckets: number): DeviceBuckets {
  const ownerBucket = new Map<string, number>();
  const deviceBucketOf = new Map<string, number>();
  for (const d of devices) {
    const owner = d.owner.kind === 'rider' ? `rider-${d.owner.bib}` : `vehicle-${d.owner.id}`;
    let bucket = ownerBucket.get(owner);
    if (bucket === undefined) {
      bucket = ownerBucket.size % buckets;
      ownerBucket.set(owner, bucket);
    }
    if (!deviceBucketOf.has(d.device)) deviceBucketOf.set(d.device, bucket);
  }
  return (device) => deviceBucketOf.get(device) ?? deviceBucket(device, buckets);
}
