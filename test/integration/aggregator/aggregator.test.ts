import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoEventStore } from '../../../lambdas/adapters/dynamo/event-store';
import { DynamoPassageStore } from '../../../lambdas/adapters/dynamo/passage-store';
import { DynamoRiderStateStore } from '../../../lambdas/adapters/dynamo/rider-state-store';
import { DynamoSnapshotStore } from '../../../lambdas/adapters/dynamo/snapshot-store';
import { stateTableCreateInput } from '../../../lambdas/adapters/dynamo/table-definition';
import type { StoredRider } from '../../../core/ports/rider-state-store';
import type { AggregatorHandler } from '../../../lambdas/aggregator/handler';
import { raceFixesOf } from '../../../core/wire/decode-record';
import { applyStageFixes } from '../../../lambdas/processor/stage-batch';
import { buildDeviceDirectory, deviceAssignmentsFromConfig, prepareRoute } from '../../../core/race';
import { loadStageRoute, loadTourConfig } from '../../../core/tour-config/load';
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
let sqs: SQSClient;
let queueUrl: string;
const BUS = 'tour-tracker-race-events';

/** A bus whose rule sends every race event to a queue the test reads. */
async function busToQueue(): Promise<void> {
  const events = new EventBridgeClient({ ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint });
  await events.send(new CreateEventBusCommand({ Name: BUS }));
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'race-events' }))).QueueUrl!;
  const queue = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  await events.send(
    new PutRuleCommand({ Name: 'all', EventBusName: BUS, EventPattern: JSON.stringify({ source: ['tour-tracker'] }) }),
  );
  await events.send(
    new PutTargetsCommand({ Rule: 'all', EventBusName: BUS, Targets: [{ Id: 'q', Arn: queue.Attributes!.QueueArn }] }),
  );
  events.destroy();
}

/** Ids of the race events the queue received. */
async function receivedEventIds(): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    if ((out.Messages ?? []).length === 0) return ids.sort();
    ids.push(...out.Messages!.map((m) => (JSON.parse(m.Body!) as { detail: { id: string } }).detail.id));
  }
}

beforeAll(async () => {
  moto = await startMoto();
  dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint }));
  await dynamo.send(new CreateTableCommand(stateTableCreateInput(TABLE)));
  sqs = new SQSClient({ ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint });
  await busToQueue();
  Object.assign(process.env, {
    STATE_TABLE_NAME: TABLE,
    EVENT_BUS_NAME: BUS,
    TOUR_ID: 'tdf2022',
    ...motoHandlerEnv(moto),
  });
  ({ handler } = await import('../../../lambdas/aggregator/handler'));
}, 30_000);

afterAll(async () => {
  dynamo.destroy();
  sqs.destroy();
  await moto.stop();
});

snapshotStoreContract('DynamoSnapshotStore', () => new DynamoSnapshotStore(dynamo, TABLE));
eventStoreContract('DynamoEventStore', () => new DynamoEventStore(dynamo, TABLE));

describe('aggregator against moto', () => {
  it('writes the snapshot, event and passages items and publishes each new event once', async () => {
    const tour = loadTourConfig('tdf2022');
    const route = prepareRoute(loadStageRoute(tour, STAGE_KEY.stage));
    const context = {
      key: STAGE_KEY,
      route,
      directory: buildDeviceDirectory(deviceAssignmentsFromConfig(tour.config.devices)),
      teamOf: () => 'test-team',
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
    const apart = (offsetMs: number): StoredRider[] =>
      ridersAfter(
        [
          { device: 'TRK-1-A', startMeters: 2_500 + offsetMs / 100, speedMetersPerSecond: 12 },
          { device: 'TRK-3-A', startMeters: 1_300 + offsetMs / 100, speedMetersPerSecond: 12 },
          { device: 'TRK-6-A', startMeters: 1_310 + offsetMs / 100, speedMetersPerSecond: 12 },
        ],
        START_MS + offsetMs,
      );
    const together = ridersAfter(
      [
        { device: 'TRK-1-A', startMeters: 1_000, speedMetersPerSecond: 12 },
        { device: 'TRK-3-A', startMeters: 1_010, speedMetersPerSecond: 12 },
        { device: 'TRK-6-A', startMeters: 1_020, speedMetersPerSecond: 12 },
      ],
      START_MS,
    );
    await expect(run(together, 1)).resolves.toEqual({ batchItemFailures: [] });
    await expect(run(apart(120_000), 4)).resolves.toEqual({ batchItemFailures: [] });
    const last = apart(200_000);
    await expect(run(last, 7)).resolves.toEqual({ batchItemFailures: [] });
    await expect(run(last, 7)).resolves.toEqual({ batchItemFailures: [] });

    const items = await dynamo.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'STAGE#tdf2022#2' },
      }),
    );
    const kinds = (items.Items ?? []).map((i) => String(i.sk).split('#')[0]);
    expect(kinds).toEqual(expect.arrayContaining(['EVENT', 'PASSAGES', 'RIDER', 'SNAPSHOT']));
    const tMs = START_MS + 209_000;
    const snapshot = await new DynamoSnapshotStore(dynamo, TABLE).get(STAGE_KEY);
    expect(snapshot?.tMs).toBe(tMs);
    expect(snapshot?.groups.map((g) => [g.kind, g.riders])).toEqual([
      ['breakaway', [1]],
      ['peloton', [6, 3]],
    ]);
    const events = await new DynamoEventStore(dynamo, TABLE).latest(STAGE_KEY, 50);
    expect(events.find((e) => e.kind === 'breakaway-formed')?.bibs).toEqual([1]);
    expect(await receivedEventIds()).toEqual(events.map((e) => e.id).sort());
    const passages = await new DynamoPassageStore(dynamo, TABLE).get(STAGE_KEY);
    expect(passages?.version).toBe(3);
    expect(Number.isFinite(passages?.passagesMs[11])).toBe(true);
    expect(Number.isFinite(passages?.passagesMs[46])).toBe(true);
  });
});
