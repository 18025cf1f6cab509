import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { TimestreamWriteClient } from '@aws-sdk/client-timestream-write';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoRiderStateStore } from '../adapters/dynamo/rider-state-store';
import { DynamoTrackStore } from '../adapters/dynamo/track-store';
import type { HistoryWriter } from '../../core/ports/history-store';
import { S3QuarantineSink } from '../adapters/s3/quarantine-sink';
import { TimestreamHistoryWriter } from '../adapters/timestream/history-writer';
import { buildDeviceDirectory, deviceAssignmentsFromConfig } from '../../core/race';
import { loadTourConfig, stageOf } from '../../core/tour-config/load';
import { isTimeTrial } from '../../core/tour-config/schema';
import type { ProcessorEnv } from './env';
import { METRICS_NAMESPACE } from '../shared/metrics';
import { perStage, stageRoutesOf, teamOfRider } from '../shared/tour-stages';
import type { ProcessorDeps } from './process-record';
import { stageFinder } from '../../core/tour-config/stage-at';
import type { StageContext } from './stage-batch';

/** Builds the processor's clients, adapters and tour data once per cold start; routes are prepared on first use. */
export function makeProcessorDeps(env: ProcessorEnv): ProcessorDeps {
  const endpoint = env.AWS_ENDPOINT_URL;
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint }));
  const s3 = new S3Client({ endpoint, forcePathStyle: endpoint !== undefined });
  const tour = loadTourConfig(env.TOUR_ID);
  const directory = buildDeviceDirectory(deviceAssignmentsFromConfig(tour.config.devices));
  const teamOf = teamOfRider(tour.config);
  const routeOf = stageRoutesOf(tour);
  const stageContext = perStage((stage): StageContext | undefined => {
    const timeTrial = isTimeTrial(stageOf(tour, stage));
    const route = routeOf(stage);
    return route && { key: { tour: env.TOUR_ID, stage }, route, directory, teamOf, timeTrial };
  });
  return {
    riderStates: new DynamoRiderStateStore(dynamo, env.STATE_TABLE_NAME),
    tracks: new DynamoTrackStore(dynamo, env.STATE_TABLE_NAME),
    quarantine: new S3QuarantineSink(s3, env.QUARANTINE_BUCKET_NAME),
    history: historyWriterOf(env),
    stageAt: stageFinder(tour.config),
    stageContext,
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'processor' }),
    now: () => Date.now(),
  };
}

/** The Timestream writer when the tour keeps history there, else undefined (the archive is the history). */
function historyWriterOf(env: ProcessorEnv): HistoryWriter | undefined {
  if (env.HISTORY_STORE !== 'timestream' || !env.TIMESTREAM_DATABASE_NAME || !env.TIMESTREAM_TABLE_NAME)
    return undefined;
  // Endpoint discovery is the SDK's default in AWS; the override (moto) skips it.
  const client = new TimestreamWriteClient({ endpoint: env.AWS_ENDPOINT_URL });
  return new TimestreamHistoryWriter(client, {
    databaseName: env.TIMESTREAM_DATABASE_NAME,
    tableName: env.TIMESTREAM_TABLE_NAME,
  });
}
