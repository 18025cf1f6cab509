import { z } from 'zod';

/** The API's environment; the one place its variables are named (CDK and local mode import these names). */
export const ApiEnvSchema = z
  .object({
    /** The single state table: snapshot, events, rider tracks. */
    STATE_TABLE_NAME: z.string().min(1),
    /** Tour id of the deployed config in config/tours, e.g. `tdf2022`; the only tour the API serves. */
    TOUR_ID: z.string().regex(/^[a-z0-9-]+$/, 'must be a lowercase tour id'),
    /** Where partner history is read from: Timestream when the tour has it, else the S3 raw archive. @default none */
    HISTORY_STORE: z.enum(['timestream', 'none']).default('none'),
    /** Timestream database of the fixes table (HISTORY_STORE=timestream). */
    TIMESTREAM_DATABASE_NAME: z.string().min(1).optional(),
    /** Timestream fixes table (HISTORY_STORE=timestream). */
    TIMESTREAM_TABLE_NAME: z.string().min(1).optional(),
    /** Raw archive bucket, read for partner history when HISTORY_STORE=none; unset = no history route. */
    ARCHIVE_BUCKET_NAME: z.string().min(1).optional(),
    /** Access-Control-Allow-Origin for public GETs (the second-screen page). @default * */
    CORS_ALLOW_ORIGIN: z.string().min(1).default('*'),
    /** Endpoint of a local AWS (moto) in local mode and integration tests; unset in AWS. */
    AWS_ENDPOINT_URL: z.url().optional(),
  })
  .refine(
    (env) =>
      env.HISTORY_STORE === 'none' ||
      (env.TIMESTREAM_DATABASE_NAME !== undefined && env.TIMESTREAM_TABLE_NAME !== undefined),
    {
      message: 'HISTORY_STORE timestream needs TIMESTREAM_DATABASE_NAME and TIMESTREAM_TABLE_NAME',
      path: ['HISTORY_STORE'],
    },
  );

/** The validated API environment. */
export type ApiEnv = z.output<typeof ApiEnvSchema>;

/** Validates the environment once per cold start; throws with every problem listed. */
export function loadApiEnv(env: NodeJS.ProcessEnv): ApiEnv {
  return ApiEnvSchema.parse(env);
}
