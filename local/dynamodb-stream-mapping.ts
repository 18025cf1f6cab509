import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent, Handler } from 'aws-lambda';
import type { MappingTarget } from './event-source-mapping';
import type { StartingPosition } from './kinesis-shards';
import { invokeHandler } from './lambda-context';
import type { ShardReader } from './shard-poller';
import type { GivenUpBatch, StreamRecordRef } from './stream-batches';
import { LocalAwsError } from './errors';

/** A DynamoDB stream record as the local poller holds it: the SDK record plus what the mapping needs. */
export interface LocalDynamoRecord extends StreamRecordRef {
  readonly record: StreamRecord;
}

/** Shard readers of every shard of a table stream (moto keeps one shard that never splits). */
export async function dynamoStreamReaders(
  streams: DynamoDBStreamsClient,
  streamArn: string,
  startingPosition: StartingPosition,
): Promise<ShardReader<LocalDynamoRecord>[]> {
  const described = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const shardIds = (described.StreamDescription?.Shards ?? []).flatMap((s) => (s.ShardId ? [s.ShardId] : []));
  return shardIds.map((shardId) => ({
    shardId,
    async openIterator() {
      const out = await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: startingPosition }),
      );
      if (!out.ShardIterator)
        throw new LocalAwsError(`GetShardIterator returned no iterator for ${streamArn}/${shardId}`);
      return out.ShardIterator;
    },
    async getRecords(iterator) {
      const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1_000 }));
      const records = (out.Records ?? []).map((record) => ({
        record,
        sequenceNumber: record.dynamodb?.SequenceNumber ?? '',
        arrivalMs: record.dynamodb?.ApproximateCreationDateTime?.getTime() ?? Date.now(),
      }));
      return { records, nextIterator: out.NextShardIterator };
    },
  }));
}

/** A stream record in Lambda's event shape: creation time in epoch seconds, the stream ARN on each record. */
export function dynamoEventRecord(local: LocalDynamoRecord, streamArn: string): DynamoDBRecord {
  const { record } = local;
  const change = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource ?? 'aws:dynamodb',
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(change as DynamoDBRecord['dynamodb']),
      ApproximateCreationDateTime: Math.floor(local.arrivalMs / 1000),
    },
  } as DynamoDBRecord;
}

/**
 * Lambda filter criteria as a predicate: the item's sort key starts with one of `prefixes` (the aggregator's
 * mapping passes rider items only, so the snapshot and events it writes never trigger it again).
 */
export function sortKeyPrefixFilter(prefixes: readonly string[]): (record: LocalDynamoRecord) => boolean {
  return ({ record }) => {
    const sk = record.dynamodb?.Keys?.sk?.S;
    return sk !== undefined && prefixes.some((p) => sk.startsWith(p));
  };
}

/** The mapping target of a DynamoDB-stream handler: builds `DynamoDBStreamEvent`s, reads its partial batch response. */
export function dynamoStreamTarget(
  functionName: string,
  handler: Handler<DynamoDBStreamEvent, DynamoDBBatchResponse | void>,
  streamArn: string,
  onFailure: (shardId: string) => (batch: GivenUpBatch<LocalDynamoRecord>) => Promise<void>,
  filter?: (record: LocalDynamoRecord) => boolean,
): MappingTarget<LocalDynamoRecord> {
  return {
    functionName,
    onFailure,
    ...(filter && { filter }),
    async invoke(records, _shardId, context) {
      const event: DynamoDBStreamEvent = { Records: records.map((r) => dynamoEventRecord(r, streamArn)) };
      const response = await invokeHandler(handler, event, context);
      return { failedSequenceNumbers: (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier) };
    },
  };
}
