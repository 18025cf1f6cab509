import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DescribeStreamCommand, PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  APIGatewayProxyHandler,
  APIGatewayProxyResult,
  DynamoDBBatchResponse,
  KinesisStreamBatchResponse,
  KinesisStreamHandler,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoEventStore } from '../../../lambdas/adapters/dynamo/event-store';
import { stateTableCreateInput } from '../../../lambdas/adapters/dynamo/table-definition';
import type { AggregatorHandler } from '../../../lambdas/aggregator/handler';
import type { EventsBody } from '../../../lambdas/api/endpoints/events';
import type { LiveBody } from '../../../lambdas/api/endpoints/live';
import type { RiderBody } from '../../../lambdas/api/endpoints/rider';
import { pointAtDistance, prepareRoute, type PreparedRoute } from '../../../core/race';
import type { WireFrame } from '../../../core/wire/wire-frame';
import { loadStageRoute, loadTourConfig } from '../../../core/tour-config/load';
import { lambdaContext, rideFrames, type RiderRide } from '../../helpers/kinesis-event';
import { MOTO_CLIENT_CONFIG, motoHandlerEnv, startMoto, type MotoServer } from '../../helpers/moto';
import { createStream, motoKinesis } from '../edge/kinesis-stream';
import { apiEvent } from '../../helpers/api-event';
import { DynamoStreamPoller, KinesisPoller } from './stream-readers';

const TABLE = 'tour-tracker-state';
const BUCKET = 'tour-tracker-quarantine';
const STREAM = 'tour-tracker-fixes';
const STAGE_KEY = { tour: 'tdf2022', stage: 2 };
const START_MS = Date.UTC(2022, 6, 2, 10, 30, 0);
const SPEED = 12;
/** Pogacar (1) and Bjerg (3) and McNulty (6) on their race bikes' trackers (config devices). */
const TOGETHER: RiderRide[] = [
  { device: 'TRK-1-A', startMeters: 1_000, speedMetersPerSecond: SPEED },
  { device: 'TRK-3-A', startMeters: 1_010, speedMetersPerSecond: SPEED },
  { device: 'TRK-6-A', startMeters: 1_020, speedMetersPerSecond: SPEED },
];
/** Two minutes later Pogacar has gone clear by 1.2 km. */
const APART: RiderRide[] = [
  { device: 'TRK-1-A', startMeters: 2_500, speedMetersPerSecond: SPEED },
  { device: 'TRK-3-A', startMeters: 1_300, speedMetersPerSecond: SPEED },
  { device: 'TRK-6-A', startMeters: 1_310, speedMetersPerSecond: SPEED },
];
const APART_MS = START_MS + 120_000;
/** Still clear 80 s later: past the engine's confirmation time, so the breakaway is reported. */
const STILL_APART: RiderRide[] = APART.map((r) => ({ ...r, startMeters: r.startMeters + SPEED * 80 }));
const STILL_APART_MS = APART_MS + 80_000;
const FRAMES_PER_ROUND = 2;
const SECONDS_PER_FRAME = 5;

let moto: MotoServer;
let kinesis: KinesisClient;
let dynamo: DynamoDBDocumentClient;
let streams: DynamoDBStreamsClient;
let s3: S3Client;
let route: PreparedRoute;
let kinesisPoller: KinesisPoller;
let dynamoPoller: DynamoStreamPoller;
let processor: KinesisStreamHandler;
let aggregator: AggregatorHandler;
let api: APIGatewayProxyHandler;

