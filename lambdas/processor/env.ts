import { z } from 'zod';

/** The processor's environment; the one place its variables are named (CDK and local mode import these names). */
export const ProcessorEnvSchema = z
  .object({
    /** The single state table (rider live state and tracks). */
    STATE_TABLE_NAME: z.string().min(1),
    /** The bucket quarantined input is written to. */
    QUARANTINE_BUCKET_NAME: z.string().min(1),
    /** Tour id of the config in config/tours, e.g. `tdf2022`. */
    TOUR_ID: z.string().regex(/^[a-z0-9-]+$/, 'must be a lowercase tour id'),
    /** Where every accepted fix is also written (DESIGN §9); `none` keeps history in the S3 archive only. */
    HISTORY_STORE: z.enum(['timestream', 'none']).default('none'),
    /** Timestream database of the fix history; required when `HISTORY_STORE` is `timestream`. */
    TIMESTREAM_DATABASE_NAME: z.string().min(1).optional(),
    /** Timestream table of the fix history; required when `HISTORY_STORE` is `timestream`. */
    TIMESTREAM_TABLE_NAME: z.string().min(1).optional(),
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

/** The validated processor environment. */
export type ProcessorEnv = z.output<typeof ProcessorEnvSchema>;

/** Validates the environment once per cold start; throws with every problem listed. */
export function loadProcessorEnv(env: NodeJS.ProcessEnv): ProcessorEnv {
  return ProcessorEnvSchema.parse(env);
}
