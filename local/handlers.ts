import type { APIGatewayProxyHandler, KinesisStreamHandler } from 'aws-lambda';
import { createAggregatorHandler, type AggregatorHandler } from '../lambdas/aggregator/handler';
import { makeAggregatorDeps } from '../lambdas/aggregator/deps';
import { loadAggregatorEnv } from '../lambdas/aggregator/env';
import { createApiHandler } from '../lambdas/api/app';
import { makeApiDeps } from '../lambdas/api/deps';
import { loadApiEnv } from '../lambdas/api/env';
import { createProcessorHandler } from '../lambdas/processor/handler';
import { makeProcessorDeps } from '../lambdas/processor/deps';
import { loadProcessorEnv } from '../lambdas/processor/env';
import type { LocalResources } from './resources';
import { historyStoreVariables } from '../lambdas/shared/env-fields';

/** The three handlers local mode runs, built from the same code and environment variables as in Lambda. */
export interface LocalHandlers {
  readonly processor: KinesisStreamHandler;
  readonly aggregator: AggregatorHandler;
  readonly api: APIGatewayProxyHandler;
}

/**
 * The environment every local handler gets: each handler's zod schema (lambdas/<name>/env.ts) picks its own
 * variables and ignores the rest, so one superset serves all three, as the stacks set them per function.
 */
export function localHandlerEnv(tourId: string, resources: LocalResources, endpoint: string): Record<string, string> {
  const { names } = resources;
  return {
    TOUR_ID: tourId,
    STATE_TABLE_NAME: names.stateTable,
    QUARANTINE_BUCKET_NAME: names.quarantineBucket,
    ARCHIVE_BUCKET_NAME: names.archiveBucket,
    ...historyStoreVariables(
      resources.historyStore === 'timestream'
        ? { store: 'timestream', databaseName: names.timestreamDatabase, tableName: names.timestreamTable }
        : { store: 'none' },
    ),
    EVENT_BUS_NAME: names.eventBus,
    AWS_ENDPOINT_URL: endpoint,
  };
}

/** The handlers local mode runs, by name. */
export type LocalHandlerName = keyof LocalHandlers;

/** Builds one handler from its environment and the race clock, as its Lambda entry point does on a cold start. */
export type LocalHandlerBuilder = <N extends LocalHandlerName>(name: N) => LocalHandlers[N];

/**
 * Builds the real handlers from their factories and real deps (AWS adapters on moto), as each Lambda entry point
 * does on a cold start, but from an environment given per handler rather than `process.env`, so two rehearsals in
 * one process stay apart (and the fault suite can point one handler at a proxy). The deps' SDK clients still take
 * region and credentials from `process.env` (set by `localAwsEnv`). `nowMs` is the race clock: the processor's
 * freshness metric and the API's public-tier lag are measured on it. Returns the builder of one handler, for a
 * cold start of that handler alone.
 */
export function localHandlerBuilder(
  envOf: (handler: LocalHandlerName) => Record<string, string>,
  nowMs: () => number,
): LocalHandlerBuilder {
  const builders: { readonly [N in LocalHandlerName]: () => LocalHandlers[N] } = {
    processor: () => createProcessorHandler({ ...makeProcessorDeps(loadProcessorEnv(envOf('processor'))), now: nowMs }),
    aggregator: () => createAggregatorHandler(makeAggregatorDeps(loadAggregatorEnv(envOf('aggregator')))),
    api: () => createApiHandler({ ...makeApiDeps(loadApiEnv(envOf('api'))), now: nowMs }),
  };
  return (name) => builders[name]();
}

/** All three handlers, each built by `build`. */
export function localHandlers(build: LocalHandlerBuilder): LocalHandlers {
  return { processor: build('processor'), aggregator: build('aggregator'), api: build('api') };
}
