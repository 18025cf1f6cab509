import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand as GetStreamRecordsCommand,
  GetShardIteratorCommand as GetStreamShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import type { DynamoDBRecord, DynamoDBStreamEvent, KinesisStreamEvent } from 'aws-lambda';
import { kinesisRecord } from '../../helpers/kinesis-event';

/**
 * Reads a Kinesis stream the way an event source mapping does: one iterator per shard from TRIM_HORIZON, and each
 * call returns the records that arrived since, as one Lambda event per shard (the bytes as read back).
 */
export class KinesisPoller {
  private readonly iterators = new Map<string, string | undefined>();

  constructor(
    private readonly client: KinesisClient,
    private readonly streamName: string,
    private readonly streamArn: string,
  ) {}

  /** The new records of each shard that has some, as Lambda Kinesis events. */
  async poll(): Promise<KinesisStreamEvent[]> {
    const shards = await this.client.send(new ListShardsCommand({ StreamName: this.streamName }));
    const events: KinesisStreamEvent[] = [];
    for (const shard of shards.Shards ?? []) {
      const shardId = shard.ShardId!;
      let iterator = this.iterators.get(shardId);
      if (!this.iterators.has(shardId)) {
        const start = await this.client.send(
          new GetShardIteratorCommand({
            StreamName: this.streamName,
            ShardId: shardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        );
        iterator = start.ShardIterator;
      }
      const page = await this.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      this.iterators.set(shardId, page.NextShardIterator);
      const records = (page.Records ?? []).map((r) => {
        const record = kinesisRecord(
          Buffer.from(r.Data ?? []).toString('utf8'),
          r.SequenceNumber!,
          r.ApproximateArrivalTimestamp?.getTime(),
        );
        return {
          ...record,
          eventID: `${shardId}:${r.SequenceNumber!}`,
          eventSourceARN: this.streamArn,
          kinesis: { ...record.kinesis, partitionKey: r.PartitionKey! },
        };
      });
      if (records.length > 0) events.push({ Records: records });
    }
    return events;
  }
}

/** Reads a DynamoDB stream like the aggregator's event source mapping: every shard, from TRIM_HORIZON on. */
export class DynamoStreamPoller {
  private readonly iterators = new Map<string, string | undefined>();

  constructor(
    private readonly client: DynamoDBStreamsClient,
    private readonly streamArn: string,
  ) {}

  /** The records written since the last poll, as one Lambda DynamoDB stream event. */
  async poll(): Promise<DynamoDBStreamEvent> {
    const described = await this.client.send(new DescribeStreamCommand({ StreamArn: this.streamArn }));
    const records: DynamoDBRecord[] = [];
    for (const shard of described.StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId!;
      let iterator = this.iterators.get(shardId);
      if (!this.iterators.has(shardId)) {
        const start = await this.client.send(
          new GetStreamShardIteratorCommand({
            StreamArn: this.streamArn,
            ShardId: shardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        );
        iterator = start.ShardIterator;
      }
      const page = await this.client.send(new GetStreamRecordsCommand({ ShardIterator: iterator, Limit: 1_000 }));
      this.iterators.set(shardId, page.NextShardIterator);
      records.push(...(page.Records ?? []).map((r) => lambdaStreamRecord(r, this.streamArn)));
    }
    return { Records: records };
  }
}

/**
 * A stream record as Lambda delivers it: the same fields, with the creation time in epoch seconds. Only S and N
 * attributes occur in the state table, whose SDK and Lambda shapes are the same JSON.
 */
function lambdaStreamRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const change = record.dynamodb ?? {};
  const image = (value: unknown): NonNullable<DynamoDBRecord['dynamodb']>['Keys'] =>
    value === undefined
      ? undefined
      : (JSON.parse(JSON.stringify(value)) as NonNullable<DynamoDBRecord['dynamodb']>['Keys']);
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime:
        change.ApproximateCreationDateTime && change.ApproximateCreationDateTime.getTime() / 1000,
      Keys: image(change.Keys),
      NewImage: image(change.NewImage),
      OldImage: image(change.OldImage),
      SequenceNumber: change.SequenceNumber,
      SizeBytes: change.SizeBytes,
      StreamViewType: change.StreamViewType,
    },
  };
}
