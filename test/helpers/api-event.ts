import type { APIGatewayProxyEvent } from 'aws-lambda';
import { proxyEvent } from '../../local/proxy-event';

/** What a test sets on a REST proxy event; the rest is filled as API Gateway fills it. */
export interface ApiEventOptions {
  readonly method?: string;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
}

/**
 * A REST API proxy event for `path` as API Gateway sends it to the handler: local mode's event (local/proxy-event.ts),
 * so tests and local mode feed the handler alike (`resource` a proxy resource: the handler must route on `path`).
 */
export function apiEvent(path: string, options: ApiEventOptions = {}): APIGatewayProxyEvent {
  const query = options.query === undefined ? '' : new URLSearchParams(options.query).toString();
  return proxyEvent(
    {
      method: options.method ?? 'GET',
      url: query === '' ? path : `${path}?${query}`,
      headers: { 'user-agent': 'vitest', ...options.headers },
      body: Buffer.alloc(0),
      sourceIp: '127.0.0.1',
    },
    0,
  );
}
