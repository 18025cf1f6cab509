import type { APIGatewayProxyHandler } from 'aws-lambda';
import { createApiHandler } from './app';
import { makeApiDeps } from './deps';
import { loadApiEnv } from './env';

let cold: APIGatewayProxyHandler | undefined;

/**
 * The Lambda entry point (API Gateway REST proxy integration, also called by the local gateway): env and deps
 * are built on the first invocation of a cold start.
 */
export const handler: APIGatewayProxyHandler = (event, context, callback) => {
  cold ??= createApiHandler(makeApiDeps(loadApiEnv(process.env)));
  return cold(event, context, callback);
};
