import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { PublishUnavailableError } from './errors';
import type { FixPublisher, PublishRecord, PublishResult } from './publisher';

/** Error codes that mean "slow down" rather than "broken". */
const THROTTLE_CODES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'LimitExceededException',
]);

/** How to reach Kinesis from the truck. */
export interface KinesisClientOptions {
  readonly region: string;
  /** Endpoint override for the local emulator (moto), e.g. `http://127.0.0.1:5055`. @default - the AWS endpoint */
  readonly endpoint?: string;
  /** Static credentials (the emulator); without them the SDK's default chain supplies the ingest producer role. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Give up on one HTTP request after this long, ms. @default 5000 — a dead uplink must not stall a lane for minutes */
  readonly requestTimeoutMillis?: number;
}

/**
 * A Kinesis client for the relay: HTTP/1.1 (moto rejects the SDK's HTTP/2, NOTES-machine §3), short timeouts, and
 * no SDK retries — the forwarder retries only the failed records itself, with backoff and jitter.
 */
export function createKinesisClient(options: KinesisClientOptions): KinesisClient {
  const timeout = options.requestTimeoutMillis ?? 5_000;
  return new KinesisClient({
    region: options.region,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ connectionTimeout: Math.min(timeout, 2_000), requestTimeout: timeout }),
    ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
    ...(options.credentials !== undefined && { credentials: options.credentials }),
  });
}

/** Publishes wire frames to a Kinesis stream with PutRecords; the SDK client is injected (STYLE.md 2.4). */
export class KinesisFixPublisher implements FixPublisher {
  constructor(
    private readonly client: KinesisClient,
    private readonly streamName: string,
  ) {}

  /** Sends the records; per-record failures come back in `failed`, a failed call throws PublishUnavailableError. */
  async publish(records: readonly PublishRecord[]): Promise<PublishResult> {
    let output;
    try {
      output = await this.client.send(
        new PutRecordsCommand({
          StreamName: this.streamName,
          Records: records.map((r) => ({
            PartitionKey: r.partitionKey,
            ...(r.explicitHashKey !== undefined && { ExplicitHashKey: r.explicitHashKey }),
            Data: r.data,
          })),
        }),
      );
    } catch (error) {
      const name = error instanceof Error ? error.name : 'UnknownError';
      throw new PublishUnavailableError(
        `PutRecords to ${this.streamName} failed: ${name}`,
        THROTTLE_CODES.has(name),
        error,
      );
    }
    const failed = (output.Records ?? []).flatMap((record, index) =>
      record.ErrorCode ? [{ index, errorCode: record.ErrorCode, throttled: THROTTLE_CODES.has(record.ErrorCode) }] : [],
    );
    return { failed };
  }
}
