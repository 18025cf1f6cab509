import type { EventBridgeClient, PutEventsCommand, PutEventsCommandOutput } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { StoreError, StoreThrottledError } from '../../../../core/ports/errors';
import { EventBridgeEventBus } from '../../../../lambdas/adapters/eventbridge/event-bus';
import type { RaceEvent } from '../../../../core/race';

const STAGE = { tour: 'tdf2022', stage: 5 };

function raceEvent(i: number): RaceEvent {
  return {
    id: `5-breakaway-${i}`,
    kind: 'breakaway-formed',
    tMs: 1_656_900_000_000,
    distanceMeters: 1_000,
    bibs: [i],
    text: 'Go!',
    textFr: 'Allez !',
  };
}

type Answer = Partial<PutEventsCommandOutput> | Error;

/** A client answering each PutEvents with the next answer (an error is thrown), recording the entries sent. */
function stubClient(answers: Answer[]) {
  const calls: NonNullable<PutEventsCommand['input']['Entries']>[] = [];
  const client = {
    send: (command: PutEventsCommand) => {
      const entries = command.input.Entries ?? [];
      calls.push(entries);
      const next = answers.shift() ?? { FailedEntryCount: 0, Entries: entries.map(() => ({ EventId: 'x' })) };
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  } as unknown as EventBridgeClient;
  return { client, calls };
}

const noWait = { sleep: () => Promise.resolve() };
const detailIds = (entries: { Detail?: string }[]) => entries.map((e) => (JSON.parse(e.Detail!) as RaceEvent).id);

describe('EventBridgeEventBus', () => {
  it('publishes in calls of at most 10 entries with source, detail type and the stage in the detail', async () => {
    const { client, calls } = stubClient([]);
    const events = Array.from({ length: 23 }, (_, i) => raceEvent(i));

    await new EventBridgeEventBus(client, 'race-bus', noWait).publish(STAGE, events);

    expect(calls.map((c) => c.length)).toEqual([10, 10, 3]);
    expect(calls[0]?.[0]).toMatchObject({ EventBusName: 'race-bus', Source: 'tour-tracker', DetailType: 'RaceEvent' });
    expect(JSON.parse(calls[0]![0]!.Detail!)).toEqual({ ...raceEvent(0), tour: 'tdf2022', stage: 5 });
  });

  it('sends only the failed entries again', async () => {
    const { client, calls } = stubClient([
      { FailedEntryCount: 1, Entries: [{ EventId: 'a' }, { ErrorCode: 'InternalFailure' }, { EventId: 'c' }] },
    ]);

    await new EventBridgeEventBus(client, 'race-bus', noWait).publish(STAGE, [0, 1, 2].map(raceEvent));

    expect(calls.map(detailIds)).toEqual([['5-breakaway-0', '5-breakaway-1', '5-breakaway-2'], ['5-breakaway-1']]);
  });

  it('throws StoreThrottledError when entries stay throttled', async () => {
    const throttled = { FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException' }] };
    const { client, calls } = stubClient([throttled, throttled, throttled]);

    const publish = new EventBridgeEventBus(client, 'race-bus', { ...noWait, attempts: 3 }).publish(STAGE, [
      raceEvent(0),
    ]);

    await expect(publish).rejects.toThrow(StoreThrottledError);
    expect(calls).toHaveLength(3);
  });

  it('throws a StoreError when entries keep failing for another reason', async () => {
    const failed = { FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] };
    const { client } = stubClient([failed, failed]);

    const publish = new EventBridgeEventBus(client, 'race-bus', { ...noWait, attempts: 2 }).publish(STAGE, [
      raceEvent(0),
    ]);

    await expect(publish).rejects.toThrow(StoreError);
    await expect(publish).rejects.not.toThrow(StoreThrottledError);
  });

  it('retries a throttled call and turns lasting throttling into StoreThrottledError', async () => {
    const throttling = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const { client, calls } = stubClient([throttling, throttling]);

    const publish = new EventBridgeEventBus(client, 'race-bus', { ...noWait, attempts: 2 }).publish(STAGE, [
      raceEvent(0),
    ]);

    await expect(publish).rejects.toThrow(StoreThrottledError);
    expect(calls).toHaveLength(2);
  });
});
