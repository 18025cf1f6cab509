import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../core/ports/errors';
import type { ApiErrorBody } from '../../../lambdas/api/responses';
import { apiFixture, bodyOf, snapshotAt, STAGE, START_MS } from './api-fixture';

const STAGE_PATH = '/v1/tours/tdf2022/stages/2';
const HISTORY = '/v1/partner/tours/tdf2022/stages/2/history';
const HOUR = String(START_MS + 3_600_000);

describe('API handler: 400 for malformed parameters, naming the parameter', () => {
  it.each([
    ['/v1/tours/TDF2022/stages', 'tour must be 2-31 lower-case letters, digits and dashes, received "TDF2022"'],
    [
      '/v1/tours/tdf%2F2022/stages/2/live',
      'tour must be 2-31 lower-case letters, digits and dashes, received "tdf/2022"',
    ],
    ['/v1/tours/tdf2022/stages/two/live', 'stage must be a whole number, received "two"'],
    ['/v1/tours/tdf2022/stages/0/gc', 'stage must be at least 1, received "0"'],
    ['/v1/tours/tdf2022/stages/31/route', 'stage must be at most 30, received "31"'],
    ['/v1/tours/tdf2022/stages/1e1/live', 'stage must be a whole number, received "1e1"'],
    ['/v1/tours/tdf2022/stages/2.0/live', 'stage must be a whole number, received "2.0"'],
    [`${STAGE_PATH}/riders/-1`, 'bib must be a whole number, received "-1"'],
    [`${STAGE_PATH}/riders/0`, 'bib must be at least 1, received "0"'],
    [`${STAGE_PATH}/riders/12345`, 'bib must be a whole number, received "12345"'],
  ])('GET %s → %s', async (path, message) => {
    const reply = await apiFixture().get(path);

    expect(reply.statusCode).toBe(400);
    expect(bodyOf<ApiErrorBody>(reply)).toEqual({ error: 'bad-request', message });
    expect(reply.headers?.['Cache-Control']).toBe('no-store');
  });

  it.each([
    [{ since: 'yesterday' }, 'since must be a whole number, received "yesterday"'],
    [{ since: '-5' }, 'since must be a whole number, received "-5"'],
    [{ since: '123456789012345' }, 'since must be a whole number, received "123456789012345"'],
    [{ limit: '0' }, 'limit must be at least 1, received "0"'],
    [{ limit: '501' }, 'limit must be at most 500, received "501"'],
    [{ limit: '' }, 'limit must be a whole number, received ""'],
  ])('GET events?%o → 400', async (query, message) => {
    const reply = await apiFixture().get(`${STAGE_PATH}/events`, { query });

    expect(reply.statusCode).toBe(400);
    expect(bodyOf<ApiErrorBody>(reply)).toEqual({ error: 'bad-request', message });
  });

  it.each([
    [{ to: HOUR }, 'from is required'],
    [{ from: String(START_MS) }, 'to is required'],
    [{ from: HOUR, to: String(START_MS) }, `to must be after from, received "${START_MS}"`],
    [{ from: String(START_MS), to: String(START_MS + 3_600_001) }, 'to - from must be at most 60 minutes'],
    [{ from: String(START_MS), to: HOUR, limit: '10001' }, 'limit must be at most 10000, received "10001"'],
    [{ from: String(START_MS), to: HOUR, bib: 'x' }, 'bib must be a whole number, received "x"'],
  ])('GET history?%o → 400', async (query, message) => {
    const reply = await apiFixture().get(HISTORY, { query });

    expect(reply.statusCode).toBe(400);
    expect(bodyOf<ApiErrorBody>(reply).message).toContain(message);
  });
});

