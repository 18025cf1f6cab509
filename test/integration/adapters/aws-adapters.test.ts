import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { DynamoRiderStateStore } from '../../../lambdas/adapters/dynamo/rider-state-store';
import { stateTableCreateInput } from '../../../lambdas/adapters/dynamo/table-definition';
import { DynamoTrackStore } from '../../../lambdas/adapters/dynamo/track-store';
import type { QuarantinedRecord } from '../../../core/ports/quarantine-sink';
import { S3QuarantineSink } from '../../../lambdas/adapters/s3/quarantine-sink';
import { quarantineSinkContract } from '../../helpers/contracts/quarantine-sink.contract';
import { riderStateStoreContract } from '../../helpers/contracts/rider-state-store.contract';
import { trackStoreContract } from '../../helpers/contracts/track-store.contract';
import { MOTO_CLIENT_CONFIG, startMoto, type MotoServer } from '../../helpers/moto';

const TABLE = 'tour-tracker-state';
let moto: MotoServer;
let dynamo: DynamoDBDocumentClient;
let s3: S3Client;
let bucketCount = 0;

beforeAll(async () => {
  moto = await startMoto();
  dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint }));
  s3 = new S3Client({ ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint, forcePathStyle: true });
  await dynamo.send(new CreateTableCommand(stateTableCreateInput(TABLE)));
}, 30_000);

afterAll(async () => {
  dynamo.destroy();
  s3.destroy();
  await moto.stop();
});

async function readBucket(bucket: string): Promise<ReadonlyMap<string, QuarantinedRecord>> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  const objects = new Map<string, QuarantinedRecord>();
  for (const { Key } of listed.Contents ?? []) {
    const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
    objects.set(Key ?? '', JSON.parse(await body.Body!.transformToString()) as QuarantinedRecord);
  }
  return objects;
}

riderStateStoreContract('DynamoRiderStateStore', () => new DynamoRiderStateStore(dynamo, TABLE));
trackStoreContract('DynamoTrackStore', () => new DynamoTrackStore(dynamo, TABLE));
quarantineSinkContract('S3QuarantineSink', async () => {
  bucketCount += 1;
  const bucket = `quarantine-${bucketCount}`;
  await s3.send(
    new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
  );
  return { sink: new S3QuarantineSink(s3, bucket), read: () => readBucket(bucket) };
});
