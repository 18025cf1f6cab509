import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoRiderStateStore } from '../adapters/dynamo/rider-state-store';
import { DynamoTrackStore } from '../adapters/dynamo/track-store';
import { S3QuarantineSink } from '../adapters/s3/quarantine-sink';
import { buildDeviceDirectory, deviceAssignmentsFromConfig, prepareRoute } from '../race';
import { loadStageRoute, loadTourConfig, stageOf } from '../../lib/tour-config/load';
import type { ProcessorEnv } from './env';
import type { ProcessorDeps } from './process-record';
import { stageFinder } from './stage-at';
import type { StageContext } from './stage-batch';

/** Metric namespace of every tour-tracker metric (STYLE.md §3). */
export const METRICS_NAMESPACE = 'TourTracker';

/** Builds the processor's clients, adapters and tour data once per cold start; routes are prepared on first use. */
export function makeProcessorDeps(env: ProcessorEnv): ProcessorDeps {
  const endpoint = env.AWS_ENDPOINT_URL;
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint }));
  const s3 = new S3Client({ endpoint, forcePathStyle: endpoint !== undefined });
  const tour = loadTourConfig(env.TOUR_ID);
  const directory = buildDeviceDirectory(deviceAssignmentsFromConfig(tour.config.devices));
  const contexts = new Map<number, StageContext | undefined>();
  const stageContext = (stage: number): StageContext | undefined => {
    if (!contexts.has(stage)) {
      const config = stageOf(tour, stage);
      const route = config.route === null ? undefined : prepareRoute(loadStageRoute(tour, stage));
      contexts.set(stage, route && { key: { tour: env.TOUR_ID, stage }, route, directory });
    }
    return contexts.get(stage);
  };
  return {
    riderStates: new DynamoRiderStateStore(dynamo, env.STATE_TABLE_NAME),
    tracks: new DynamoTrackStore(dynamo, env.STATE_TABLE_NAME),
    quarantine: new S3QuarantineSink(s3, env.QUARANTINE_BUCKET_NAME),
    stageAt: stageFinder(tour.config),
    stageContext,
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'processor' }),
    now: () => Date.now(),
  };
}
