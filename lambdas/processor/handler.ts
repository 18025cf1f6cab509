import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { KinesisStreamHandler, KinesisStreamRecord } from 'aws-lambda';
import { processLogger } from '../shared/powertools';
import { makeProcessorDeps } from './deps';
import { BatchRiderStates } from './batch-rider-states';
import { loadProcessorEnv } from './env';
import { count, processRecord, type ProcessorDeps } from './process-record';

/**
 * The processor: Kinesis wire frames → engine → rider live state, tracks and quarantine (DESIGN §2).
 * Records are processed in order, one at a time: records of a shard touch the same riders, whose state is carried
 * from record to record in memory and written once per batch (BatchRiderStates).
 */
export function createProcessorHandler(deps: ProcessorDeps): KinesisStreamHandler {
  const logger = processLogger('processor');
  const processor = new BatchProcessor(EventType.KinesisDataStreams);
  let batchRiders = new BatchRiderStates(deps.riderStates);
  let reporting = new Map<number, Set<number>>();
  const handleRecord = async (record: KinesisStreamRecord): Promise<void> => {
    for (const [stage, bibs] of await processRecord(deps, record, batchRiders)) {
      reporting.set(stage, new Set([...(reporting.get(stage) ?? []), ...bibs]));
    }
  };
  return async (event, context) => {
    logger.addContext(context);
    batchRiders = new BatchRiderStates(deps.riderStates);
    reporting = new Map();
    const response = await processPartialResponse(event, handleRecord, processor, {
      context,
      processInParallel: false,
    });
    // Rider states last, once per rider: if this throws the whole batch is retried, and every write is idempotent.
    await batchRiders.flush();
    // Metrics are single metrics (own dimensions each), published as they are added: nothing to flush here.
    for (const [stage, bibs] of reporting) count(deps.metrics, String(stage), 'RidersReporting', bibs.size);
    return response;
  };
}

let cold: KinesisStreamHandler | undefined;

/** The Lambda entry point; env and deps are built on the first invocation of a cold start. */
export const handler: KinesisStreamHandler = (event, context, callback) => {
  cold ??= createProcessorHandler(makeProcessorDeps(loadProcessorEnv(process.env)));
  return cold(event, context, callback);
};
