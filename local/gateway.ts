import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyHandler, APIGatewayProxyResult } from 'aws-lambda';
import { invokeHandler, localLambdaContext } from './lambda-context';
import { LOCAL_PARTNER_IDENTITY, PARTNER_PATH_PREFIX, proxyEvent } from './proxy-event';
import { readStaticFile } from './static-files';

/** How to run the local gateway. */
export interface GatewayOptions {
  /** The API handler the REST API's `/v1/{proxy+}` integration invokes. */
  readonly api: APIGatewayProxyHandler;
  /** Folder served for every path outside `/v1/` (the second-screen page). */
  readonly webRoot: string;
  /** Port on 127.0.0.1; 0 = any free port. */
  readonly port: number;
  /** Called once per failed API invocation (the gateway answers 502 as API Gateway does). */
  readonly onError?: (error: unknown) => void;
}

/** A running gateway. */
export interface LocalGateway {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Largest request body accepted, bytes (API Gateway's payload limit is 10 MB). */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * The local stand-in for API Gateway + the static site: `/v1/...` becomes a REST proxy event for the API handler
 * and its result the HTTP answer (base64 bodies decoded); every other path is a file under `webRoot`. Listens on
 * 127.0.0.1 only.
 */
export async function startGateway(options: GatewayOptions): Promise<LocalGateway> {
  const server: Server = createServer((request, response) => {
    handle(options, request, response).catch((error: unknown) => {
      options.onError?.(error);
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ message: 'Internal server error' }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(options: GatewayOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = request.url ?? '/';
  const pathname = url.split('?')[0] ?? '/';
  // The API path as the handler will see it (dot segments collapsed), so `/v1/tours/../partner/…` needs the key too.
  const apiPath = new URL(url, 'http://127.0.0.1').pathname;
  if (apiPath === '/v1' || apiPath.startsWith('/v1/')) {
    if (apiPath.startsWith(PARTNER_PATH_PREFIX) && request.headers['x-api-key'] !== LOCAL_PARTNER_IDENTITY.apiKey) {
      // API Gateway's answer to a missing or unknown API key on a key-protected method.
      response.writeHead(403, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ message: 'Forbidden' }));
      return;
    }
    const body = await readBody(request);
    if (body === undefined) {
      response.writeHead(413, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ message: 'Request Too Long' }));
      return;
    }
    const event = proxyEvent({
      method: request.method ?? 'GET',
      url,
      headers: request.headers,
      body,
      sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
    });
    let result: APIGatewayProxyResult | undefined;
    try {
      result = (await invokeHandler(options.api, event, localLambdaContext('api', 29_000))) ?? undefined;
    } catch (error) {
      options.onError?.(error);
    }
    writeProxyResult(response, result);
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' });
    response.end();
    return;
  }
  const file = await readStaticFile(options.webRoot, pathname);
  if (!file.ok) {
    response.writeHead(file.status, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(file.status === 403 ? 'Forbidden' : 'Not Found');
    return;
  }
  response.writeHead(200, {
    'Content-Type': file.contentType,
    'Content-Length': file.body.length,
    'Cache-Control': 'no-cache',
  });
  response.end(request.method === 'HEAD' ? undefined : file.body);
}

/** Writes a proxy result as API Gateway does; a missing or malformed result is a 502 ("Malformed Lambda proxy response"). */
function writeProxyResult(response: ServerResponse, result: APIGatewayProxyResult | undefined): void {
  if (result === undefined || typeof result.statusCode !== 'number') {
    response.writeHead(502, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ message: 'Internal server error' }));
    return;
  }
  for (const [name, value] of Object.entries(result.headers ?? {})) response.setHeader(name, String(value));
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    response.setHeader(
      name,
      values.map((v) => String(v)),
    );
  }
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body ?? '', 'utf8');
  response.writeHead(result.statusCode);
  response.end(body);
}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
