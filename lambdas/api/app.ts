import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyHandler, APIGatewayProxyResult } from 'aws-lambda';
import { processLogger } from '../shared/powertools';
import type { ApiDeps } from './api-deps';
import { corsFor, dispatch, findRoute } from './dispatch';
import { errorReply } from './responses';

/**
 * The API handler over its deps: routes the request (dispatch.ts), turns any fault into a 500 that reveals
 * nothing but the request id, and emits `Requests` and `LatencyMilliseconds` by `Route` and `Status`
 * (STYLE.md §3: low-cardinality dimensions only; never the tour, stage or bib).
 */
export function createApiHandler(deps: ApiDeps): APIGatewayProxyHandler {
  const logger = processLogger('api');
  return async (event, context) => {
    logger.addContext(context);
    const startedMs = performance.now();
    const found = findRoute(event.path);
    let reply: APIGatewayProxyResult;
    try {
      reply = await dispatch(deps, event, found);
    } catch (error) {
      logger.error('request failed', { path: event.path, method: event.httpMethod, error });
      const message = `internal error (request ${context.awsRequestId})`;
      reply = errorReply(500, 'internal', message, corsFor(deps, found));
    }
    const latencyMs = performance.now() - startedMs;
    const route = found?.route.name ?? 'unmatched';
    logger.debug('request served', { route, status: reply.statusCode, latencyMs });
    deps.metrics.addDimensions({ Route: route, Status: String(reply.statusCode) });
    deps.metrics.addMetric('Requests', MetricUnit.Count, 1);
    deps.metrics.addMetric('LatencyMilliseconds', MetricUnit.Milliseconds, latencyMs);
    deps.metrics.publishStoredMetrics();
    return reply;
  };
}