beforeAll(async () => {
  moto = await startMoto();
  const client = { ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint };
  kinesis = motoKinesis(moto.endpoint);
  dynamo = DynamoDBDocumentClient.from(new DynamoDBClient(client));
  streams = new DynamoDBStreamsClient(client);
  s3 = new S3Client({ ...client, forcePathStyle: true });
  await createStream(kinesis, STREAM, 2);
  const table = await dynamo.send(
    new CreateTableCommand({
      ...stateTableCreateInput(TABLE),
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  await s3.send(
    new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
  );
  const described = await kinesis.send(new DescribeStreamCommand({ StreamName: STREAM }));
  kinesisPoller = new KinesisPoller(kinesis, STREAM, described.StreamDescription!.StreamARN!);
  dynamoPoller = new DynamoStreamPoller(streams, table.TableDescription!.LatestStreamArn!);
  Object.assign(process.env, {
    STATE_TABLE_NAME: TABLE,
    QUARANTINE_BUCKET_NAME: BUCKET,
    TOUR_ID: 'tdf2022',
    ...motoHandlerEnv(moto),
  });
  ({ handler: processor } = await import('../../../lambdas/processor/handler'));
  ({ handler: aggregator } = await import('../../../lambdas/aggregator/handler'));
  ({ handler: api } = await import('../../../lambdas/api/handler'));
  route = prepareRoute(loadStageRoute(loadTourConfig('tdf2022'), STAGE_KEY.stage));
}, 30_000);

afterAll(async () => {
  kinesis?.destroy();
  dynamo?.destroy();
  streams?.destroy();
  s3?.destroy();
  await moto?.stop();
});

/** Sends frames as the edge relay does (PutRecords), then runs them through Kinesis → processor → stream → aggregator. */
async function raceThrough(frames: readonly WireFrame[]): Promise<void> {
  const put = await kinesis.send(
    new PutRecordsCommand({
      StreamName: STREAM,
      Records: frames.map((frame, i) => ({
        Data: Buffer.from(JSON.stringify(frame)),
        PartitionKey: `bucket-${i % 4}`,
      })),
    }),
  );
  expect(put.FailedRecordCount ?? 0).toBe(0);
  const kinesisEvents = await kinesisPoller.poll();
  expect(kinesisEvents.flatMap((e) => e.Records)).toHaveLength(frames.length);
  for (const event of kinesisEvents) {
    const processed = (await processor(event, lambdaContext(), () => undefined)) as KinesisStreamBatchResponse;
    expect(processed).toEqual({ batchItemFailures: [] });
  }
  const streamEvent = await dynamoPoller.poll();
  expect(streamEvent.Records.some((r) => r.dynamodb?.Keys?.sk?.S?.startsWith('RIDER#'))).toBe(true);
  const aggregated = (await aggregator(streamEvent, lambdaContext(), () => undefined)) as DynamoDBBatchResponse;
  expect(aggregated).toEqual({ batchItemFailures: [] });
}

async function get(path: string, query?: Record<string, string>): Promise<APIGatewayProxyResult> {
  return (await api(apiEvent(path, { query }), lambdaContext(), () => undefined)) as APIGatewayProxyResult;
}

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

describe('pipeline against moto: Kinesis → processor → DynamoDB → stream → aggregator → API', () => {
  it('serves through the API the riders, positions and events the trackers sent', async () => {
    const together = rideFrames(route, TOGETHER, START_MS, FRAMES_PER_ROUND, SECONDS_PER_FRAME);
    const apart = rideFrames(route, APART, APART_MS, FRAMES_PER_ROUND, SECONDS_PER_FRAME);
    const stillApart = rideFrames(route, STILL_APART, STILL_APART_MS, FRAMES_PER_ROUND, SECONDS_PER_FRAME);
    const lastSecond = FRAMES_PER_ROUND * SECONDS_PER_FRAME - 1;

    await raceThrough(together);
    await raceThrough(apart);
    await raceThrough(stillApart);

    const liveReply = await get('/v1/tours/tdf2022/stages/2/live');
    expect(liveReply.statusCode).toBe(200);
    const live = JSON.parse(liveReply.body) as LiveBody;
    expect(Math.abs(live.tMs - (STILL_APART_MS + lastSecond * 1000))).toBeLessThanOrEqual(1_000);
    expect(live.riders.map((r) => r.bib)).toEqual([1, 3, 6]);
    for (const [i, ride] of STILL_APART.entries()) {
      const rider = live.riders[i]!;
      const sentMeters = ride.startMeters + SPEED * lastSecond;
      expect(Math.abs(rider.distanceMeters - sentMeters)).toBeLessThan(15);
      const sent = pointAtDistance(route, sentMeters);
      // Public coordinates are rounded to 4 decimals (11 m); the matched km may differ from the sent one by a few m.
      expect(Math.abs(rider.lat! - sent.lat)).toBeLessThan(3e-4);
      expect(Math.abs(rider.lon! - sent.lon)).toBeLessThan(3e-4);
      expect(round4(rider.lat!)).toBe(rider.lat);
    }
    expect(live.headBib).toBe(1);
    expect(live.groups.map((g) => [g.kind, [...g.riders].sort()])).toEqual([
      ['breakaway', [1]],
      ['peloton', [3, 6]],
    ]);

    const riderReply = await get('/v1/tours/tdf2022/stages/2/riders/1');
    expect(riderReply.statusCode).toBe(200);
    const rider = JSON.parse(riderReply.body) as RiderBody;
    expect(rider).toMatchObject({ bib: 1, name: 'Tadej Pogacar', snapshotTMs: live.tMs });
    const sentFixes = [...together, ...apart, ...stillApart]
      .flatMap((f) => f.fixes)
      .filter((x) => x.device === 'TRK-1-A');
    // The engine corrects each tracker's clock skew (frames arrive 0.5 s after their last fix), so a track point
    // is a sent fix whose time may move by up to a second; its coordinates are the fix's, rounded for the public.
    for (const [tMs, lon, lat] of rider.track) {
      const sent = sentFixes.find(
        (x) => Math.abs(x.t - tMs) <= 1_000 && round4(x.lon) === lon && round4(x.lat) === lat,
      );
      expect(sent, `track point at ${tMs}`).toBeDefined();
    }
    const buckets = rider.track.map(([tMs]) => Math.floor(tMs / 10_000));
    expect(new Set(buckets).size).toBe(rider.track.length);
    expect(rider.track.map(([tMs]) => tMs)).toEqual([...rider.track.map(([tMs]) => tMs)].sort((a, b) => a - b));
    expect(Math.abs(rider.track[0]![0] - START_MS)).toBeLessThanOrEqual(1_000);
    expect(rider.track.some(([tMs]) => tMs >= STILL_APART_MS - 1_000)).toBe(true);

    const eventsReply = await get('/v1/tours/tdf2022/stages/2/events', { since: '0' });
    expect(eventsReply.statusCode).toBe(200);
    const events = JSON.parse(eventsReply.body) as EventsBody;
    const stored = await new DynamoEventStore(dynamo, TABLE).latest(STAGE_KEY, 100);
    expect(events.events).toEqual([...stored].reverse());
    expect(events.events.find((e) => e.kind === 'breakaway-formed')?.bibs).toEqual([1]);
  });
});
