import { beforeAll, describe, expect, it } from 'vitest';
import { StoreThrottledError } from '../../../core/ports/errors';
import { riderStreamEvent } from '../../helpers/dynamodb-stream-event';
import type { RiderRide } from '../../helpers/kinesis-event';
import {
  aggregatorFixture,
  aggregatorWorld,
  PAIR,
  ridersAfter,
  START_MS,
  type AggregatorWorld,
} from './aggregator-fixture';

let world: AggregatorWorld;

beforeAll(() => {
  world = aggregatorWorld();
});

/** Rider 1 clear of riders 3 and 6, `offsetMs` after the start (a breakaway once it holds a minute). */
function apart(offsetMs: number) {
  const rides: RiderRide[] = [
    { device: 'TRK-1-A', startMeters: 2_500 + offsetMs / 100, speedMetersPerSecond: 12 },
    { device: 'TRK-3-A', startMeters: 1_300 + offsetMs / 100, speedMetersPerSecond: 12 },
    { device: 'TRK-6-A', startMeters: 1_310 + offsetMs / 100, speedMetersPerSecond: 12 },
  ];
  return ridersAfter(world, rides, 2, START_MS + offsetMs);
}

/** Runs the three batches after which the breakaway is reported; returns the last batch's event. */
async function raceToBreakaway(f: ReturnType<typeof aggregatorFixture>, beforeLast?: () => void) {
  const together = ridersAfter(world, PAIR, 2);
  await f.store(together);
  await f.run(riderStreamEvent(world.stage.key, together));
  const first = apart(120_000);
  await f.store(first);
  await f.run(riderStreamEvent(world.stage.key, first, 3));
  const last = apart(200_000);
  await f.store(last);
  beforeLast?.();
  const event = riderStreamEvent(world.stage.key, last, 6);
  return { event, response: await f.run(event) };
}

describe('aggregator event publication', () => {
  it('publishes each new race event once, with its stage, and counts them', async () => {
    const f = aggregatorFixture(world);

    await raceToBreakaway(f);

    const stored = await f.deps.events.latest(world.stage.key, 50);
    expect(stored.map((e) => e.kind)).toContain('breakaway-formed');
    const published = f.deps.bus!.published;
    expect(published.map((p) => p.event).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...stored].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(new Set(published.map((p) => p.stage))).toEqual(new Set(['STAGE#tdf2022#2']));
    const counted = f.emitted.filter((m) => m.name === 'EventsPublished').reduce((sum, m) => sum + m.value, 0);
    expect(counted).toBe(published.length);
  });

  it('does not publish again the events a retried stage had already stored', async () => {
    const f = aggregatorFixture(world);
    // In the last batch the snapshot read passes and the snapshot write (after the events) is throttled.
    const { event, response } = await raceToBreakaway(f, () =>
      f.deps.snapshots.faults.enqueue(undefined, new StoreThrottledError('PutItem was throttled')),
    );
    expect(response.batchItemFailures).not.toEqual([]);
    const publishedBeforeRetry = f.deps.bus!.published.length;
    expect(publishedBeforeRetry).toBeGreaterThan(0);

    await expect(f.run(event)).resolves.toEqual({ batchItemFailures: [] });

    expect(f.deps.bus!.published).toHaveLength(publishedBeforeRetry);
    expect((await f.deps.snapshots.get(world.stage.key))?.tMs).toBe(START_MS + 209_000);
  });

  it('stores nothing when publishing is throttled, and the retry publishes and stores the events', async () => {
    const f = aggregatorFixture(world);
    const { event, response } = await raceToBreakaway(f, () =>
      f.deps.bus!.faults.enqueue(new StoreThrottledError('PutEvents was throttled')),
    );
    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: '6' },
      { itemIdentifier: '7' },
      { itemIdentifier: '8' },
    ]);
    expect(await f.deps.events.latest(world.stage.key, 50)).toEqual([]);

    await f.run(event);

    const stored = await f.deps.events.latest(world.stage.key, 50);
    expect(stored.map((e) => e.kind)).toContain('breakaway-formed');
    expect(f.deps.bus!.published.map((p) => p.event.id).sort()).toEqual(stored.map((e) => e.id).sort());
  });

  it('only stores events when there is no event bus', async () => {
    const f = aggregatorFixture(world, { withBus: false });

    await raceToBreakaway(f);

    expect((await f.deps.events.latest(world.stage.key, 50)).map((e) => e.kind)).toContain('breakaway-formed');
    expect(f.emitted.filter((m) => m.name === 'EventsPublished')).toEqual([]);
  });

  it('reports riders in the snapshot and its age against the newest fix', async () => {
    const f = aggregatorFixture(world);
    const riders = ridersAfter(world, PAIR, 3);
    await f.store(riders);

    await f.run(riderStreamEvent(world.stage.key, riders));

    const metric = (name: string) => f.emitted.find((m) => m.name === name && m.dimensions.Stage === '2')?.value;
    expect(metric('RidersInSnapshot')).toBe(2);
    expect(metric('SnapshotAgeMilliseconds')).toBe(10 * 60_000 - 14_000);
  });
});
