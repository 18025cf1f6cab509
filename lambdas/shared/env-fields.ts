import { z } from 'zod';
import { HistoryStore } from '../../core/tour-config/schema';

/** Metric namespace of every tour-tracker metric (STYLE.md §3): the handlers publish to it, the dashboard reads it. */
export const METRICS_NAMESPACE = 'TourTracker';

/**
 * Variables every handler reads, spread into each handler's env schema so that a rule (the tour id's form, the
 * endpoint override) is written once. First in each schema, so a validation error lists them first.
 */
export const TABLE_AND_TOUR_ENV_FIELDS = {
  /** The single state table (each handler's schema says what it reads and writes there). */
  STATE_TABLE_NAME: z.string().min(1),
  /** Tour id of the config in config/tours, e.g. `tdf2022`. */
  TOUR_ID: z.string().regex(/^[a-z0-9-]+$/, 'must be a lowercase tour id'),
};

/** Where partner history lives; schemas that spread these add `.check(historyStoreComplete)`. */
export const HISTORY_STORE_ENV_FIELDS = {
  /** `timestream`: the Timestream fixes table (DESIGN §9); `none`: the S3 raw archive only. @default none */
  HISTORY_STORE: HistoryStore.default('none'),
  /** Timestream database of the fix history; required when `HISTORY_STORE` is `timestream`. */
  TIMESTREAM_DATABASE_NAME: z.string().min(1).optional(),
  /** Timestream table of the fix history; required when `HISTORY_STORE` is `timestream`. */
  TIMESTREAM_TABLE_NAME: z.string().min(1).optional(),
};

/** The endpoint override; last in each schema. */
export const LOCAL_ENDPOINT_ENV_FIELDS = {
  /** Endpoint of a local AWS (moto) in local mode and integration tests; unset in AWS. */
  AWS_ENDPOINT_URL: z.url().optional(),
};

/** The history fields as parsed. */
export type HistoryStoreEnv = z.output<z.ZodObject<typeof HISTORY_STORE_ENV_FIELDS>>;

/** HISTORY_STORE=timestream needs both Timestream names (reported on HISTORY_STORE). */
export const historyStoreComplete = z.refine<HistoryStoreEnv>(
  (env) =>
    env.HISTORY_STORE === 'none' ||
    (env.TIMESTREAM_DATABASE_NAME !== undefined && env.TIMESTREAM_TABLE_NAME !== undefined),
  {
    message: 'HISTORY_STORE timestream needs TIMESTREAM_DATABASE_NAME and TIMESTREAM_TABLE_NAME',
    path: ['HISTORY_STORE'],
  },
);

/** Where a function finds the fix history: the Timestream database and table, or none (the S3 archive only). */
export type HistoryStoreLocation =
  | {
      readonly store: Extract<HistoryStore, 'timestream'>;
      readonly databaseName: string;
      readonly tableName: string;
    }
  | { readonly store: Extract<HistoryStore, 'none'> };

/** The HISTORY_STORE_ENV_FIELDS variables as a function is given them (by the stacks and by local mode). */
export type HistoryStoreVariables = Readonly<
  { HISTORY_STORE: HistoryStore } & Partial<Record<keyof typeof HISTORY_STORE_ENV_FIELDS, string>>
>;

/** The variables that tell a handler where the fix history is: the one mapping from the store to the environment. */
export function historyStoreVariables(location: HistoryStoreLocation): HistoryStoreVariables {
  if (location.store === 'none') return { HISTORY_STORE: 'none' };
  return {
    HISTORY_STORE: 'timestream',
    TIMESTREAM_DATABASE_NAME: location.databaseName,
    TIMESTREAM_TABLE_NAME: location.tableName,
  };
}
