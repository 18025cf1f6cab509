import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../edge/clock';
import { Intake, parseInputLine } from '../../../edge/intake';
import { RelayStats } from '../../../edge/relay-stats';
import { consumeLines, MAX_LINE_BYTES } from '../../../edge/sources';
import { Spool } from '../../../edge/spool';
import { encodeRecord } from '../../../edge/spool-format';
import { fixes, fixKey, frame, lineKeys, meshLines, recordingLogger, tempDir } from './fixes';

const spools: Spool[] = [];

afterEach(() => {
  for (const spool of spools.splice(0)) spool.close();
});

function setup(maxBytes?: number) {
  const logger = recordingLogger();
  const spool = Spool.open({ dir: tempDir('intake-'), logger, ...(maxBytes !== undefined && { maxBytes }) });
  spools.push(spool);
  const stats = new RelayStats();
  const intake = new Intake({ spool, stats, logger, clock: systemClock, fullRetryMillis: 5 });
  return { spool, stats, logger, intake };
}

function spooledKeys(spool: Spool): string[] {
  return spool.read(0, 10_000).flatMap((e) => e.payload.fixes.map(fixKey));
}

describe('parseInputLine', () => {
  it('refuses a line that is not JSON with the reason not-json', () => {
    expect(parseInputLine('{"v":1,')).toMatchObject({ ok: false, reason: 'not-json' });
  });

  it('refuses a frame of another version with the reason unknown-version', () => {
    expect(parseInputLine(JSON.stringify({ ...frame(fixes(1)), v: 2 }))).toMatchObject({
      ok: false,
      reason: 'unknown-version',
    });
  });
});

describe('Intake', () => {
  it('counts and logs bad lines and still spools the good ones around them', async () => {
    const { spool, stats, logger, intake } = setup();
    const good = meshLines(2, 3);

    await intake.acceptLines([
      good[0] ?? '',
      'not json',
      '{"v":1,"gateway":"g","sentAt":1,"fixes":[{}]}',
      good[1] ?? '',
    ]);

    expect(spooledKeys(spool)).toEqual(lineKeys(good));
    expect(Object.fromEntries(stats.rejected)).toEqual({ 'not-json': 1, 'bad-shape': 1 });
    expect(logger.lines.filter((l) => l.message === 'input line rejected')).toHaveLength(2);
  });

  it('holds input while the spool is full and spools it once an ack frees space', async () => {
    const recordBytes = encodeRecord({ at: Date.now(), fixes: fixes(3) }).length;
    const { spool, stats, logger, intake } = setup(recordBytes + 10);
    const first = meshLines(1, 3);
    const second = meshLines(1, 3, 1);
    await intake.acceptLines(first);

    const pending = intake.acceptLines(second);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const waitedWhileFull = stats.spoolFullWaits;
    spool.ack(spool.end);
    await pending;

    expect(waitedWhileFull).toBeGreaterThan(0);
    expect(spooledKeys(spool)).toEqual(lineKeys(second));
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'spool full, input paused' }),
    );
  });
});

describe('consumeLines', () => {
  it('reassembles lines split across chunks', async () => {
    const { spool, intake } = setup();
    const text = meshLines(5, 4).join('\n') + '\n';
    const chunks = [text.slice(0, 37), text.slice(37, 400), text.slice(400)];

    await consumeLines(Readable.from(chunks), intake);

    expect(spooledKeys(spool)).toEqual(lineKeys(meshLines(5, 4)));
  });

  it('refuses an endless line as line-too-long and goes on with the next line', async () => {
    const { spool, stats, intake } = setup();
    const huge = 'x'.repeat(MAX_LINE_BYTES + 10);
    const good = meshLines(1, 2);

    await consumeLines(Readable.from([huge.slice(0, 100), huge.slice(100), '\n' + good[0] + '\n']), intake);

    expect(stats.rejected.get('line-too-long')).toBe(1);
    expect(spooledKeys(spool)).toEqual(lineKeys(good));
  });
});
