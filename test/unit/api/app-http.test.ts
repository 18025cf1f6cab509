import { describe, expect, it } from 'vitest';
import { apiFixture, snapshotAt, STAGE, START_MS } from './api-fixture';

const LIVE = '/v1/tours/tdf2022/stages/2/live';

describe('API handler caching', () => {
  it('tags each body with a strong ETag and answers 304 with no body when If-None-Match matches', async () => {
    const f = apiFixture();
    await f.deps.snapshots.putIfNewer(STAGE, snapshotAt(START_MS));
    const first = await f.get(LIVE);
    const etag = first.headers?.ETag as string;

    const again = await f.get(LIVE, { headers: { 'if-none-match': etag } });
    const weakened = await f.get(LIVE, { headers: { 'If-None-Match': `"other", W/${etag}` } });
    await f.deps.snapshots.putIfNewer(STAGE, snapshotAt(START_MS + 1_000));
    const changed = await f.get(LIVE, { headers: { 'If-None-Match': etag } });

    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers?.ETag).toBe(etag);
    expect(again.headers?.['Cache-Control']).toBe(first.headers?.['Cache-Control']);
    expect(weakened.statusCode).toBe(304);
    expect(changed.statusCode).toBe(200);
    expect(changed.headers?.ETag).not.toBe(etag);
  });

  it('gives the same ETag to the same body', async () => {
    const f = apiFixture();
    const a = await f.get('/v1/tours/tdf2022/stages');
    const b = await f.get('/v1/tours/tdf2022/stages');

    expect(a.headers?.ETag).toBe(b.headers?.ETag);
  });
});

describe('API handler CORS', () => {
  it('allows the configured origin on public replies, errors included, and exposes the ETag', async () => {
    const f = apiFixture();

    const ok = await f.get('/v1/tours/tdf2022/stages');
    const missing = await f.get(LIVE);

    for (const reply of [ok, missing]) {
      expect(reply.headers?.['Access-Control-Allow-Origin']).toBe('*');
      expect(reply.headers?.['Access-Control-Expose-Headers']).toBe('ETag');
    }
    expect(missing.statusCode).toBe(404);
  });

  it('answers a preflight on a public route with 204 and the allowed methods and headers', async () => {
    const reply = await apiFixture().get(LIVE, { method: 'OPTIONS' });

    expect(reply.statusCode).toBe(204);
    expect(reply.body).toBe('');
    expect(reply.headers).toMatchObject({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, OPTIONS',
      'Access-Control-Allow-Headers': 'If-None-Match, Content-Type',
    });
  });

  it('refuses a preflight on a partner route: browsers get no cross-origin partner data', async () => {
    const reply = await apiFixture().get('/v1/partner/tours/tdf2022/stages/2/live', { method: 'OPTIONS' });

    expect(reply.statusCode).toBe(405);
    expect(reply.headers?.Allow).toBe('GET');
    expect(reply.headers?.['Access-Control-Allow-Origin']).toBeUndefined();
  });
});

describe('API handler metrics', () => {
  it('counts each request and its latency by route and status', async () => {
    const f = apiFixture();

    await f.get('/v1/health');
    await f.get(LIVE);
    await f.get('/nope');

    expect(f.metrics.map((m) => [m.name, m.dimensions.Route, m.dimensions.Status])).toEqual([
      ['Requests', 'health', '200'],
      ['LatencyMilliseconds', 'health', '200'],
      ['Requests', 'live', '404'],
      ['LatencyMilliseconds', 'live', '404'],
      ['Requests', 'unmatched', '404'],
      ['LatencyMilliseconds', 'unmatched', '404'],
    ]);
    expect(f.metrics.filter((m) => m.name === 'LatencyMilliseconds').every((m) => m.value >= 0)).toBe(true);
  });
});
