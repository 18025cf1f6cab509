import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_FIXES_PER_FRAME, type WireFrame } from '../../../core/wire/wire-frame';
import { kinesisEvent, kinesisRecord } from '../../helpers/kinesis-event';
import { liveTimeOf, processorFixture, processorWorld, START_MS, type ProcessorWorld } from './processor-fixture';

let world: ProcessorWorld;

beforeAll(() => {
  world = processorWorld();
});

const DAY_MS = 86_400_000;

/** A copy of frame `i` whose first fix is changed by `change` (as JSON: NaN becomes null on the wire). */
function withFirstFix(i: number, change: Record<string, unknown>): string {
  const frame = world.frames[i]!;
  return JSON.stringify({ ...frame, fixes: [{ ...frame.fixes[0], ...change }, ...frame.fixes.slice(1)] });
}

/** A copy of frame `i` with every fix time moved by `shiftMs`. */
function shifted(i: number, shiftMs: number): WireFrame {
  const frame = world.frames[i]!;
  return { ...frame, fixes: frame.fixes.map((x) => ({ ...x, t: x.t + shiftMs })) };
}

describe('processor handler on bad input', () => {
  it('quarantines each kind of bad input with its reason and processes the rest of the batch', async () => {
    const f = processorFixture(world);
    const { frames } = world;
    const { fixes: _dropped, ...noFixes } = frames[1]!;
    const oversize = {
      ...frames[1]!,
      fixes: Array.from({ length: MAX_FIXES_PER_FRAME + 1 }, (_, i) => ({ ...frames[1]!.fixes[0]!, seq: 1_000 + i })),
    };
    const unknownDevice = { ...frames[1]!, fixes: frames[1]!.fixes.map((x) => ({ ...x, device: 'TRK-404-Z' })) };
    const cases: [string, WireFrame | string][] = [
      ['not-json', String.fromCharCode(0xff, 0x00, 0x13, 0x9c, 0x7f)],
      ['not-an-object', '[1,2,3]'],
      ['unknown-version', JSON.stringify({ ...frames[1], v: 7 })],
      ['bad-shape', JSON.stringify(noFixes)],
      ['bad-shape', withFirstFix(1, { lat: undefined })],
      ['bad-shape', withFirstFix(1, { lat: Number.NaN })],
      ['bad-shape', withFirstFix(1, { lon: 181 })],
      ['bad-shape', withFirstFix(1, { device: 'x'.repeat(65) })],
      ['too-many-fixes', JSON.stringify(oversize)],
      ['no-stage', shifted(1, 3 * 365 * DAY_MS)],
      ['no-stage', shifted(1, -START_MS + 1_000)],
      ['unknown-device', unknownDevice],
    ];
    const data = [frames[0]!, ...cases.map(([, d]) => d), frames[1]!];
    const event = { Records: data.map((d, i) => kinesisRecord(d, String(i + 1), START_MS)) };

    await expect(f.run(event)).resolves.toEqual({ batchItemFailures: [] });

    const quarantined = [...f.deps.quarantine.objects.values()].map((q) => [Number(q.sequenceNumber), q.reason]);
    expect(quarantined.sort(([a], [b]) => Number(a) - Number(b))).toEqual(cases.map(([reason], i) => [i + 2, reason]));
    const riders = await f.deps.riderStates.load(world.context.key, [1, 3]);
    expect(riders.get(1)?.live.tMs).toBe(liveTimeOf(9));
    expect(f.deps.history.all(world.context.key)).toHaveLength(20);
    expect(f.total('FixesQuarantined', 'none', 'bad-shape')).toBe(5);
    expect(f.total('FixesQuarantined', 'none', 'no-stage')).toBe(20);
    expect(f.total('FixesQuarantined', '2', 'unknown-device')).toBe(10);
  });

  it('quarantines a fix dated beyond any date a clock can hold and processes the rest of its frame', async () => {
    const f = processorFixture(world);
    const poison = withFirstFix(1, { t: 9e15 });
    const event = { Records: [world.frames[0]!, poison].map((d, i) => kinesisRecord(d, String(i + 1), START_MS)) };

    await expect(f.run(event)).resolves.toEqual({ batchItemFailures: [] });

    expect([...f.deps.quarantine.objects.values()].map((q) => q.reason)).toEqual(['no-stage']);
    expect(f.total('FixesQuarantined', 'none', 'no-stage')).toBe(1);
    expect(f.deps.history.all(world.context.key)).toHaveLength(
      world.frames[0]!.fixes.length + world.frames[1]!.fixes.length - 1,
    );
  });

  it('keeps the raw bytes of a frame refused whole', async () => {
    const f = processorFixture(world);
    const garbage = 'v=1;lat=oops';

    await f.run(kinesisEvent([garbage]));

    const [stored] = [...f.deps.quarantine.objects.values()];
    expect(Buffer.from(stored!.dataBase64, 'base64').toString()).toBe(garbage);
    expect(stored?.detail).not.toBe('');
  });
});
