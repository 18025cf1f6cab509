import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { ArchiveHistoryReader } from '../adapters/archive/history-reader';
import { DynamoEventStore } from '../adapters/dynamo/event-store';
import { DynamoSnapshotStore } from '../adapters/dynamo/snapshot-store';
import { DynamoTrackStore } from '../adapters/dynamo/track-store';
import type { HistoryReader } from '../../core/ports/history-store';
import { TimestreamHistoryReader } from '../adapters/timestream/history-reader';
import { METRICS_NAMESPACE } from '../shared/metrics';
import { teamOfRider } from '../shared/tour-stages';
import { stageFinder } from '../../core/tour-config/stage-at';
import { buildDeviceDirectory, deviceAssignmentsFromConfig } from '../../core/race';
import { loadTourConfig, type LoadedTour } from '../../core/tour-config/load';
import { tourDataOf, type ApiDeps } from './api-deps';
import type { ApiEnv } from './env';

/** Builds the API's clients, adapters and tour data once per cold start; routes are prepared on first use. */
export function makeApiDeps(env: ApiEnv): ApiDeps {
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: env.AWS_ENDPOINT_URL }));
  const tour = loadTourConfig(env.TOUR_ID);
  return {
    tourId: env.TOUR_ID,
    tour: tourDataOf(tour),
    snapshots: new DynamoSnapshotStore(dynamo, env.STATE_TABLE_NAME),
    events: new DynamoEventStore(dynamo, env.STATE_TABLE_NAME),
    tracks: new DynamoTrackStore(dynamo, env.STATE_TABLE_NAME),
    history: historyReaderOf(env, tour),
    corsAllowOrigin: env.CORS_ALLOW_ORIGIN,
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'api' }),
    now: () => Date.now(),
  };
}

/**
 * The partner history source (DESIGN §9): Timestream when the tour has it, else the S3 raw archive when the bucket
 * is given, else none (the history route answers 503).
 */
export function historyReaderOf(env: ApiEnv, tour: LoadedTour): HistoryReader | undefined {
  const endpoint = env.AWS_ENDPOINT_URL;
  if (env.HISTORY_STORE === 'timestream' && env.TIMESTREAM_DATABASE_NAME && env.TIMESTREAM_TABLE_NAME) {
    return new TimestreamHistoryReader(new TimestreamQueryClient({ endpoint }), {
      databaseName: env.TIMESTREAM_DATABASE_NAME,
      tableName: env.TIMESTREAM_TABLE_NAME,
    });
  }
  if (env.ARCHIVE_BUCKET_NAME === undefined) return undefined;
  return new ArchiveHistoryReader(
    new S3Client({ endpoint, forcePathStyle: endpoint !== undefined }),
    env.ARCHIVE_BUCKET_NAME,
    {
      tourId: env.TOUR_ID,
      stageAt: stageFinder(tour.config),
      directory: buildDeviceDirectory(deviceAssignmentsFromConfig(tour.config.devices)),
      teamOf: teamOfRider(tour.config),
    },
  );
}
