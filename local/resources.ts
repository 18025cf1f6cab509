import { CreateTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateEventBusCommand } from '@aws-sdk/client-eventbridge';
import { CreateStreamCommand, DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import {
  CreateDatabaseCommand,
  CreateTableCommand as CreateTimestreamTableCommand,
} from '@aws-sdk/client-timestream-write';
import { STATE_TABLE_STREAM_VIEW, stateTableCreateInput } from '../lambdas/adapters/dynamo/table-definition';
import { SNAPSHOT_COPY_TTL_ATTRIBUTE } from '../core/ports/snapshot-store';
import type { HistoryStore } from '../core/tour-config/schema';
import { LOCAL_AWS, type LocalAwsClients } from './aws-clients';
import type { LocalResourceNames } from './resource-names';
import { LocalAwsError } from './errors';

/** What the stacks would have created, as local mode created it in moto. */
export interface LocalResources {
  readonly names: LocalResourceNames;
  readonly streamArn: string;
  /** ARN of the state table's stream (`STATE_TABLE_STREAM_VIEW`, like StorageConstruct). */
  readonly tableStreamArn: string;
  readonly processorDlqUrl: string;
  readonly aggregatorDlqUrl: string;
  readonly historyStore: HistoryStore;
}

/** How to create them. */
export interface LocalResourceOptions {
  /** Shards of the ingest stream (provisioned); the tour's `capacity.raceShards`. */
  readonly shardCount: number;
  /** The tour's `history.store`: create the Timestream database and table only for `timestream`. */
  readonly historyStore: HistoryStore;
}

/**
 * Creates the stacks' resources in moto: the ingest stream, the state table (its shape from `stateTableCreateInput`,
 * shared with the CDK) with its stream and TTL, the archive and quarantine buckets, the two on-failure queues, the
 * event bus and, for `history.store: timestream`, the Timestream database and table. moto makes each ACTIVE at once.
 */
export async function createLocalResources(
  clients: LocalAwsClients,
  names: LocalResourceNames,
  options: LocalResourceOptions,
): Promise<LocalResources> {
  await clients.kinesis.send(new CreateStreamCommand({ StreamName: names.stream, ShardCount: options.shardCount }));
  const stream = await clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: names.stream }));
  const table = await clients.dynamo.send(
    new CreateTableCommand({
      ...stateTableCreateInput(names.stateTable),
      StreamSpecification: { StreamEnabled: true, StreamViewType: STATE_TABLE_STREAM_VIEW },
    }),
  );
  await clients.dynamo.send(
    new UpdateTimeToLiveCommand({
      TableName: names.stateTable,
      TimeToLiveSpecification: { Enabled: true, AttributeName: SNAPSHOT_COPY_TTL_ATTRIBUTE },
    }),
  );
  for (const bucket of [names.archiveBucket, names.quarantineBucket]) {
    await clients.s3.send(
      new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: LOCAL_AWS.region } }),
    );
  }
  const [processorDlqUrl, aggregatorDlqUrl] = await Promise.all(
    [names.processorDlq, names.aggregatorDlq].map(async (QueueName) => {
      const created = await clients.sqs.send(new CreateQueueCommand({ QueueName }));
      if (!created.QueueUrl) throw new LocalAwsError(`CreateQueue ${QueueName} returned no QueueUrl`);
      return created.QueueUrl;
    }),
  );
  await clients.events.send(new CreateEventBusCommand({ Name: names.eventBus }));
  if (options.historyStore === 'timestream') {
    await clients.timestream.send(new CreateDatabaseCommand({ DatabaseName: names.timestreamDatabase }));
    await clients.timestream.send(
      new CreateTimestreamTableCommand({ DatabaseName: names.timestreamDatabase, TableName: names.timestreamTable }),
    );
  }
  const streamArn = stream.StreamDescriptionSummary?.StreamARN;
  const tableStreamArn = table.TableDescription?.LatestStreamArn;
  if (!streamArn || !tableStreamArn || !processorDlqUrl || !aggregatorDlqUrl) {
    throw new LocalAwsError('moto did not return the ARNs and URLs of the local resources');
  }
  return { names, streamArn, tableStreamArn, processorDlqUrl, aggregatorDlqUrl, historyStore: options.historyStore };
}
