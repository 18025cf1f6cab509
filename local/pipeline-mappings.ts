import { RIDER_SORT_KEY_PREFIX } from '../lambdas/adapters/dynamo/table-definition';
import { LOCAL_AWS, type LocalAwsClients } from './aws-clients';
import { dynamoStreamReaders, dynamoStreamTarget, sortKeyPrefixFilter } from './dynamodb-stream-mapping';
import { startEventSourceMapping, type EventSourceMapping } from './event-source-mapping';
import type { LocalHandlers } from './handlers';
import { kinesisTarget } from './kinesis-mapping';
import { kinesisShardReader, listShardIds } from './kinesis-shards';
import { LOCAL_ACCOUNT_ID } from './lambda-context';
import { AGGREGATOR_MAPPING, IDLE_POLL_MILLIS } from './mapping-settings';
import { sqsOnFailure } from './on-failure';
import type { LocalResources } from './resources';
import type { BatchPolicy } from './stream-batches';

/** The two event source mappings of the pipeline, running. */
export interface PipelineMappings {
  /** Ingest stream → processor (one poller per shard, on-failure to the processor DLQ). */
  readonly processor: EventSourceMapping;
  /** State table stream, rider items only → aggregator (on-failure to the aggregator DLQ). */
  readonly aggregator: EventSourceMapping;
}

/** Starts the processor's Kinesis mapping (with `processorPolicy`) and the aggregator's DynamoDB-stream mapping. */
export async function startPipelineMappings(
  clients: LocalAwsClients,
  resources: LocalResources,
  handlers: LocalHandlers,
  processorPolicy: BatchPolicy,
): Promise<PipelineMappings> {
  const { names, streamArn, tableStreamArn } = resources;
  const functionArn = (name: string): string =>
    `arn:aws:lambda:${LOCAL_AWS.region}:${LOCAL_ACCOUNT_ID}:function:${name}`;
  const shardIds = await listShardIds(clients.kinesis, names.stream);
  const processor = startEventSourceMapping(
    shardIds.map((id) => kinesisShardReader(clients.kinesis, names.stream, id, 'TRIM_HORIZON')),
    kinesisTarget('processor', handlers.processor, streamArn, (shardId) =>
      sqsOnFailure(clients.sqs, resources.processorDlqUrl, {
        kind: 'kinesis',
        streamArn,
        shardId,
        functionArn: functionArn('processor'),
      }),
    ),
    processorPolicy,
    IDLE_POLL_MILLIS.kinesis,
  );
  const aggregator = startEventSourceMapping(
    await dynamoStreamReaders(clients.dynamoStreams, tableStreamArn, 'TRIM_HORIZON'),
    dynamoStreamTarget(
      'aggregator',
      handlers.aggregator,
      tableStreamArn,
      (shardId) =>
        sqsOnFailure(clients.sqs, resources.aggregatorDlqUrl, {
          kind: 'dynamodb',
          streamArn: tableStreamArn,
          shardId,
          functionArn: functionArn('aggregator'),
        }),
      sortKeyPrefixFilter([RIDER_SORT_KEY_PREFIX]),
    ),
    AGGREGATOR_MAPPING,
    IDLE_POLL_MILLIS.dynamodb,
  );
  return { processor, aggregator };
}
