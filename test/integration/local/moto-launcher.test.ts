import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateTableCreateInput } from '../../../lambdas/adapters/dynamo/table-definition';
import { LOCAL_AWS } from '../../../local/aws-clients';
import { motoRequestFigures, startMotoProcess, type MotoProcess } from '../../../local/moto-server';

/**
 * The launcher's speed-ups (local/moto-launcher.py) must not change a single answer: the same calls go to moto as
 * shipped and to moto as local mode runs it, and the answers are compared whole.
 */
let plain: MotoProcess;
let patched: MotoProcess;

beforeAll(async () => {
  [plain, patched] = await Promise.all([startMotoProcess({ plain: true }), startMotoProcess()]);
}, 30_000);

afterAll(async () => {
  await Promise.all([plain?.stop(), patched?.stop()]);
});

const TABLE = 'launcher-check';
const PK = 'STAGE#t#1';

/** Everything the pipeline asks of DynamoDB, on a partition with riders, tracks and events, and its answers. */
async function script(endpoint: string): Promise<unknown[]> {
  const base = { ...LOCAL_AWS, endpoint };
  const raw = new DynamoDBClient(base);
  const dynamo = DynamoDBDocumentClient.from(raw);
  const streams = new DynamoDBStreamsClient(base);
  try {
    const created = await raw.send(
      new CreateTableCommand({
        ...stateTableCreateInput(TABLE),
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );
    const answers: unknown[] = [];
    const track = Array.from({ length: 120 }, (_, i) => ({
      pk: PK,
      sk: `TRACK#${(i % 4) + 1}#${String(i * 10_000).padStart(14, '0')}`,
      tMs: i * 10_000,
      lat: 45 + i / 1000,
    }));
    for (let i = 0; i < track.length; i += 25) {
      await dynamo.send(
        new BatchWriteCommand({
          RequestItems: { [TABLE]: track.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
        }),
      );
    }
    for (const bib of [1, 2, 3, 12]) {
      await dynamo.send(
        new PutCommand({ TableName: TABLE, Item: { pk: PK, sk: `RIDER#${bib}`, newestFixMs: 5, state: '{}' } }),
      );
    }
    for (const t of [10, 20, 30]) {
      await dynamo.send(new PutCommand({ TableName: TABLE, Item: { pk: PK, sk: `EVENT#${t}#e${t}`, tMs: t } }));
    }
    await dynamo.send(new PutCommand({ TableName: TABLE, Item: { pk: 'STAGE#t#2', sk: 'RIDER#1', newestFixMs: 1 } }));
    const condition = { ConditionExpression: 'attribute_not_exists(pk) OR newestFixMs < :t' };
    for (const t of [9, 3, 9, 11]) {
      const put = new PutCommand({
        TableName: TABLE,
        Item: { pk: PK, sk: 'RIDER#1', newestFixMs: t, state: `{"t":${t}}` },
        ...condition,
        ExpressionAttributeValues: { ':t': t },
      });
      answers.push(
        await dynamo.send(put).then(
          () => 'written',
          (e: Error) => e.name,
        ),
      );
    }
    const queries: Omit<QueryCommandInput, 'TableName'>[] = [
      {
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': PK, ':s': 'TRACK#2#' },
      },
      {
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': PK, ':s': 'RIDER#1' },
      },
      {
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':p': PK, ':a': 'EVENT#15', ':b': 'EVENT#30~' },
      },
      {
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':p': PK, ':a': 'EVENT#10#e10', ':b': 'EVENT#30#e30' },
      },
      { KeyConditionExpression: 'pk = :p AND sk < :s', ExpressionAttributeValues: { ':p': PK, ':s': 'RIDER#2' } },
      { KeyConditionExpression: 'pk = :p AND sk >= :s', ExpressionAttributeValues: { ':p': PK, ':s': 'TRACK#4#' } },
      { KeyConditionExpression: 'pk = :p AND sk = :s', ExpressionAttributeValues: { ':p': PK, ':s': 'RIDER#12' } },
      { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'STAGE#t#2' } },
      { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'STAGE#t#9' } },
      {
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': PK, ':s': 'TRACK#' },
        ScanIndexForward: false,
        Limit: 7,
      },
      {
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        FilterExpression: 'lat > :l',
        ExpressionAttributeValues: { ':p': PK, ':s': 'TRACK#1#', ':l': 45.05 },
        ProjectionExpression: 'sk, lat',
      },
    ];
    for (const q of queries) {
      let page = await dynamo.send(new QueryCommand({ TableName: TABLE, ...q }));
      answers.push(page);
      while (page.LastEvaluatedKey !== undefined) {
        page = await dynamo.send(
          new QueryCommand({ TableName: TABLE, ...q, ExclusiveStartKey: page.LastEvaluatedKey }),
        );
        answers.push(page);
      }
    }
    answers.push(
      await dynamo.send(
        new BatchGetCommand({
          RequestItems: {
            [TABLE]: { Keys: [1, 2, 7].map((bib) => ({ pk: PK, sk: `RIDER#${bib}` })), ConsistentRead: true },
          },
        }),
      ),
      await dynamo.send(new GetCommand({ TableName: TABLE, Key: { pk: PK, sk: 'RIDER#1' } })),
    );
    const streamArn = created.TableDescription?.LatestStreamArn;
    const shard = (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription
      ?.Shards?.[0];
    const iterator = await streams.send(
      new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard?.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    const records = await streams.send(new GetRecordsCommand({ ShardIterator: iterator.ShardIterator, Limit: 1000 }));
    answers.push(
      (records.Records ?? []).map((r) => ({
        eventName: r.eventName,
        keys: r.dynamodb?.Keys,
        image: r.dynamodb?.NewImage,
      })),
    );
    return answers.map((a) => strip(a));
  } finally {
    raw.destroy();
    streams.destroy();
  }
}

/** Drops what differs per call whatever the server: request ids and the SDK's own metadata. */
function strip(answer: unknown): unknown {
  if (typeof answer !== 'object' || answer === null) return answer;
  const { $metadata: _metadata, ...rest } = answer as Record<string, unknown>;
  return rest;
}

describe('moto as local mode runs it', () => {
  it('answers every call of the pipeline exactly as moto as shipped does', async () => {
    const [expected, actual] = await Promise.all([script(plain.endpoint), script(patched.endpoint)]);

    expect(actual).toEqual(expected);
    expect(JSON.stringify(expected)).toContain('TRACK#2#');
    expect(expected.slice(0, 4)).toEqual([
      'written',
      'ConditionalCheckFailedException',
      'ConditionalCheckFailedException',
      'written',
    ]);
  });

  it('applies its speed-ups, skips them when asked to run plain, and counts requests per operation', async () => {
    const [withPatches, without] = await Promise.all([
      motoRequestFigures(patched.endpoint),
      motoRequestFigures(plain.endpoint),
    ]);

    expect(withPatches.patches).toEqual([
      'module-list',
      'method-names',
      'attribute-aliases',
      'present-members',
      'query-one-partition',
      'condition-lexing',
    ]);
    expect(without.patches).toEqual([]);
    expect(withPatches.operations.Query?.requests).toBe(without.operations.Query?.requests);
    expect(withPatches.operations.Query?.requests).toBeGreaterThanOrEqual(10);
  });
});
