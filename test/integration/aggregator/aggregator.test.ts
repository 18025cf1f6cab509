import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoEventStore } from '../../../lambdas/adapters/dynamo/event-store';
import { DynamoRiderStateStore } from '../../../lambdas/adapters/dynamo/rider-state-store';
import { DynamoSnapshotStore } from '../../../lambdas/adapters/dynamo/snapshot-store';
import { stateTableCreateInput } from '../../../lambdas/adapters/dynamo/table-definition';
import type { StoredRider } from '../../../lambdas/adapters/rider-state-store';
import type { AggregatorHandler } from '../../../lambdas/aggregator/handler';
import { raceFixesOf } from '../../../lambdas/processor/decode-record';
import { applyStageFixes } from '../../../lambdas/processor/stage-batch';
import { buildDeviceDirectory, deviceAssignmentsFromConfig, prepareRoute } from '../../../lambdas/race';
import { loadStageRoute, loadTourConfig } from '../../../lib/tour-config/load';
import { eventStoreContract } from '../../helpers/contracts/event-store.contract';
import { snapshotStoreContract } from '../../helpers/contracts/snapshot-store.contract';
import { riderStreamEvent } from '../../helpers/dynamodb-stream-event';
import { lambdaContext, rideFrames, type RiderRide } from '../../helpers/kinesis-event';
import { MOTO_CLIENT_CONFIG, motoHandlerEnv, startMoto, type MotoServer } from '../../helpers/moto';

const TABLE = 'tour-tracker-state';
const STAGE_KEY = { tour: 'tdf2022', stage: 2 };
const START_MS = Date.UTC(2022, 6, 2, 10, 30, 0);
let moto: MotoServer;
let dynamo: DynamoDBDocumentClient;
let handler: AggregatorHandler;

beforeAll(async () => {
  moto = await startMoto();
  dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint }));
  await dynamo.send(new CreateTableCommand(stateTableCreateInput(TABLE)));
  Object.assign(process.env, {
    STATE_TABLE_NAME: TABLE,
    TOUR_ID: 'tdf2022',
    ...motoHandlerEnv(moto),
  });
  ({ handler } = await import('../../../lambdas/aggregator/handler'));
}, 30_000);

afterAll(async () => {
  dynamo.destroy();
  await moto.stop();
});

snapshotStoreContract('DynamoSnapshotStore', () => new DynamoSnapshotStore(dynamo, TABLE));
eventStoreContract('DynamoEventStore', () => new DynamoEventStore(dynamo, TABLE));

describe('aggregator against moto', () => {
  it('writes the snapshot item and the event items from the stored rider items', async () => {
    const tour = loadTourConfig('tdf2022');
    const route = prepareRoute(loadStageRoute(tour, STAGE_KEY.stage));
    const context = {
      key: STAGE_KEY,
      route,
      directory: buildDeviceDirectory(deviceAssignmentsFromConfig(tour.config.devices)),
    };
    const ridersAfter = (rides: RiderRide[], startMs: number): StoredRider[] => [
      ...applyStageFixes(new Map(), rideFrames(route, rides, startMs, 2).flatMap(raceFixesOf), context).riders,
    ];
    const riderStates = new DynamoRiderStateStore(dynamo, TABLE);
    const run = async (riders: StoredRider[], firstSequence: number): Promise<DynamoDBBatchResponse> => {
      await riderStates.putIfNewer(STAGE_KEY, riders);
      return (await handler(
        riderStreamEvent(STAGE_KEY, riders, firstSequence),
        lambdaContext(),
        () => undefined,
      )) as DynamoDBBatchResponse;
    };
    const together = ridersAfter(
      [
        { device: 'TRK-1-A', startMeters: 1_000, speedMetersPerSecond: 12 },
        { device: 'TRK-3-A', startMeters: 1_010, speedMetersPerSecond: 12 },
        { device: 'TRK-6-A', startMeters: 1_020, speedMetersPerSecond: 12 },
      ],
      START_MS,
    );
    await expect(run(together, 1)).resolves.toEqual({ batchItemFailures: [] });
    const apart = ridersAfter(
      [
        { device: 'TRK-1-A', startMeters: 2_500, speedMetersPerSecond: 12 },
        { device: 'TRK-3-A', startMeters: 1_300, speedMetersPerSecond: 12 },
        { device: 'TRK-6-A', startMeters: 1_310, speedMetersPerSecond: 12 },
      ],
      START_MS + 120_000,
    );
    await expect(run(apart, 4)).resolves.toEqual({ batchItemFailures: [] });
    await expect(run(apart, 4)).resolves.toEqual({ batchItemFailures: [] });

    const items = await dynamo.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk AND sk >= :from',
        ExpressionAttributeValues: { ':pk': 'STAGE#tdf2022#2', ':from': 'EVENT#' },
      }),
    );
    const tMs = START_MS + 129_000;
    expect(items.Items?.filter((i) => !String(i.sk).startsWith('RIDER#')).map((i) => [i.sk, i.tMs])).toEqual([
      [`EVENT#0${tMs}#2-breakaway-formed-${tMs}`, tMs],
      ['SNAPSHOT', tMs],
    ]);
    const snapshot = await new DynamoSnapshotStore(dynamo, TABLE).get(STAGE_KEY);
    expect(snapshot?.groups.map((g) => [g.kind, g.riders])).toEqual([
      ['breakaway', [1]],
      ['peloton', [6, 3]],
    ]);
    const events = await new DynamoEventStore(dynamo, TABLE).latest(STAGE_KEY, 5);
    expect(events.map((e) => e.text)).toEqual(['Breakaway at km 2.6: Tadej Pogacar.']);
  });
});
