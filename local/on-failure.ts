import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { GivenUpBatch, StreamRecordRef } from './stream-batches';

/** Which stream a given-up batch came from; names the batch-info key of the on-failure record. */
export interface OnFailureSource {
  readonly kind: 'kinesis' | 'dynamodb';
  readonly streamArn: string;
  readonly shardId: string;
  readonly functionArn: string;
}

/**
 * The invocation record Lambda sends to an on-failure destination for a stream batch it gave up on: metadata only
 * (shard and sequence range), never the records, so the batch is replayed from the stream or the archive.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html
 */
export function onFailureRecord<R extends StreamRecordRef>(
  source: OnFailureSource,
  batch: GivenUpBatch<R>,
  nowMs: number,
): Record<string, unknown> {
  const first = batch.records[0];
  const last = batch.records[batch.records.length - 1];
  const batchInfo = {
    shardId: source.shardId,
    startSequenceNumber: first?.sequenceNumber,
    endSequenceNumber: last?.sequenceNumber,
    approximateArrivalOfFirstRecord: first && new Date(first.arrivalMs).toISOString(),
    approximateArrivalOfLastRecord: last && new Date(last.arrivalMs).toISOString(),
    batchSize: batch.records.length,
    streamArn: source.streamArn,
  };
  return {
    requestContext: {
      requestId: crypto.randomUUID(),
      functionArn: source.functionArn,
      condition: batch.condition,
      approximateInvokeCount: batch.invokeCount,
    },
    responseContext: {
      statusCode: 200,
      executedVersion: '$LATEST',
      ...(batch.lastError !== undefined && { functionError: 'Unhandled' }),
    },
    version: '1.0',
    timestamp: new Date(nowMs).toISOString(),
    [source.kind === 'kinesis' ? 'KinesisBatchInfo' : 'DDBStreamBatchInfo']: batchInfo,
  };
}

/** Sends the on-failure record of a given-up batch to an SQS queue (the mapping's `onFailure: SqsDlq`). */
export function sqsOnFailure<R extends StreamRecordRef>(
  sqs: SQSClient,
  queueUrl: string,
  source: OnFailureSource,
): (batch: GivenUpBatch<R>) => Promise<void> {
  return async (batch) => {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(onFailureRecord(source, batch, Date.now())),
      }),
    );
  };
}
