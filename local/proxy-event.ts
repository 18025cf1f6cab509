import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID } from './lambda-context';

/** The REST API's stage name, the first segment API Gateway puts in `requestContext.path`. */
export const LOCAL_API_STAGE = 'local';

/**
 * The identity local mode gives partner routes, clearly labelled as local: the API key a partner sends in
 * `x-api-key` (API Gateway's usage-plan check), and the IAM user the history route's SigV4 would resolve to.
 */
export const LOCAL_PARTNER_IDENTITY = {
  apiKey: 'local-partner-key',
  apiKeyId: 'local-partner',
  userArn: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:user/local-partner`,
  caller: 'LOCALPARTNER',
} as const;

/** Partner routes live under this prefix (lambdas/api/routes.ts). */
export const PARTNER_PATH_PREFIX = '/v1/partner/';

/** One HTTP request as the gateway read it. */
export interface GatewayRequest {
  readonly method: string;
  /** Path and query, as on the request line (`/v1/tours/x/stages?x=1`). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly sourceIp: string;
}

/**
 * The REST API proxy-integration event (`APIGatewayProxyEvent`) API Gateway would send for the request: single and
 * multi-value headers and query parameters, `{proxy+}` path parameters, and a request context with the stage,
 * request id, caller identity and time. Partner routes (`/v1/partner/...`) carry the local partner identity (the
 * gateway lets only requests with its key through, as API Gateway's usage plan would).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 */
export function proxyEvent(request: GatewayRequest, nowMs: number = Date.now()): APIGatewayProxyEvent {
  const url = new URL(request.url, 'http://127.0.0.1');
  // Still percent-encoded, as a REST API delivers it: the handler decodes each segment after splitting on `/`.
  const path = url.pathname;
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    multiValueHeaders[name] = values;
    headers[name] = values[values.length - 1] ?? '';
  }
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) {
    (multiQuery[name] ??= []).push(value);
    query[name] = value;
  }
  const partner = path.startsWith(PARTNER_PATH_PREFIX);
  const text = request.body.length > 0 ? bodyOf(request) : null;
  const requestId = randomUUID();
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: url.searchParams.size > 0 ? query : null,
    multiValueQueryStringParameters: url.searchParams.size > 0 ? multiQuery : null,
    pathParameters: { proxy: path.replace(/^\//, '') },
    stageVariables: null,
    body: text?.body ?? null,
    isBase64Encoded: text?.isBase64Encoded ?? false,
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: 'local',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: request.method,
      path: `/${LOCAL_API_STAGE}${path}`,
      stage: LOCAL_API_STAGE,
      requestId,
      requestTimeEpoch: nowMs,
      resourceId: 'local',
      resourcePath: '/{proxy+}',
      identity: {
        accessKey: null,
        accountId: partner ? LOCAL_ACCOUNT_ID : null,
        apiKey: partner ? LOCAL_PARTNER_IDENTITY.apiKey : null,
        apiKeyId: partner ? LOCAL_PARTNER_IDENTITY.apiKeyId : null,
        caller: partner ? LOCAL_PARTNER_IDENTITY.caller : null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent: headers['user-agent'] ?? null,
        userArn: partner ? LOCAL_PARTNER_IDENTITY.userArn : null,
      },
    },
  };
}

/** Text bodies pass as UTF-8; anything else is base64, as API Gateway does for binary media types. */
function bodyOf(request: GatewayRequest): { body: string; isBase64Encoded: boolean } {
  const type = String(request.headers['content-type'] ?? '');
  const textual = type === '' || /^(text\/|application\/(json|x-www-form-urlencoded|xml))/.test(type);
  return textual
    ? { body: request.body.toString('utf8'), isBase64Encoded: false }
    : { body: request.body.toString('base64'), isBase64Encoded: true };
}

/** What a caller sets on a REST proxy event for a path; the rest is filled as API Gateway fills it. */
export interface PathEventOptions {
  readonly method?: string;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
}

/**
 * The proxy event of a bodyless request for `path` from 127.0.0.1, dated epoch 0: what tests and benchmarks feed
 * the API handler, built exactly as the local gateway builds it for a real request.
 */
export function pathEvent(path: string, options: PathEventOptions = {}): APIGatewayProxyEvent {
  const query = options.query === undefined ? '' : new URLSearchParams(options.query).toString();
  return proxyEvent(
    {
      method: options.method ?? 'GET',
      url: query === '' ? path : `${path}?${query}`,
      headers: { 'user-agent': 'tour-tracker', ...options.headers },
      body: Buffer.alloc(0),
      sourceIp: '127.0.0.1',
    },
    0,
  );
}
