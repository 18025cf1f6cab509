import type { DynamoDBBatchItemFailure, DynamoDBBatchResponse, DynamoDBStreamEvent, Handler } from 'aws-lambda';
import { processLogger } from '../shared/powertools';
import { aggregateStage } from './aggregate-stage';
import { makeAggregatorDeps, type AggregatorDeps } from './deps';
import { loadAggregatorEnv } from './env';
import { touchedStages } from './stream-records';

/** The aggregator's handler: a DynamoDB stream batch in, partial batch failures out. */
export type AggregatorHandler = Handler<DynamoDBStreamEvent, DynamoDBBatchResponse>;

/**
 * The aggregator: rider items on the state table's stream → stage snapshot and race events (DESIGN §2). A batch
 * is aggregated per stage, not per record; when a stage fails (e.g. throttled), its records are reported so the
 * event source retries from the first of them, and a retry is harmless (idempotent events, newer-only snapshot).
 */
export function createAggregatorHandler(deps: AggregatorDeps): AggregatorHandler {
  const logger = processLogger('aggregator');
  return async (event, context) => {
    logger.addContext(context);
    const batchItemFailures: DynamoDBBatchItemFailure[] = [];
    for (const touched of touchedStages(event.Records, deps.tour)) {
      try {
        await aggregateStage(deps, touched);
      } catch (error) {
        logger.error('stage aggregation failed; its records will be retried', { stage: touched.stage, error });
        batchItemFailures.push(...touched.sequenceNumbers.map((itemIdentifier) => ({ itemIdentifier })));
      }
    }
    return { batchItemFailures };
  };
}

let cold: AggregatorHandler | undefined;

/** The Lambda entry point; env and deps are built on the first invocation of a cold start. */
export const handler: AggregatorHandler = (event, context, callback) => {
  cold ??= createAggregatorHandler(makeAggregatorDeps(loadAggregatorEnv(process.env)));
  return cold(event, context, callback);
};
