import type {
  KinesisStreamBatchResponse,
  KinesisStreamEvent,
  KinesisStreamHandler,
  KinesisStreamRecord,
} from 'aws-lambda';
import { LOCAL_AWS } from './aws-clients';
import type { MappingTarget } from './event-source-mapping';
import type { LocalKinesisRecord } from './kinesis-shards';
import { invokeHandler, LOCAL_ACCOUNT_ID } from './lambda-context';
import type { GivenUpBatch } from './stream-batches';

/** A Kinesis record in the shape Lambda delivers it (data base64, arrival in epoch seconds). */
export function kinesisEventRecord(
  record: LocalKinesisRecord,
  shardId: string,
  streamArn: string,
  role: string,
): KinesisStreamRecord {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.partitionKey,
      sequenceNumber: record.sequenceNumber,
      data: Buffer.from(record.data).toString('base64'),
      approximateArrivalTimestamp: record.arrivalMs / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${record.sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: role,
    awsRegion: LOCAL_AWS.region,
    eventSourceARN: streamArn,
  };
}

/** The mapping target of a Kinesis handler: builds `KinesisStreamEvent`s and reads its partial batch response. */
export function kinesisTarget(
  functionName: string,
  handler: KinesisStreamHandler,
  streamArn: string,
  onFailure: (shardId: string) => (batch: GivenUpBatch<LocalKinesisRecord>) => Promise<void>,
): MappingTarget<LocalKinesisRecord> {
  const role = `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/${functionName}`;
  return {
    functionName,
    onFailure,
    async invoke(records, shardId, context) {
      const event: KinesisStreamEvent = {
        Records: records.map((r) => kinesisEventRecord(r, shardId, streamArn, role)),
      };
      const response = (await invokeHandler(handler, event, context)) as KinesisStreamBatchResponse | undefined;
      return { failedSequenceNumbers: (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier ?? '') };
    },
  };
}
