import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../../core/ports/errors';
import { EventBridgeEventBus, type RaceEventDetail } from '../../../lambdas/adapters/eventbridge/event-bus';
import type { RaceEvent } from '../../../core/race';
import { MOTO_CLIENT_CONFIG, startMoto, type MotoServer } from '../../helpers/moto';

const BUS = 'tour-tracker-race';
let moto: MotoServer;
let events: EventBridgeClient;
let sqs: SQSClient;
let queueUrl: string;

beforeAll(async () => {
  moto = await startMoto();
  events = new EventBridgeClient({ ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint });
  sqs = new SQSClient({ ...MOTO_CLIENT_CONFIG, endpoint: moto.endpoint });
  await events.send(new CreateEventBusCommand({ Name: BUS }));
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'race-events' }))).QueueUrl!;
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  await events.send(
    new PutRuleCommand({
      Name: 'race-events-to-queue',
      EventBusName: BUS,
      EventPattern: JSON.stringify({ source: ['tour-tracker'], 'detail-type': ['RaceEvent'] }),
    }),
  );
  await events.send(
    new PutTargetsCommand({
      Rule: 'race-events-to-queue',
      EventBusName: BUS,
      Targets: [{ Id: 'queue', Arn: attributes.Attributes!.QueueArn }],
    }),
  );
}, 30_000);

afterAll(async () => {
  events.destroy();
  sqs.destroy();
  await moto.stop();
});

async function drain(expected: number): Promise<{ source: string; 'detail-type': string; detail: RaceEventDetail }[]> {
  const bodies: string[] = [];
  for (let tries = 0; bodies.length < expected && tries < 20; tries += 1) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    bodies.push(...(out.Messages ?? []).map((m) => m.Body!));
  }
  return bodies.map((b) => JSON.parse(b) as { source: string; 'detail-type': string; detail: RaceEventDetail });
}

describe('EventBridgeEventBus against moto', () => {
  it('delivers each published race event to a rule target with its tour and stage', async () => {
    const raceEvents: RaceEvent[] = Array.from({ length: 12 }, (_, i) => ({
      id: `3-attack-${i}`,
      kind: 'breakaway-formed',
      tMs: Date.UTC(2022, 6, 3, 14, 0, i),
      distanceMeters: 150_000,
      bibs: [i + 1],
      text: `Rider ${i + 1} attacks`,
      textFr: `Le coureur ${i + 1} attaque`,
    }));

    await new EventBridgeEventBus(events, BUS).publish({ tour: 'tdf2022', stage: 3 }, raceEvents);

    const delivered = await drain(12);
    expect(delivered).toHaveLength(12);
    expect(new Set(delivered.map((d) => `${d.source}/${d['detail-type']}`))).toEqual(
      new Set(['tour-tracker/RaceEvent']),
    );
    const byId = new Map(delivered.map((d) => [d.detail.id, d.detail]));
    expect(byId.get('3-attack-4')).toEqual({ ...raceEvents[4], tour: 'tdf2022', stage: 3 });
  });

  it('turns a missing bus into a StoreError', async () => {
    const missing = new EventBridgeEventBus(events, 'no-such-bus', { attempts: 1 });
    const event: RaceEvent = {
      id: 'x',
      kind: 'breakaway-formed',
      tMs: 1,
      distanceMeters: 0,
      bibs: [1],
      text: 'x',
      textFr: 'x',
    };

    await expect(missing.publish({ tour: 'tdf2022', stage: 3 }, [event])).rejects.toThrow(StoreError);
  });
});
