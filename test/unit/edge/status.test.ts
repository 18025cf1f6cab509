import { describe, expect, it } from 'vitest';
import { MemoryFixPublisher } from '../../../edge/memory-publisher';
import { Relay } from '../../../edge/relay';
import { formatStatusLine } from '../../../edge/status';
import { meshLines, recordingLogger, tempDir } from './fixes';

describe('relay status', () => {
  it('reports spool depth, oldest unsent age and input counts before anything is sent', async () => {
    let now = 1_000_000;
    const relay = new Relay({
      spoolDir: tempDir('status-'),
      publisher: new MemoryFixPublisher(() => 'unavailable'),
      logger: recordingLogger(),
      gateway: 'truck',
      buckets: 4,
      clock: { now: () => now, sleep: async () => undefined },
    });
    await relay.intake.acceptLines([...meshLines(3, 5), 'oops']);
    now += 7_000;

    const status = relay.status();
    await relay.stop();

    expect(status.oldestUnsentAgeMillis).toBe(7_000);
    expect(status.spool.unackedBytes).toBeGreaterThan(0);
    expect(status.input).toEqual({ fixesAccepted: 15, framesAccepted: 3, rejected: { 'not-json': 1 } });
    expect(formatStatusLine(status)).toContain('oldest unsent 7.0 s');
  });
});
