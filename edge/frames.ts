import { MAX_FIXES_PER_FRAME, WIRE_FRAME_VERSION, type WireFix, type WireFrame } from '../core/wire/wire-frame';
import { bucketHashKey, bucketPartitionKey, hashedDeviceBuckets, type DeviceBuckets } from '../core/wire/partition';
import { MAX_BYTES_PER_CALL, MAX_BYTES_PER_RECORD, MAX_RECORDS_PER_CALL, type PublishRecord } from './publisher';

/** How fixes become Kinesis records. */
export interface FrameOptions {
  /** The relay's id, written as the frame's `gateway`. */
  readonly gateway: string;
  /** Device buckets, one partition key each (core/wire/partition.ts). */
  readonly buckets: number;
  /** @default MAX_FIXES_PER_FRAME (500, DESIGN §6) */
  readonly maxFixesPerFrame?: number;
  /** The bucket of each device (`ownerDeviceBuckets`: a rider's devices together). @default hashedDeviceBuckets */
  readonly deviceBuckets?: DeviceBuckets;
}

type RecordKey = Pick<PublishRecord, 'partitionKey' | 'explicitHashKey'>;

/** A record plus the number of fixes it carries (for rates and status). */
export interface FrameRecord extends PublishRecord {
  readonly fixCount: number;
}

/**
 * Packs fixes into wire frames, one or more per device bucket, each ≤ 500 fixes and ≤ 1 MiB, keeping each device's
 * fixes in their input order.
 */
export function buildFrameRecords(fixes: readonly WireFix[], sentAt: number, options: FrameOptions): FrameRecord[] {
  const byBucket = new Map<number, WireFix[]>();
  const bucketOf = options.deviceBuckets ?? hashedDeviceBuckets(options.buckets);
  for (const fix of fixes) {
    const bucket = bucketOf(fix.device);
    const list = byBucket.get(bucket);
    if (list) list.push(fix);
    else byBucket.set(bucket, [fix]);
  }
  const max = options.maxFixesPerFrame ?? MAX_FIXES_PER_FRAME;
  const records: FrameRecord[] = [];
  for (const [bucket, list] of [...byBucket].sort((a, b) => a[0] - b[0])) {
    const key = { partitionKey: bucketPartitionKey(bucket), explicitHashKey: bucketHashKey(bucket, options.buckets) };
    for (let i = 0; i < list.length; i += max) {
      records.push(...encodeWithinLimit(list.slice(i, i + max), key, sentAt, options.gateway));
    }
  }
  return records;
}

/** Splits records into PutRecords calls of ≤ 500 records and ≤ 5 MiB, in order. */
export function chunkIntoCalls<R extends PublishRecord>(records: readonly R[]): R[][] {
  const calls: R[][] = [];
  let current: R[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = record.data.length + record.partitionKey.length;
    if (current.length > 0 && (current.length === MAX_RECORDS_PER_CALL || bytes + size > MAX_BYTES_PER_CALL)) {
      calls.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) calls.push(current);
  return calls;
}

function encodeWithinLimit(fixes: WireFix[], key: RecordKey, sentAt: number, gateway: string): FrameRecord[] {
  const frame: WireFrame = { v: WIRE_FRAME_VERSION, gateway, sentAt, fixes };
  const data = Buffer.from(JSON.stringify(frame), 'utf8');
  if (data.length + key.partitionKey.length <= MAX_BYTES_PER_RECORD || fixes.length === 1)
    return [{ ...key, data, fixCount: fixes.length }];
  const half = Math.ceil(fixes.length / 2);
  return [
    ...encodeWithinLimit(fixes.slice(0, half), key, sentAt, gateway),
    ...encodeWithinLimit(fixes.slice(half), key, sentAt, gateway),
  ];
}
