import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { KinesisStreamHandler, KinesisStreamRecord } from 'aws-lambda';
import { processLogger } from '../shared/powertools';
import { makeProcessorDeps } from './deps';
import { loadProcessorEnv } from './env';
import { processRecord, type ProcessorDeps } from './process-record';

/**
 * The processor: Kinesis wire frames → engine → rider live state, tracks and quarantine (DESIGN §2).
 * Records are processed in order, one at a time: records of a shard touch the same riders, and the conditional
 * writes keep state correct but a parallel read-modify-write could drop a device's dedup memory.
 */
export function createProcessorHandler(deps: ProcessorDeps): KinesisStreamHandler {
  const logger = processLogger('processor');
  const processor = new BatchProcessor(EventType.KinesisDataStreams);
  const handleRecord = (record: KinesisStreamRecord): Promise<void> => processRecord(deps, record);
  return async (event, context) => {
    logger.addContext(context);
    // Metrics are single metrics (own dimensions each), published as they are added: nothing to flush here.
    return processPartialResponse(event, handleRecord, processor, { context, processInParallel: false });
  };
}

let cold: KinesisStreamHandler | undefined;

/** The Lambda entry point; env and deps are built on the first invocation of a cold start. */
export const handler: KinesisStreamHandler = (event, context, callback) => {
  cold ??= createProcessorHandler(makeProcessorDeps(loadProcessorEnv(process.env)));
  return cold(event, context, callback);
};
