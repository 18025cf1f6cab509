import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyHandler, APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoEventStore } from '../../../lambdas/adapters/dynamo/event-store';
import { DynamoSnapshotStore } from '../../../lambdas/adapters/dynamo/snapshot-store';
import { stateTableCreateInput } from '../../../lambdas/adapters/dynamo/table-definition';
import { DynamoTrackStore } from '../../../lambdas/adapters/dynamo/track-store';
import { SNAPSHOT_COPY_RETENTION_MS } from '../../../core/ports/snapshot-store';
import { tourDataOf } from '../../../lambdas/api/api-deps';
import { createApiHandler } from '../../../lambdas/api/app';
import { makeApiDeps } from '../../../lambdas/api/deps';
import { loadApiEnv } from '../../../lambdas/api/env';
import type { EventsBody } from '../../../lambdas/api/endpoints/events';
import type { GcBody } from '../../../lambdas/api/endpoints/gc';
import type { HistoryBody } from '../../../lambdas/api/endpoints/history';
import type { LiveBody } from '../../../lambdas/api/endpoints/live';
import type { RiderBody } from '../../../lambdas/api/endpoints/rider';
import { prepareRoute } from '../../../core/race';
import { loadStageRoute, loadTourConfig } from '../../../core/tour-config/load';
import { lambdaContext, rideFrames } from '../../helpers/kinesis-event';
import { MOTO_CLIENT_CONFIG, motoHandlerEnv, startMoto, type MotoServer } from '../../helpers/moto';
import { apiEvent, type ApiEventOptions } from '../../helpers/api-event';
import { snapshotAt, STAGE, stageEvent, START_MS } from '../../unit/api/api-fixture';

const TABLE = 'tour-tracker-state';
const STAGE_PATH = '/v1/tours/tdf2022/stages/2';
let moto: MotoServer;
let dynamo: DynamoDBDocumentClient;
let handler: APIGatewayProxyHandler;

beforeAll(async () => {
  moto = await startMoto();
  dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint }));
  await dynamo.send(new CreateTableCommand(stateTableCreateInput(TABLE)));
  Object.assign(process.env, { STATE_TABLE_NAME: TABLE, TOUR_ID: 'tdf2022', ...motoHandlerEnv(moto) });
  ({ handler } = await import('../../../lambdas/api/handler'));
  const snapshots = new DynamoSnapshotStore(dynamo, TABLE);
  for (let s = 0; s <= 60; s += 10) await snapshots.putIfNewer(STAGE, snapshotAt(START_MS + s * 1000, 1_000 + s * 12));
  await new DynamoEventStore(dynamo, TABLE).putAll(STAGE, [
    stageEvent(START_MS + 15_000, 1),
    stageEvent(START_MS + 45_000, 3),
  ]);
  await new DynamoTrackStore(dynamo, TABLE).append(
    STAGE,
    [0, 10, 20, 30, 40, 50, 60].map((s) => ({
      bib: 1,
      tMs: START_MS + s * 1000,
      distanceMeters: 1_000 + s * 12,
      lat: 55.641234567,
      lon: 12.080123456,
    })),
  );
}, 30_000);

afterAll(async () => {
  dynamo.destroy();
  await moto.stop();
});

async function call(
  api: APIGatewayProxyHandler,
  path: string,
  options?: ApiEventOptions,
): Promise<APIGatewayProxyResult> {
  return (await api(apiEvent(path, options), lambdaContext(), () => undefined)) as APIGatewayProxyResult;
}

