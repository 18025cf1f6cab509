/**
 * How Lambda delivers stream records to the handlers. ProcessingConstruct and AggregationConstruct deploy these
 * settings, local mode emulates them (local/mapping-settings.ts) and the capacity plan counts with them: one source,
 * plain numbers, so that local mode and the plan need not load aws-cdk-lib.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
 */

const HOUR_MS = 3_600_000;

/** The processor's Kinesis event source mapping. */
export const PROCESSOR_MAPPING_SETTINGS = {
  /**
   * Read through an enhanced fan-out consumer: Kinesis pushes records to Lambda about 70 ms after they arrive,
   * where a shared-throughput mapping polls each shard once a second — most of the 1.5 s freshness budget. It also
   * gives the processor its own 2 MB/s per shard, so the Firehose archive never competes with it.
   * @see https://docs.aws.amazon.com/streams/latest/dev/enhanced-consumers.html
   */
  enhancedFanOut: true,
  /** How soon a record reaches the mapping after it arrives, ms: pushed (fan-out) or the next once-a-second poll. */
  deliveryIntervalMillis: 70,
  /** Records per invocation; each record already carries up to ~500 fixes. */
  batchSize: 100,
  /**
   * No batching window: Lambda reads each shard about once a second anyway, and a window would only add its length
   * to every fix's way to the fans (DESIGN §1: within a couple of seconds; the local rehearsal measures it).
   */
  batchingWindowMillis: 0,
  /** Concurrent batches per shard; order still holds per partition key (the relay's device bucket). */
  parallelizationFactor: 2,
  /** Enough bisections to isolate one poison record out of 100 and to retry transient throttles. */
  retryAttempts: 10,
  /** The DLQ entry then still points into the stream's 24 h retention, leaving time to replay. */
  maxRecordAgeMillis: 6 * HOUR_MS,
} as const;

/** The aggregator's DynamoDB-stream event source mapping (rider items only). */
export const AGGREGATOR_MAPPING_SETTINGS = {
  /**
   * Every run rebuilds the stage from all its riders, so a run should take whatever rider records the stream holds:
   * one processor batch writes a record per rider of its shard, and at 100 records a run the aggregator fell behind
   * the stream (a local rehearsal's iterator age grew by a second a minute). 1000 is CDK's most for DynamoDB
   * streams; 1000 new images of ~2.5 kB stay far under Lambda's 6 MB payload.
   */
  batchSize: 1000,
  /** No window: a stream shard is read four times a second, and each run rebuilds the stage from all its riders. */
  batchingWindowMillis: 0,
  /** A snapshot older than a few minutes is worthless live; the next rider write rebuilds the stage anyway. */
  retryAttempts: 5,
  maxRecordAgeMillis: 5 * 60_000,
} as const;
