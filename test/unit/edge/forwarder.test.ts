import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../edge/clock';
import { Forwarder, type ForwarderOptions } from '../../../edge/forwarder';
import { MemoryFixPublisher } from '../../../edge/memory-publisher';
import { RelayStats } from '../../../edge/relay-stats';
import { Spool } from '../../../edge/spool';
import type { WireFrame } from '../../../core/wire/wire-frame';
import { fixes, fixKey, recordingLogger, tempDir } from './fixes';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A publisher whose calls take a network round trip's worth of event-loop turns. */
class SlowPublisher extends MemoryFixPublisher {
  override async publish(records: Parameters<MemoryFixPublisher['publish']>[0]) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return super.publish(records);
  }
}

function setup(publisher: MemoryFixPublisher, overrides: Partial<ForwarderOptions> = {}, dir = tempDir()) {
  const logger = recordingLogger();
  const spool = Spool.open({ dir, logger });
  const forwarder = new Forwarder({
    spool,
    publisher,
    frames: { gateway: 'truck', buckets: 4 },
    clock: systemClock,
    random: () => 0,
    logger,
    stats: new RelayStats(),
    lingerMillis: 5,
    pollMillis: 2,
    ...overrides,
  });
  cleanups.push(() => spool.close());
  cleanups.push(() => forwarder.stop());
  return { spool, forwarder, logger, dir };
}

function storedKeys(publisher: MemoryFixPublisher): string[] {
  return publisher.stored.flatMap((r) => (JSON.parse(Buffer.from(r.data).toString()) as WireFrame).fixes.map(fixKey));
}

async function until(condition: () => boolean, timeoutMillis = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMillis) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('Forwarder', () => {
  it('sends every spooled fix and advances the ack cursor to the end', async () => {
    const publisher = new MemoryFixPublisher();
    const { spool, forwarder } = setup(publisher);
    const input = fixes(1_000, 20);
    spool.append([{ at: Date.now(), fixes: input.slice(0, 500) }]);
    forwarder.start();

    spool.append([{ at: Date.now(), fixes: input.slice(500) }]);
    await until(() => spool.ackedPosition === spool.end);

    expect(storedKeys(publisher).sort()).toEqual(input.map(fixKey).sort());
  });

  it('delivers every fix after an outage, live fixes before the backlog', async () => {
    let down = true;
    const publisher = new SlowPublisher(() => (down ? 'unavailable' : []));
    const { spool, forwarder } = setup(publisher, {
      liveMaxLagMillis: 20,
      backfillMaxRecords: 2,
      backoff: { baseMillis: 1, capMillis: 2 },
    });
    forwarder.start();
    const backlog = fixes(2_000, 20);
    for (let i = 0; i < 20; i++) spool.append([{ at: Date.now(), fixes: backlog.slice(i * 100, i * 100 + 100) }]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const live = fixes(20, 20, 10_000);
    spool.append([{ at: Date.now(), fixes: live }]);

    down = false;
    await until(() => spool.ackedPosition === spool.end);

    const keys = storedKeys(publisher);
    expect(new Set(keys)).toEqual(new Set([...backlog, ...live].map(fixKey)));
    expect(keys.indexOf(fixKey(live[0] ?? backlog[0]!))).toBeLessThan(keys.indexOf(fixKey(backlog[1_999]!)));
  });

  it('resumes after a restart from the acknowledged position', async () => {
    const first = new MemoryFixPublisher();
    const { spool, forwarder, dir } = setup(first);
    spool.append([{ at: Date.now(), fixes: fixes(100) }]);
    forwarder.start();
    await until(() => spool.ackedPosition === spool.end);
    await forwarder.stop();
    spool.append([{ at: Date.now(), fixes: fixes(50, 5, 1_000) }]);
    spool.close();
    cleanups.splice(0);

    const second = new MemoryFixPublisher();
    const restarted = setup(second, {}, dir);
    restarted.forwarder.start();
    await until(() => restarted.spool.ackedPosition === restarted.spool.end);

    expect(storedKeys(second).sort()).toEqual(fixes(50, 5, 1_000).map(fixKey).sort());
  });

  it('acknowledges nothing while a record is only partly stored', async () => {
    const publisher = new MemoryFixPublisher(() => [0]);
    const { spool, forwarder } = setup(publisher, { backoff: { baseMillis: 1, capMillis: 1 } });
    spool.append([{ at: Date.now(), fixes: fixes(100, 20) }]);

    forwarder.start();
    await until(() => publisher.calls.length > 5);

    expect(spool.ackedPosition).toBe(0);
  });
});
