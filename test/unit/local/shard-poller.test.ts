import { describe, expect, it } from 'vitest';
import { ShardPoller, type ShardReader } from '../../../local/shard-poller';
import type { StreamRecordRef } from '../../../local/stream-batches';

/** An in-memory shard: each GetRecords returns the next page; the shard closes after the last one. */
function memoryShard(pages: StreamRecordRef[][], closeAfter = true): ShardReader<StreamRecordRef> {
  let next = 0;
  return {
    shardId: 'shardId-000000000000',
    openIterator: async () => 'it-0',
    getRecords: async () => {
      const records = pages[next] ?? [];
      next++;
      return { records, nextIterator: closeAfter && next >= pages.length ? undefined : `it-${next}` };
    },
  };
}

const record = (n: number): StreamRecordRef => ({ sequenceNumber: String(n), arrivalMs: 0 });

describe('ShardPoller', () => {
  it('cuts batches of at most batchSize records, in shard order', async () => {
    const batches: string[][] = [];
    const shard = memoryShard([[1, 2, 3, 4, 5].map(record), [6, 7].map(record)]);
    const poller = new ShardPoller(
      shard,
      { batchSize: 2, batchingWindowMillis: 0 },
      async (batch) => void batches.push(batch.map((r) => r.sequenceNumber)),
      { idlePollMillis: 1 },
    );

    await poller.start();

    expect(batches.flat()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(Math.max(...batches.map((b) => b.length))).toBe(2);
    expect(poller.recordsRead).toBe(7);
  });

  it('waits for the batching window to gather records read over several polls into one batch', async () => {
    const batches: string[][] = [];
    const shard = memoryShard([[record(1)], [], [record(2)], [record(3)], [], [], [], [], []], false);
    const poller = new ShardPoller(
      shard,
      { batchSize: 100, batchingWindowMillis: 600 },
      async (batch) => void batches.push(batch.map((r) => r.sequenceNumber)),
      { idlePollMillis: 10 },
    );

    const running = poller.start();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await poller.stop();
    await running;

    expect(batches).toEqual([['1', '2', '3']]);
  });

  it('does not deliver the next batch before the previous one is done', async () => {
    const events: string[] = [];
    const shard = memoryShard([[1, 2, 3, 4].map(record)]);
    const poller = new ShardPoller(
      shard,
      { batchSize: 2, batchingWindowMillis: 0 },
      async (batch) => {
        events.push(`start ${batch[0]?.sequenceNumber}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        events.push(`end ${batch[0]?.sequenceNumber}`);
      },
      { idlePollMillis: 1 },
    );

    await poller.start();

    expect(events).toEqual(['start 1', 'end 1', 'start 3', 'end 3']);
  });

  it('filters records before batching, so a batch holds up to batchSize records that pass', async () => {
    const batches: string[][] = [];
    const shard = memoryShard([[1, 2, 3, 4, 5, 6, 7, 8].map(record)]);
    const poller = new ShardPoller(
      shard,
      { batchSize: 2, batchingWindowMillis: 0 },
      async (batch) => void batches.push(batch.map((r) => r.sequenceNumber)),
      { idlePollMillis: 1 },
      (r) => Number(r.sequenceNumber) % 2 === 0,
    );

    await poller.start();

    expect(batches).toEqual([
      ['2', '4'],
      ['6', '8'],
    ]);
    expect(poller.recordsFiltered).toBe(4);
  });

  it('reports records held by a delivery that does not end, and no progress since it began', async () => {
    let release: () => void = () => undefined;
    const shard = memoryShard([[1, 2, 3].map(record)], false);
    const poller = new ShardPoller(
      shard,
      { batchSize: 2, batchingWindowMillis: 0 },
      () => new Promise<void>((resolve) => (release = resolve)),
      { idlePollMillis: 1 },
    );
    const running = poller.start();
    await new Promise((resolve) => setTimeout(resolve, 300));

    const held = { pending: poller.pendingRecords, since: Date.now() - poller.lastProgressAt };
    release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = { pending: poller.pendingRecords, since: Date.now() - poller.lastProgressAt };
    await poller.stop();
    await running;

    expect(held.pending).toBe(3);
    expect(held.since).toBeGreaterThanOrEqual(250);
    expect(after).toEqual({ pending: 0, since: expect.any(Number) });
    expect(after.since).toBeLessThan(100);
  });
});
