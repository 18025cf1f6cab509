import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { KinesisStreamHandler, KinesisStreamRecord } from 'aws-lambda';
import { processLogger } from '../shared/powertools';
import { makeProcessorDeps } from './deps';
import { BatchRiderStates } from './batch-rider-states';
import { loadProcessorEnv } from './env';
import { EarlierRecordFailedError } from './errors';
import { decodeRecord } from '../../core/wire/decode-record';
import { count, prefetchRiders, processRecord, type ProcessorDeps } from './process-record';

/**
 * The processor: Kinesis wire frames → engine → rider live state, tracks and quarantine (DESIGN §2). Records run in
 * order, one at a time: a shard's records touch the same riders, whose state BatchRiderStates carries from record to
 * record and writes once per batch. What an invocation keeps (failures, riders, counts) is its own: one handler may
 * serve overlapping invocations (local mode runs every shard's batches on one instance), which must not share it.
 */
export function createProcessorHandler(deps: ProcessorDeps): KinesisStreamHandler {
  const logger = processLogger('processor');
  return async (event, context) => {
    logger.addContext(context);
    const batchRiders = new BatchRiderStates(deps.riderStates, deps.tracks);
    const decoded = new Map(event.Records.map((record) => [record, decodeRecord(record.kinesis.data)]));
    await prefetchRiders(deps, [...decoded.values()], batchRiders);
    const reporting = new Map<number, Set<number>>();
    let failedEarlier = false;
    const handleRecord = async (record: KinesisStreamRecord): Promise<void> => {
      // After a failed record the rest of the batch waits for its retry: the event source retries from the first
      // failure, and a later record applied first would move its riders' state past the failed record's fixes.
      if (failedEarlier) throw new EarlierRecordFailedError();
      try {
        for (const [stage, bibs] of await processRecord(deps, record, batchRiders, decoded.get(record))) {
          reporting.set(stage, new Set([...(reporting.get(stage) ?? []), ...bibs]));
        }
      } catch (error) {
        failedEarlier = true;
        throw error;
      }
    };
    const response = await processPartialResponse(
      event,
      handleRecord,
      new BatchProcessor(EventType.KinesisDataStreams),
      // A batch whose first record fails reports every record, as a partial failure does: the checkpoint stays.
      { context, processInParallel: false, throwOnFullBatchFailure: false },
    );
    // Tracks and rider states last, once per rider: if this throws, the batch is retried (every write is idempotent).
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
