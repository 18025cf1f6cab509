/**
 * The port the forwarder sends wire frames through (STYLE.md 2.4): Kinesis in the truck, an in-memory fake in tests.
 * @see https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
 */

/** One Kinesis record: a wire frame's bytes and the partition key of its device bucket. */
export interface PublishRecord {
  readonly partitionKey: string;
  /** Places the record in the hash range by this 128-bit decimal instead of the key's MD5 (`bucketHashKey`). */
  readonly explicitHashKey?: string;
  readonly data: Uint8Array;
}

/** A record the service refused inside an otherwise successful call. */
export interface FailedRecord {
  /** Index into the records passed to `publish`. */
  readonly index: number;
  readonly errorCode: string;
  /** True for ProvisionedThroughputExceeded and similar "slow down" answers. */
  readonly throttled: boolean;
}

/** The outcome of one call; records not listed in `failed` are durably stored. */
export interface PublishResult {
  readonly failed: readonly FailedRecord[];
}

/**
 * Sends a batch of records (at most 500 and 5 MiB per call, the PutRecords limits).
 * Throws PublishUnavailableError when the whole call failed (unreachable, throttled, 5xx).
 */
export interface FixPublisher {
  publish(records: readonly PublishRecord[]): Promise<PublishResult>;
}

/** Most records in one PutRecords call. */
export const MAX_RECORDS_PER_CALL = 500;

/** Most bytes (data + partition keys) in one PutRecords call. */
export const MAX_BYTES_PER_CALL = 5 * 1024 * 1024;

/** Most bytes in one record's data + partition key. */
export const MAX_BYTES_PER_RECORD = 1024 * 1024;