describe('API handler against moto (DynamoDB adapters)', () => {
  it('serves live, gc, rider and events from the state table', async () => {
    const live = await call(handler, `${STAGE_PATH}/live`);
    const gc = await call(handler, `${STAGE_PATH}/gc`);
    const rider = await call(handler, `${STAGE_PATH}/riders/1`);
    const events = await call(handler, `${STAGE_PATH}/events`, { query: { since: String(START_MS + 15_000) } });

    expect([live, gc, rider, events].map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect(JSON.parse(live.body) as LiveBody).toMatchObject({ tMs: START_MS + 60_000, headBib: 1 });
    expect((JSON.parse(gc.body) as GcBody).standings.map((s) => s.name)).toEqual(['Mikkel Bjerg', 'Tadej Pogacar']);
    const body = JSON.parse(rider.body) as RiderBody;
    expect(body.track).toHaveLength(7);
    expect(body.track[0]).toEqual([START_MS, 12.0801, 55.6412, 1_000]);
    expect((JSON.parse(events.body) as EventsBody).events).toEqual([stageEvent(START_MS + 45_000, 3)]);
  });

  it('answers 304 to a client that holds the current body, and 404 for a stage without data', async () => {
    const first = await call(handler, `${STAGE_PATH}/live`);
    const again = await call(handler, `${STAGE_PATH}/live`, {
      headers: { 'If-None-Match': first.headers!.ETag as string },
    });
    const empty = await call(handler, '/v1/tours/tdf2022/stages/3/live');

    expect(again.statusCode).toBe(304);
    expect(empty.statusCode).toBe(404);
  });

  it('serves the lagged public tier from the time-keyed snapshot copies, and partners in real time', async () => {
    const lagged = loadTourConfig('tdf2022');
    const deps = makeApiDeps(loadApiEnv(process.env));
    const api = createApiHandler({
      ...deps,
      tour: tourDataOf({
        ...lagged,
        config: { ...lagged.config, api: { publicLagSeconds: 30, publicCoordinateDecimals: 4 } },
      }),
      now: () => START_MS + 65_000,
    });

    const live = JSON.parse((await call(api, `${STAGE_PATH}/live`)).body) as LiveBody;
    const events = JSON.parse((await call(api, `${STAGE_PATH}/events`)).body) as EventsBody;
    const partner = JSON.parse((await call(api, `/v1/partner/tours/tdf2022/stages/2/live`)).body) as LiveBody;

    expect(live.tMs).toBe(START_MS + 30_000);
    expect(events.events.map((e) => e.tMs)).toEqual([START_MS + 15_000]);
    expect(partner.tMs).toBe(START_MS + 60_000);
  });

  it('gives each snapshot copy the TTL attribute expiresAt, in epoch seconds', async () => {
    const copies = await dynamo.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :copy)',
        ExpressionAttributeValues: { ':pk': 'STAGE#tdf2022#2', ':copy': 'COPY#SNAPSHOT#' },
      }),
    );

    expect(copies.Items?.map((i) => [i.tMs, i.expiresAt])).toEqual(
      [0, 10, 20, 30, 40, 50, 60].map((s) => {
        const tMs = START_MS + s * 1000;
        return [tMs, Math.floor((tMs + SNAPSHOT_COPY_RETENTION_MS) / 1000)];
      }),
    );
  });
});

describe('DynamoSnapshotStore without time-keyed copies', () => {
  it('writes only the current item, which still serves any time at or after its own', async () => {
    const store = new DynamoSnapshotStore(dynamo, TABLE, false);
    const stage = { tour: 'tdf2022', stage: 5 };
    await store.putIfNewer(stage, snapshotAt(START_MS));
    await store.putIfNewer(stage, snapshotAt(START_MS + 10_000));

    const items = await dynamo.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'STAGE#tdf2022#5' },
      }),
    );

    expect(items.Items?.map((i) => i.sk)).toEqual(['SNAPSHOT']);
    expect((await store.getAtOrBefore(stage, START_MS + 10_000))?.tMs).toBe(START_MS + 10_000);
    await expect(store.getAtOrBefore(stage, START_MS + 5_000)).resolves.toBeUndefined();
  });
});

describe('API partner history against moto (S3 raw archive)', () => {
  it('reads the fixes of one rider in a bounded window from the archived wire frames, oldest first', async () => {
    const s3 = new S3Client({ ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint, forcePathStyle: true });
    const bucket = 'tour-tracker-archive';
    await s3.send(
      new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
    );
    const route = prepareRoute(loadStageRoute(loadTourConfig('tdf2022'), 2));
    const frames = rideFrames(
      route,
      [
        { device: 'TRK-1-A', startMeters: 1_000, speedMetersPerSecond: 12 },
        { device: 'TRK-3-A', startMeters: 990, speedMetersPerSecond: 12 },
      ],
      START_MS,
      2,
    );
    // Firehose concatenates the records it delivers into one object under the arrival hour.
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'raw/tdf2022/2022/07/02/10/fixes-1-2022-07-02-10-15-10-abc',
        Body: frames.map((f) => JSON.stringify(f)).join(''),
      }),
    );
    const api = createApiHandler(makeApiDeps(loadApiEnv({ ...process.env, ARCHIVE_BUCKET_NAME: bucket })));

    const reply = await call(api, '/v1/partner/tours/tdf2022/stages/2/history', {
      query: { bib: '1', from: String(START_MS + 2_000), to: String(START_MS + 7_000) },
    });

    expect(reply.statusCode).toBe(200);
    const body = JSON.parse(reply.body) as HistoryBody;
    const sent = frames
      .flatMap((f) => f.fixes)
      .filter((x) => x.device === 'TRK-1-A' && x.t >= START_MS + 2_000 && x.t < START_MS + 7_000);
    expect(body.fixes.map((x) => [x.bib, x.device, x.tMs, x.lat, x.lon])).toEqual(
      sent.map((x) => [1, 'TRK-1-A', x.t, x.lat, x.lon]),
    );
    expect(body).toMatchObject({ truncated: false, from: START_MS + 2_000, to: START_MS + 7_000 });
    s3.destroy();
  });
});
