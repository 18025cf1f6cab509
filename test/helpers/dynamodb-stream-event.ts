import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StoredRider } from '../../core/ports/rider-state-store';
import { riderSortKey } from '../../lambdas/adapters/dynamo/table-definition';
import { stagePartitionKey, type StageKey } from '../../core/ports/stage-key';

/** A stream record of any state-table item (keys only, plus `newestFixMs` when given), as DynamoDB sends it. */
export function streamRecord(
  pk: string,
  sk: string,
  sequenceNumber: string,
  newestFixMs?: number,
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE' = 'MODIFY',
): DynamoDBRecord {
  const keys = { pk: { S: pk }, sk: { S: sk } };
  return {
    eventID: `event-${sequenceNumber}`,
    eventName,
    eventSource: 'aws:dynamodb',
    eventVersion: '1.1',
    awsRegion: 'eu-west-1',
    eventSourceARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/tour-tracker-state/stream/2022-07-01T00:00:00.000',
    dynamodb: {
      Keys: keys,
      SequenceNumber: sequenceNumber,
      StreamViewType: 'NEW_IMAGE',
      SizeBytes: 100,
      ...(newestFixMs === undefined || eventName === 'REMOVE'
        ? {}
        : { NewImage: { ...keys, newestFixMs: { N: String(newestFixMs) } } }),
    },
  };
}

/** The stream record of a rider item written by the processor; `withState` puts its state blob in the image. */
export function riderStreamRecord(
  stage: StageKey,
  rider: StoredRider,
  sequenceNumber: string,
  withState = false,
): DynamoDBRecord {
  const record = streamRecord(stagePartitionKey(stage), riderSortKey(rider.bib), sequenceNumber, rider.newestFixMs);
  if (!withState || record.dynamodb?.NewImage === undefined) return record;
  return {
    ...record,
    dynamodb: { ...record.dynamodb, NewImage: { ...record.dynamodb.NewImage, state: { S: JSON.stringify(rider) } } },
  };
}

/** A stream event of the rider items, sequence numbers from `firstSequence` on. */
export function riderStreamEvent(
  stage: StageKey,
  riders: readonly StoredRider[],
  firstSequence = 1,
): DynamoDBStreamEvent {
  return { Records: riders.map((r, i) => riderStreamRecord(stage, r, String(firstSequence + i))) };
}