describe('API handler: 404 for what does not exist', () => {
  it.each([
    ['/v1/tours/giro2022/stages', 'unknown tour "giro2022"'],
    ['/v1/tours/giro2022/stages/2/live', 'unknown tour "giro2022"'],
    ['/v1/tours/tdf2022/stages/22/live', 'tour tdf2022 has no stage 22'],
    [`${STAGE_PATH}/riders/2`, 'tour tdf2022 has no rider with bib 2'],
    [`${STAGE_PATH}/live`, 'stage 2 has no live data yet'],
    [`${STAGE_PATH}/gc`, 'stage 2 has no live data yet'],
    ['/v1/partner/tours/tdf2022/stages/2/live', 'stage 2 has no live data yet'],
    ['/v1/tours/tdf2022/stages/2/leaderboard', 'no route /v1/tours/tdf2022/stages/2/leaderboard'],
    ['/v2/health', 'no route /v2/health'],
  ])('GET %s → %s', async (path, message) => {
    const reply = await apiFixture().get(path);

    expect(reply.statusCode).toBe(404);
    expect(bodyOf<ApiErrorBody>(reply)).toEqual({ error: 'not-found', message });
  });

  it('echoes at most 120 characters of an unknown path', async () => {
    const reply = await apiFixture().get(`/v1/${'x'.repeat(5_000)}`);

    expect(reply.statusCode).toBe(404);
    expect(bodyOf<ApiErrorBody>(reply).message).toBe(`no route /v1/${'x'.repeat(116)}`);
  });

  it('answers 404 for the route of a stage without a route file', async () => {
    const reply = await apiFixture({ withoutRoute: [2] }).get(`${STAGE_PATH}/route`);

    expect(reply.statusCode).toBe(404);
    expect(bodyOf<ApiErrorBody>(reply).message).toBe('stage 2 has no route');
  });

  it('answers 404 for history of a rider the tour does not have', async () => {
    const reply = await apiFixture().get(HISTORY, { query: { bib: '2', from: String(START_MS), to: HOUR } });

    expect(reply.statusCode).toBe(404);
  });
});

describe('API handler: other refusals', () => {
  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'])('answers %s with 405 and the allowed methods', async (method) => {
    const reply = await apiFixture().get(`${STAGE_PATH}/live`, { method });

    expect(reply.statusCode).toBe(405);
    expect(reply.headers?.Allow).toBe('GET, OPTIONS');
    expect(bodyOf<ApiErrorBody>(reply)).toEqual({
      error: 'method-not-allowed',
      message: `${method} is not allowed on /v1/tours/{tour}/stages/{stage}/live; use GET, OPTIONS`,
    });
  });

  it('answers 503 for history when the deployment has no history source', async () => {
    const f = apiFixture({ withoutHistory: true });

    const reply = await f.get(HISTORY, { query: { from: String(START_MS), to: HOUR } });

    expect(reply.statusCode).toBe(503);
    expect(bodyOf<ApiErrorBody>(reply)).toEqual({
      error: 'unavailable',
      message: 'history is not configured for this deployment',
    });
  });

  it('answers a store fault with a 500 that reveals nothing but the request id', async () => {
    const f = apiFixture();
    await f.deps.snapshots.putIfNewer(STAGE, snapshotAt(START_MS));
    f.deps.snapshots.faults.enqueue(
      new StoreError('GetItem failed (ResourceNotFoundException)', { cause: new Error('table arn:aws:...') }),
    );

    const reply = await f.get(`${STAGE_PATH}/live`);

    expect(reply.statusCode).toBe(500);
    expect(bodyOf<ApiErrorBody>(reply)).toEqual({
      error: 'internal',
      message: 'internal error (request test-request)',
    });
    expect(reply.body).not.toMatch(/GetItem|arn:|Exception|at /);
    expect(reply.headers?.['Cache-Control']).toBe('no-store');
    expect(f.metrics[0]).toMatchObject({ name: 'Requests', dimensions: { Route: 'live', Status: '500' } });
    await expect(f.get(`${STAGE_PATH}/live`)).resolves.toMatchObject({ statusCode: 200 });
  });
});
