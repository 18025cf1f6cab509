import { describe, expect, it } from 'vitest';
import { backoffMillis } from '../../../edge/backoff';
import type { RelayClock } from '../../../edge/clock';
import type { FrameRecord } from '../../../edge/frames';
import { MemoryFixPublisher } from '../../../edge/memory-publisher';
import { RelayStats } from '../../../edge/relay-stats';
import { sendWithRetry, type SendContext } from '../../../edge/send-with-retry';
import { recordingLogger } from './fixes';

function records(count: number): FrameRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    partitionKey: `bucket-${i}`,
    data: Buffer.from(`r${i}`),
    fixCount: 1,
  }));
}

function context(publisher: MemoryFixPublisher, sleeps: number[] = []): SendContext {
  const clock: RelayClock = { now: () => 0, sleep: async (ms) => void sleeps.push(ms) };
  return {
    publisher,
    clock,
    random: () => 0.5,
    logger: recordingLogger(),
    stats: new RelayStats(),
    signal: new AbortController().signal,
    lane: 'test',
  };
}

describe('sendWithRetry', () => {
  it('re-sends only the records a partial failure reports', async () => {
    const publisher = new MemoryFixPublisher((call) => (call === 1 ? [1, 3] : []));

    const outcome = await sendWithRetry(records(5), context(publisher));

    expect(outcome).toBe('sent');
    expect(publisher.calls[1]?.map((r) => r.partitionKey)).toEqual(['bucket-1', 'bucket-3']);
    expect(publisher.stored.map((r) => r.partitionKey).sort()).toEqual(
      records(5)
        .map((r) => r.partitionKey)
        .sort(),
    );
  });

  it('backs off exponentially with jitter while the call is throttled', async () => {
    const sleeps: number[] = [];
    const publisher = new MemoryFixPublisher((call) => (call <= 4 ? 'throttled' : []));
    const ctx = context(publisher, sleeps);

    await sendWithRetry(records(2), ctx);

    expect(sleeps).toEqual([50, 100, 200, 400]);
    expect(ctx.stats.throttledCalls).toBe(4);
    expect(publisher.stored).toHaveLength(2);
  });

  it('gives up a send when the caller abandons it and leaves the records unsent', async () => {
    const publisher = new MemoryFixPublisher(() => 'unavailable');
    const ctx = { ...context(publisher), shouldAbandon: () => publisher.calls.length >= 3 };

    const outcome = await sendWithRetry(records(2), ctx);

    expect(outcome).toBe('abandoned');
    expect(publisher.stored).toHaveLength(0);
  });

  it('stops when the relay is stopping', async () => {
    const abort = new AbortController();
    abort.abort();

    const outcome = await sendWithRetry(records(2), { ...context(new MemoryFixPublisher()), signal: abort.signal });

    expect(outcome).toBe('stopped');
  });
});

describe('backoffMillis', () => {
  it('never exceeds the cap', () => {
    expect(backoffMillis(40, () => 0.999, { baseMillis: 100, capMillis: 5_000 })).toBeLessThan(5_000);
  });

  it('doubles its ceiling per attempt', () => {
    expect([0, 1, 2].map((a) => backoffMillis(a, () => 0.5, { baseMillis: 100 }))).toEqual([50, 100, 200]);
  });
});
