import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateDatabaseCommand,
  CreateTableCommand as CreateTimestreamTableCommand,
  TimestreamWriteClient,
} from '@aws-sdk/client-timestream-write';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { KinesisStreamBatchResponse, KinesisStreamHandler } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoTrackStore } from '../../../lambdas/adapters/dynamo/track-store';
import { stateTableCreateInput } from '../../../lambdas/adapters/dynamo/table-definition';
import type { QuarantinedRecord } from '../../../core/ports/quarantine-sink';
import { NOMINAL_DELAY_MS, prepareRoute } from '../../../core/race';
import { loadStageRoute, loadTourConfig } from '../../../core/tour-config/load';
import { kinesisEvent, lambdaContext, rideFrames } from '../../helpers/kinesis-event';
import { MOTO_CLIENT_CONFIG, motoHandlerEnv, startMoto, type MotoServer } from '../../helpers/moto';
import { timestreamRecords } from '../adapters/moto-timestream';

const TABLE = 'tour-tracker-state';
const BUCKET = 'tour-tracker-quarantine';
const HISTORY_DATABASE = 'tour-tracker-history';
const HISTORY_TABLE = 'fixes';
const STAGE_KEY = { tour: 'tdf2022', stage: 2 };
const START_MS = Date.UTC(2022, 6, 2, 10, 30, 0);
let moto: MotoServer;
let dynamo: DynamoDBDocumentClient;
let s3: S3Client;
let handler: KinesisStreamHandler;

beforeAll(async () => {
  moto = await startMoto();
  dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint }));
  s3 = new S3Client({ ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint, forcePathStyle: true });
  await dynamo.send(new CreateTableCommand(stateTableCreateInput(TABLE)));
  const timestream = new TimestreamWriteClient({ ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint });
  await timestream.send(new CreateDatabaseCommand({ DatabaseName: HISTORY_DATABASE }));
  await timestream.send(new CreateTimestreamTableCommand({ DatabaseName: HISTORY_DATABASE, TableName: HISTORY_TABLE }));
  timestream.destroy();
  await s3.send(
    new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
  );
  Object.assign(process.env, {
    STATE_TABLE_NAME: TABLE,
    QUARANTINE_BUCKET_NAME: BUCKET,
    TOUR_ID: 'tdf2022',
    HISTORY_STORE: 'timestream',
    TIMESTREAM_DATABASE_NAME: HISTORY_DATABASE,
    TIMESTREAM_TABLE_NAME: HISTORY_TABLE,
    ...motoHandlerEnv(moto),
  });
  ({ handler } = await import('../../../lambdas/processor/handler'));
}, 30_000);

afterAll(async () => {
  dynamo.destroy();
  s3.destroy();
  await moto.stop();
});

describe('processor against moto', () => {
  it('writes history, rider items and tracks, and quarantines malformed input in S3', async () => {
    const route = prepareRoute(loadStageRoute(loadTourConfig('tdf2022'), STAGE_KEY.stage));
    const riders = [
      { device: 'TRK-1-A', startMeters: 2_000, speedMetersPerSecond: 12 },
      { device: 'TRK-3-A', startMeters: 2_030, speedMetersPerSecond: 12 },
    ];
    const frames = rideFrames(route, riders, START_MS, 4);
    const event = kinesisEvent([frames[0]!, frames[1]!, '{"v":1,"fixes":"nope"}', frames[2]!, frames[3]!]);
    const response = (await handler(event, lambdaContext(), () => undefined)) as KinesisStreamBatchResponse;
    expect(response).toEqual({ batchItemFailures: [] });

    const rider = await dynamo.send(
      new GetCommand({ TableName: TABLE, Key: { pk: 'STAGE#tdf2022#2', sk: 'RIDER#1' } }),
    );
    // Frames reach the relay 500 ms after their last fix, under the nominal delay: the engine corrects the clock.
    expect(rider.Item?.tMs).toBe(START_MS + 19_000 + 500 - NOMINAL_DELAY_MS);
    expect(rider.Item?.distanceMeters).toBeCloseTo(2_000 + 12 * 19, -1);
    const track = await new DynamoTrackStore(dynamo, TABLE).track(STAGE_KEY, 3);
    expect(track.map((p) => p.tMs)).toEqual([START_MS, START_MS + 10_000]);

    const history = await timestreamRecords(moto, HISTORY_DATABASE, HISTORY_TABLE);
    expect(history).toHaveLength(40);
    expect(history[0]?.Dimensions).toContainEqual({ Name: 'rider', Value: '1' });
    expect(history[0]?.MeasureValues?.map((m) => m.Name)).toEqual(
      expect.arrayContaining(['lat', 'lon', 'seq', 'alt', 'km', 'gradient']),
    );

    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    const keys = (listed.Contents ?? []).map((o) => o.Key);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^quarantine\/\d{4}\/\d{2}\/\d{2}\/shardId-000000000000\/3\/bad-shape\.json$/);
    const body = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: keys[0] }));
    const quarantined = JSON.parse(await body.Body!.transformToString()) as QuarantinedRecord;
    expect(quarantined.reason).toBe('bad-shape');
    expect(Buffer.from(quarantined.dataBase64, 'base64').toString()).toBe('{"v":1,"fixes":"nope"}');

    await expect(handler(event, lambdaContext(), () => undefined)).resolves.toEqual({ batchItemFailures: [] });
    const replayed = await dynamo.send(
      new GetCommand({ TableName: TABLE, Key: { pk: 'STAGE#tdf2022#2', sk: 'RIDER#1' } }),
    );
    expect(replayed.Item).toEqual(rider.Item);
    expect(await timestreamRecords(moto, HISTORY_DATABASE, HISTORY_TABLE)).toHaveLength(40);
  });
});
