import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyHandler, APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type LocalGateway } from '../../../local/gateway';
import { LOCAL_API_STAGE, LOCAL_PARTNER_IDENTITY } from '../../../local/proxy-event';

let root: string;
let gateway: LocalGateway;
const events: APIGatewayProxyEvent[] = [];
let reply: APIGatewayProxyResult = { statusCode: 200, body: '{}' };

/** A handler written for the test: records each event and answers with `reply`. */
const api: APIGatewayProxyHandler = async (event) => {
  events.push(event);
  return reply;
};

/** A raw request, so paths such as `/../x` reach the server unnormalised (fetch would resolve them). */
function rawGet(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; type?: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: gateway.port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          type: res.headers['content-type'],
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  const base = mkdtempSync(join(tmpdir(), 'gateway-test-'));
  root = join(base, 'web');
  mkdirSync(join(root, 'js'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>tour</title>');
  writeFileSync(join(root, 'js', 'app.js'), 'console.log(1);');
  writeFileSync(join(base, 'secret.txt'), 'outside the web root');
  gateway = await startGateway({ api, webRoot: root, port: 0 });
});

afterAll(async () => {
  await gateway.stop();
  rmSync(join(root, '..'), { recursive: true, force: true });
});

describe('local gateway: API routes', () => {
  it('invokes the API handler with a REST proxy event of the request', async () => {
    events.length = 0;
    reply = { statusCode: 200, headers: { 'Content-Type': 'application/json', ETag: '"v7"' }, body: '{"ok":true}' };

    const response = await fetch(`${gateway.url}/v1/tours/tdf2022/stages/7/events?since=5&kind=a&kind=b`, {
      headers: { 'x-trace': 'abc' },
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"v7"');
    expect(await response.json()).toEqual({ ok: true });
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event).toMatchObject({
      resource: '/{proxy+}',
      path: '/v1/tours/tdf2022/stages/7/events',
      httpMethod: 'GET',
      queryStringParameters: { since: '5', kind: 'b' },
      multiValueQueryStringParameters: { since: ['5'], kind: ['a', 'b'] },
      pathParameters: { proxy: 'v1/tours/tdf2022/stages/7/events' },
      body: null,
      isBase64Encoded: false,
      requestContext: {
        stage: LOCAL_API_STAGE,
        path: `/${LOCAL_API_STAGE}/v1/tours/tdf2022/stages/7/events`,
        httpMethod: 'GET',
        identity: { sourceIp: '127.0.0.1', apiKey: null },
      },
    });
    expect(event.headers['x-trace']).toBe('abc');
    expect(event.multiValueHeaders['x-trace']).toEqual(['abc']);
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives no query parameters as null, as API Gateway does', async () => {
    events.length = 0;
    reply = { statusCode: 200, body: '{}' };

    await fetch(`${gateway.url}/v1/health`);

    expect(events[0]?.queryStringParameters).toBeNull();
    expect(events[0]?.multiValueQueryStringParameters).toBeNull();
  });

  it('decodes a base64 result body and passes the status through', async () => {
    reply = {
      statusCode: 418,
      isBase64Encoded: true,
      headers: { 'Content-Type': 'application/octet-stream' },
      body: Buffer.from([1, 2, 255]).toString('base64'),
    };

    const response = await fetch(`${gateway.url}/v1/anything`);

    expect(response.status).toBe(418);
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([1, 2, 255]);
  });

  it('answers 502 when the handler throws, without its error text', async () => {
    const failing = await startGateway({
      api: async () => {
        throw new Error('secret stack detail');
      },
      webRoot: root,
      port: 0,
    });
    const response = await fetch(`${failing.url}/v1/health`);
    const text = await response.text();
    await failing.stop();

    expect(response.status).toBe(502);
    expect(text).not.toContain('secret');
  });

  it('refuses partner routes without the local partner key and labels the identity with it', async () => {
    events.length = 0;
    reply = { statusCode: 200, body: '{}' };

    const refused = await fetch(`${gateway.url}/v1/partner/tours/tdf2022/stages/7/live`);
    const allowed = await fetch(`${gateway.url}/v1/partner/tours/tdf2022/stages/7/live`, {
      headers: { 'x-api-key': LOCAL_PARTNER_IDENTITY.apiKey },
    });

    const climbed = await rawGet('/v1/tours/../partner/tours/tdf2022/stages/7/live');

    expect(refused.status).toBe(403);
    expect(climbed.status).toBe(403);
    expect(allowed.status).toBe(200);
    expect(events).toHaveLength(1);
    expect(events[0]?.requestContext.identity).toMatchObject({
      apiKey: LOCAL_PARTNER_IDENTITY.apiKey,
      apiKeyId: LOCAL_PARTNER_IDENTITY.apiKeyId,
      userArn: LOCAL_PARTNER_IDENTITY.userArn,
    });
  });
});

describe('local gateway: static files', () => {
  it('serves index.html at / and files with their content type', async () => {
    const index = await rawGet('/');
    const script = await rawGet('/js/app.js');

    expect(index).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(index.body).toContain('<title>tour</title>');
    expect(script).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8', body: 'console.log(1);' });
  });

  it('answers 404 for a missing file', async () => {
    await expect(rawGet('/nope.css')).resolves.toMatchObject({ status: 404 });
  });

  it('answers 403 to a path that climbs out of the web root', async () => {
    await expect(rawGet('/../secret.txt')).resolves.toMatchObject({ status: 403 });
    await expect(rawGet('/js/%2e%2e/%2e%2e/secret.txt')).resolves.toMatchObject({ status: 403 });
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/js/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00'])(
    'refuses the traversal %s and never serves a file outside the web root',
    async (path) => {
      const response = await rawGet(path);

      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.body).not.toContain('outside the web root');
    },
  );
});
