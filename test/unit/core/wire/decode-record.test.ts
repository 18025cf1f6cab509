import { describe, expect, it } from 'vitest';
import { decodeRecord, raceFixesOf } from '../../../../core/wire/decode-record';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

describe('decodeRecord', () => {
  it('refuses data that is not JSON as not-json', () => {
    expect(decodeRecord(b64('{oops'))).toMatchObject({ ok: false, reason: 'not-json' });
  });

  it('passes the wire frame rejection through', () => {
    expect(decodeRecord(b64('[]'))).toMatchObject({ ok: false, reason: 'not-an-object' });
    expect(decodeRecord(b64('{"v":9}'))).toMatchObject({ ok: false, reason: 'unknown-version' });
  });

  it('turns a frame into engine fixes carrying the frame send time', () => {
    const frame = { v: 1, gateway: 'gw', sentAt: 5_000, fixes: [{ device: 'D', seq: 1, t: 4_000, lat: 1, lon: 2 }] };
    const decoded = decodeRecord(b64(JSON.stringify(frame)));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(raceFixesOf(decoded.frame)).toEqual([
      { device: 'D', seq: 1, t: 4_000, lat: 1, lon: 2, hdop: undefined, receivedMs: 5_000 },
    ]);
  });
});
