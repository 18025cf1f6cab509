import { AGGREGATOR_MAPPING_SETTINGS, PROCESSOR_MAPPING_SETTINGS } from '../lib/event-source-mappings';
import type { BatchPolicy } from './stream-batches';

/** The processor's Kinesis mapping as ProcessingConstruct deploys it. One concurrent batch per shard: the
 * construct's parallelization factor is not emulated (ordering per partition key would still hold). */
export const PROCESSOR_MAPPING: BatchPolicy = {
  batchSize: PROCESSOR_MAPPING_SETTINGS.batchSize,
  batchingWindowMillis: PROCESSOR_MAPPING_SETTINGS.batchingWindowMillis,
  bisectOnError: true,
  retryAttempts: PROCESSOR_MAPPING_SETTINGS.retryAttempts,
  maxRecordAgeMillis: PROCESSOR_MAPPING_SETTINGS.maxRecordAgeMillis,
  retryDelayMillis: 100,
};

/** The aggregator's DynamoDB-stream mapping as AggregationConstruct deploys it; its filter passes rider items only. */
export const AGGREGATOR_MAPPING: BatchPolicy = {
  batchSize: AGGREGATOR_MAPPING_SETTINGS.batchSize,
  batchingWindowMillis: AGGREGATOR_MAPPING_SETTINGS.batchingWindowMillis,
  bisectOnError: true,
  retryAttempts: AGGREGATOR_MAPPING_SETTINGS.retryAttempts,
  maxRecordAgeMillis: AGGREGATOR_MAPPING_SETTINGS.maxRecordAgeMillis,
  retryDelayMillis: 100,
};

/**
 * How often an idle shard is read, ms. The processor reads through an enhanced fan-out consumer, which pushes records
 * about 70 ms after they arrive (emulated by polling that often); Lambda reads a DynamoDB stream shard four times a
 * second.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
 */
export const IDLE_POLL_MILLIS = { kinesis: PROCESSOR_MAPPING_SETTINGS.deliveryIntervalMillis, dynamodb: 250 } as const;
