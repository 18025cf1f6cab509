import type { BatchPolicy } from './stream-batches';

const HOUR_MS = 3_600_000;

/**
 * The processor's Kinesis event source mapping as ProcessingConstruct configures it (batch 100, window 1 s, bisect,
 * partial batch responses, 10 retries, records up to 6 h old, SQS on-failure queue). One concurrent batch per shard:
 * the construct's parallelization factor 2 is not emulated (ordering per partition key would still hold).
 */
export const PROCESSOR_MAPPING: BatchPolicy = {
  batchSize: 100,
  batchingWindowMillis: 1_000,
  bisectOnError: true,
  retryAttempts: 10,
  maxRecordAgeMillis: 6 * HOUR_MS,
  retryDelayMillis: 100,
};

/**
 * The aggregator's DynamoDB-stream mapping. No construct defines it yet, so these are Lambda's stream defaults
 * (batch 100, no batching window) with the processor's error handling; its filter passes rider items only.
 */
export const AGGREGATOR_MAPPING: BatchPolicy = {
  batchSize: 100,
  batchingWindowMillis: 0,
  bisectOnError: true,
  retryAttempts: 10,
  maxRecordAgeMillis: 6 * HOUR_MS,
  retryDelayMillis: 100,
};

/** Sort-key prefix of rider live-state items (lambdas/adapters/dynamo/table-definition.ts `riderSortKey`). */
export const RIDER_ITEM_PREFIX = 'RIDER#';

/**
 * How often an idle shard is read, ms. Lambda reads each Kinesis shard about once a second and a DynamoDB stream
 * shard four times a second.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
 */
export const IDLE_POLL_MILLIS = { kinesis: 1_000, dynamodb: 250 } as const;
