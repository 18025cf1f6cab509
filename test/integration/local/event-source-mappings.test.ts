import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { DynamoDBStreamEvent, KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateTableCreateInput } from '../../../lambdas/adapters/dynamo/table-definition';
import { LOCAL_AWS } from '../../../local/aws-clients';
import { dynamoStreamReaders, dynamoStreamTarget, sortKeyPrefixFilter } from '../../../local/dynamodb-stream-mapping';
import { startEventSourceMapping, type EventSourceMapping } from '../../../local/event-source-mapping';
import { kinesisTarget } from '../../../local/kinesis-mapping';
import { kinesisShardReader, listShardIds } from '../../../local/kinesis-shards';
import { startMotoProcess, type MotoProcess } from '../../../local/moto-server';
import { sqsOnFailure } from '../../../local/on-failure';
import type { BatchPolicy } from '../../../local/stream-batches';

const POLICY: BatchPolicy = {
  batchSize: 10,
  batchingWindowMillis: 300,
  bisectOnError: true,
  retryAttempts: 4,
  maxRecordAgeMillis: -1,
  retryDelayMillis: 0,
};
let moto: MotoProcess;
let kinesis: KinesisClient;
let sqs: SQSClient;
let dynamo: DynamoDBClient;
let streams: DynamoDBStreamsClient;
const mappings: EventSourceMapping[] = [];

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMillis = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  moto = await startMotoProcess();
  const base = { ...LOCAL_AWS, endpoint: moto.endpoint };
  kinesis = new KinesisClient({ ...base, requestHandler: new NodeHttpHandler() });
  sqs = new SQSClient(base);
  dynamo = new DynamoDBClient(base);
  streams = new DynamoDBStreamsClient(base);
}, 30_000);

afterAll(async () => {
  await Promise.all(mappings.map((m) => m.stop()));
  for (const client of [kinesis, sqs, dynamo, streams]) client?.destroy();
  await moto?.stop();
});

describe('Kinesis event source mapping on moto', () => {
  it('retries a reported record, isolates a poison record by bisection and sends its batch info to the on-failure queue', async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: 'esm-test', ShardCount: 1 }));
    const { StreamDescriptionSummary } = await kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: 'esm-test' }),
    );
    const streamArn = StreamDescriptionSummary!.StreamARN!;
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'esm-test-dlq' }));
    const seen: string[][] = [];
    const failedOnce = new Set<string>();
    const handler = async (event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> => {
      const datas = event.Records.map((r) => Buffer.from(r.kinesis.data, 'base64').toString('utf8'));
      seen.push(datas);
      if (datas.includes('poison')) throw new Error('cannot process poison');
      const flaky = event.Records.find((r, i) => datas[i] === 'flaky' && !failedOnce.has(r.kinesis.sequenceNumber));
      if (flaky) failedOnce.add(flaky.kinesis.sequenceNumber);
      return { batchItemFailures: flaky ? [{ itemIdentifier: flaky.kinesis.sequenceNumber }] : [] };
    };
    const shardIds = await listShardIds(kinesis, 'esm-test');
    const mapping = startEventSourceMapping(
      shardIds.map((id) => kinesisShardReader(kinesis, 'esm-test', id, 'TRIM_HORIZON')),
      kinesisTarget('test-fn', handler, streamArn, (shardId) =>
        sqsOnFailure(sqs, QueueUrl!, {
          kind: 'kinesis',
          streamArn,
          shardId,
          functionArn: 'arn:aws:lambda:::function:test-fn',
        }),
      ),
      POLICY,
      100,
    );
    mappings.push(mapping);

    const datas = ['a', 'flaky', 'b', 'poison', 'c', 'd'];
    const put = await kinesis.send(
      new PutRecordsCommand({
        StreamName: 'esm-test',
        Records: datas.map((d) => ({ PartitionKey: 'k', Data: Buffer.from(d) })),
      }),
    );
    const poisonSequence = put.Records![3]!.SequenceNumber!;
    const message = await eventually('an on-failure message', async () => {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
      return out.Messages?.[0];
    });

    const record = JSON.parse(message.Body!) as {
      requestContext: { condition: string; approximateInvokeCount: number };
      KinesisBatchInfo: {
        shardId: string;
        startSequenceNumber: string;
        endSequenceNumber: string;
        batchSize: number;
        streamArn: string;
      };
    };
    expect(record.requestContext.condition).toBe('RetryAttemptsExhausted');
    expect(record.KinesisBatchInfo).toMatchObject({
      shardId: shardIds[0],
      startSequenceNumber: poisonSequence,
      endSequenceNumber: poisonSequence,
      batchSize: 1,
      streamArn,
    });
    await eventually('every good record delivered', () => (mapping.stats().recordsDelivered === 5 ? true : undefined));
    expect(seen[0]).toEqual(datas);
    const delivered = seen.flat();
    expect(delivered.filter((d) => d === 'flaky').length).toBeGreaterThanOrEqual(2);
    expect(delivered.filter((d) => d === 'poison').length).toBe(POLICY.retryAttempts + 1);
    expect(mapping.stats().givenUpRecords).toBe(1);
  }, 40_000);
});

describe('DynamoDB stream event source mapping on moto', () => {
  it('delivers rider items only, in the Lambda event shape, and skips the rest like the filter criteria', async () => {
    const created = await dynamo.send(
      new CreateTableCommand({
        ...stateTableCreateInput('esm-state'),
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    const streamArn = created.TableDescription!.LatestStreamArn!;
    const events: DynamoDBStreamEvent[] = [];
    const mapping = startEventSourceMapping(
      await dynamoStreamReaders(streams, streamArn, 'TRIM_HORIZON'),
      dynamoStreamTarget(
        'aggregator',
        async (event: DynamoDBStreamEvent) => {
          events.push(event);
          return { batchItemFailures: [] };
        },
        streamArn,
        () => async () => undefined,
        sortKeyPrefixFilter(['RIDER#']),
      ),
      { ...POLICY, batchingWindowMillis: 0 },
      100,
    );
    mappings.push(mapping);

    for (const sk of ['RIDER#1', 'SNAPSHOT', 'TRACK#1#00000000000001', 'RIDER#2']) {
      await dynamo.send(
        new PutItemCommand({
          TableName: 'esm-state',
          Item: { pk: { S: 'STAGE#t#1' }, sk: { S: sk }, newestFixMs: { N: '5' } },
        }),
      );
    }
    await eventually('both rider records', () => (mapping.stats().recordsDelivered === 2 ? true : undefined));

    const records = events.flatMap((e) => e.Records);
    expect(records.map((r) => r.dynamodb?.Keys?.sk?.S)).toEqual(['RIDER#1', 'RIDER#2']);
    expect(records[0]).toMatchObject({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      eventSourceARN: streamArn,
      dynamodb: { NewImage: { newestFixMs: { N: '5' } } },
    });
    expect(typeof records[0]?.dynamodb?.ApproximateCreationDateTime).toBe('number');
    expect(mapping.stats().recordsFiltered).toBe(2);
  }, 30_000);
});
