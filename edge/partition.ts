import type { DeviceAssignmentConfig } from '../lib/tour-config/schema';

/**
 * Device buckets (DESIGN §9): all fixes of one device share a partition key, so Kinesis keeps them in order, while
 * `buckets` ≥ shards × parallelization factor keys spread frames over shards and the event source mapping's batches.
 * With the tour's device list, all devices of one rider (race bike and spares) share a bucket: the processor decides
 * which of a rider's devices is live from the rider's state, and two invocations (two shards, or two batches of one
 * shard under a parallelization factor) deciding it at once would race on that state; the fault suite's bike change
 * showed the engine following the old bike on the team car for a minute when they did.
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

/** What a device's bucket is keyed by: its own id, or its owner's (`rider-<bib>`, `vehicle-<id>`). */
export type PartitionGroup = (device: string) => string;

/**
 * Groups devices by their owner in the tour config, so that a rider's devices share a bucket. A device the config
 * does not list keeps its own id; a device listed for several owners over the tour (a tracker moved to another
 * rider between stages) is keyed by its first owner, which only costs spreading, never order.
 */
export function ownerPartitionGroups(devices: readonly DeviceAssignmentConfig[]): PartitionGroup {
  const groups = new Map<string, string>();
  for (const d of devices) {
    if (groups.has(d.device)) continue;
    groups.set(d.device, d.owner.kind === 'rider' ? `rider-${d.owner.bib}` : `vehicle-${d.owner.id}`);
  }
  return (device) => groups.get(device) ?? device;
}
