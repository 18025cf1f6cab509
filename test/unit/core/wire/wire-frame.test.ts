import { describe, expect, it } from 'vitest';
import { MAX_FIXES_PER_FRAME, parseWireFrame, WIRE_FRAME_VERSION } from '../../../../core/wire/wire-frame';

function frame(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    v: WIRE_FRAME_VERSION,
    gateway: 'relay-1',
    sentAt: 1_657_275_001_000,
    fixes: [
      { device: 'TRK-1-A', seq: 0, t: 1_657_275_000_000, lat: 48.66, lon: 6.23, alt: 220, hdop: 1.1, battery: 96 },
    ],
    ...overrides,
  };
}

describe('parseWireFrame', () => {
  it('accepts a frame as DESIGN §6 describes it', () => {
    const input = frame();

    const parsed = parseWireFrame(input);

    expect(parsed).toEqual({ ok: true, frame: input });
  });

  it('accepts a fix without the optional alt, hdop and battery', () => {
    const input = frame({ fixes: [{ device: 'TRK-1-A', seq: 3, t: 1, lat: 0, lon: 0 }] });

    const parsed = parseWireFrame(input);

    expect(parsed.ok).toBe(true);
  });

  it('reports an unknown version as unknown-version, not bad-shape, even when the shape is also wrong', () => {
    const input = { v: 2, something: 'else' };

    const parsed = parseWireFrame(input);

    expect(parsed).toMatchObject({ ok: false, reason: 'unknown-version' });
  });

  it('reports a fix without a device as bad-shape and names the path', () => {
    const input = frame({ fixes: [{ seq: 0, t: 1, lat: 0, lon: 0 }] });

    const parsed = parseWireFrame(input);

    expect(parsed).toMatchObject({ ok: false, reason: 'bad-shape', detail: expect.stringContaining('fixes.0.device') });
  });

  it('reports a latitude out of range as bad-shape', () => {
    const input = frame({ fixes: [{ device: 'd', seq: 0, t: 1, lat: 91, lon: 0 }] });

    const parsed = parseWireFrame(input);

    expect(parsed).toMatchObject({ ok: false, reason: 'bad-shape' });
  });

  it('reports more than MAX_FIXES_PER_FRAME fixes as too-many-fixes', () => {
    const fix = { device: 'd', seq: 0, t: 1, lat: 0, lon: 0 };
    const input = frame({ fixes: Array.from({ length: MAX_FIXES_PER_FRAME + 1 }, () => fix) });

    const parsed = parseWireFrame(input);

    expect(parsed).toMatchObject({ ok: false, reason: 'too-many-fixes' });
  });

  it('reports an array as not-an-object', () => {
    const parsed = parseWireFrame([frame()]);

    expect(parsed).toMatchObject({ ok: false, reason: 'not-an-object' });
  });
});
