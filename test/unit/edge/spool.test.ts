import { appendFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SpoolFullError } from '../../../edge/errors';
import { Spool, type SpoolOptions } from '../../../edge/spool';
import { encodeRecord } from '../../../edge/spool-format';
import { fixes, recordingLogger, tempDir } from './fixes';

const opened: Spool[] = [];

function openSpool(overrides: Partial<SpoolOptions> & { dir: string }): Spool {
  const spool = Spool.open({ logger: recordingLogger(), ...overrides });
  opened.push(spool);
  return spool;
}

function segmentFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.seg'))
    .sort();
}

afterEach(() => {
  for (const spool of opened.splice(0)) spool.close();
});

describe('Spool', () => {
  it('reads back appended batches in order with their positions', () => {
    const spool = openSpool({ dir: tempDir() });
    const first = fixes(3);
    const second = fixes(2, 2, 100);

    const { start, end } = spool.append([
      { at: 1, fixes: first },
      { at: 2, fixes: second },
    ]);
    const entries = spool.read(start, 10);

    expect(entries.map((e) => e.payload)).toEqual([
      { at: 1, fixes: first },
      { at: 2, fixes: second },
    ]);
    expect(entries[0]?.position).toBe(start);
    expect(entries[1]?.next).toBe(end);
  });

  it('resumes from the persisted ack cursor after a restart', () => {
    const dir = tempDir();
    const spool = openSpool({ dir });
    const a = spool.append([{ at: 1, fixes: fixes(1) }]);
    spool.append([{ at: 2, fixes: fixes(1, 1, 7) }]);
    spool.ack(a.end);
    spool.close();
    opened.pop();

    const reopened = openSpool({ dir });
    const entries = reopened.read(reopened.ackedPosition, 10);

    expect(reopened.ackedPosition).toBe(a.end);
    expect(entries.map((e) => e.payload.at)).toEqual([2]);
  });

  it('skips a torn tail with a warning and keeps every record before it', () => {
    const dir = tempDir();
    const spool = openSpool({ dir });
    spool.append([{ at: 1, fixes: fixes(5) }]);
    const kept = spool.append([{ at: 2, fixes: fixes(5) }]);
    spool.close();
    opened.pop();
    const segment = join(dir, segmentFiles(dir)[0] ?? '');
    appendFileSync(segment, encodeRecord({ at: 3, fixes: fixes(5) }).subarray(0, 30));
    const logger = recordingLogger();

    const reopened = openSpool({ dir, logger });

    expect(reopened.read(0, 10).map((e) => e.payload.at)).toEqual([1, 2]);
    expect(reopened.end).toBe(kept.end);
    expect(statSync(segment).size).toBe(kept.end);
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', message: 'spool tail skipped' }));
  });

  it('detects a record whose bytes were corrupted by its checksum', () => {
    const dir = tempDir();
    const spool = openSpool({ dir });
    spool.append([{ at: 1, fixes: fixes(2) }]);
    const second = spool.append([{ at: 2, fixes: fixes(2) }]);
    spool.close();
    opened.pop();
    const segment = join(dir, segmentFiles(dir)[0] ?? '');
    const bytes = encodeRecord({ at: 2, fixes: fixes(2) });
    bytes[bytes.length - 3] = 0x21;
    truncateSync(segment, second.start);
    appendFileSync(segment, bytes);
    const logger = recordingLogger();

    const reopened = openSpool({ dir, logger });

    expect(reopened.read(0, 10).map((e) => e.payload.at)).toEqual([1]);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        message: 'spool tail skipped',
        extra: expect.objectContaining({ defect: 'bad-checksum' }),
      }),
    );
  });

  it('rotates segments and deletes those wholly acknowledged', () => {
    const dir = tempDir();
    const spool = openSpool({ dir, segmentBytes: encodeRecord({ at: 1, fixes: fixes(5) }).length * 2 });
    const positions = Array.from({ length: 10 }, (_, i) => spool.append([{ at: i, fixes: fixes(5) }]));
    const filesBefore = segmentFiles(dir).length;

    spool.ack(positions[7]?.end ?? 0);

    expect(filesBefore).toBeGreaterThan(3);
    expect(segmentFiles(dir).length).toBeLessThan(filesBefore);
    expect(spool.read(0, 100).map((e) => e.payload.at)).toEqual([8, 9]);
  });

  it('reads back a record larger than its 1 MiB read chunk', () => {
    const spool = openSpool({ dir: tempDir() });
    const big = fixes(20_000, 100);
    spool.append([{ at: 1, fixes: fixes(2) }]);
    spool.append([{ at: 2, fixes: big }]);

    const entries = spool.read(0, 10);

    expect(entries.map((e) => e.payload.fixes.length)).toEqual([2, 20_000]);
    expect((entries[1]?.next ?? 0) - (entries[1]?.position ?? 0)).toBeGreaterThan(1024 * 1024);
    expect(entries[1]?.next).toBe(spool.end);
  });

  it('reads across segment boundaries', () => {
    const spool = openSpool({ dir: tempDir(), segmentBytes: encodeRecord({ at: 1, fixes: fixes(4) }).length * 3 });
    for (let i = 0; i < 8; i++) spool.append([{ at: i, fixes: fixes(4) }]);

    const entries = spool.read(0, 100);

    expect(entries.map((e) => e.payload.at)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('warns as it nears its bound and refuses an append past it without writing anything', () => {
    const logger = recordingLogger();
    const recordBytes = encodeRecord({ at: 1, fixes: fixes(8) }).length;
    const spool = openSpool({ dir: tempDir(), maxBytes: recordBytes * 2.5, logger });
    spool.append([{ at: 1, fixes: fixes(8) }]);
    spool.append([{ at: 2, fixes: fixes(8) }]);
    const endBefore = spool.end;

    const attempt = (): unknown => spool.append([{ at: 3, fixes: fixes(8) }]);

    expect(attempt).toThrow(SpoolFullError);
    expect(spool.end).toBe(endBefore);
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', message: 'spool nearly full' }));
  });

  it('accepts appends again once acknowledgements free space', () => {
    const recordBytes = encodeRecord({ at: 1, fixes: fixes(8) }).length;
    const spool = openSpool({ dir: tempDir(), maxBytes: recordBytes * 2.5 });
    spool.append([{ at: 1, fixes: fixes(8) }]);
    const second = spool.append([{ at: 2, fixes: fixes(8) }]);
    spool.ack(second.end);

    const third = spool.append([{ at: 3, fixes: fixes(8) }]);

    expect(spool.read(second.end, 10).map((e) => e.payload.at)).toEqual([3]);
    expect(third.start).toBe(second.end);
  });

  it('refuses an ack cursor file that is not a position', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ack.json'), '{"position":"x"}');

    const attempt = (): unknown => openSpool({ dir });

    expect(attempt).toThrow(/must hold/);
  });

  it('keeps appended records readable under the interval fsync policy', () => {
    const dir = tempDir();
    const spool = openSpool({ dir, fsync: { kind: 'interval', everyMillis: 5 } });

    spool.append([{ at: 1, fixes: fixes(3) }]);
    spool.close();
    opened.pop();
    const reopened = openSpool({ dir });

    expect(reopened.read(0, 10).map((e) => e.payload.at)).toEqual([1]);
  });
});
