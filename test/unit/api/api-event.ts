import type { APIGatewayProxyEvent } from 'aws-lambda';

/** What a test sets on a REST proxy event; the rest is filled as API Gateway fills it. */
export interface ApiEventOptions {
  readonly method?: string;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
}

/**
 * A REST API proxy event for `path` as API Gateway sends it to the handler (`resource` deliberately a proxy
 * resource: the handler must route on `path`).
 */
export function apiEvent(path: string, options: ApiEventOptions = {}): APIGatewayProxyEvent {
  const method = options.method ?? 'GET';
  const headers = options.headers ?? {};
  const query = options.query ?? null;
  return {
    body: null,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    httpMethod: method,
    isBase64Encoded: false,
    path,
    pathParameters: { proxy: path.slice(1) },
    queryStringParameters: query,
    multiValueQueryStringParameters: query && Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]])),
    stageVariables: null,
    resource: '/{proxy+}',
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      authorizer: undefined,
      protocol: 'HTTP/1.1',
      httpMethod: method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '127.0.0.1',
        user: null,
        userAgent: 'vitest',
        userArn: null,
      },
      path: `/prod${path}`,
      stage: 'prod',
      requestId: 'request-1',
      requestTimeEpoch: 0,
      resourceId: 'proxy',
      resourcePath: '/{proxy+}',
    },
  };
}
