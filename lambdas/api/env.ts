import { z } from 'zod';
import {
  HISTORY_STORE_ENV_FIELDS,
  historyStoreComplete,
  LOCAL_ENDPOINT_ENV_FIELDS,
  TABLE_AND_TOUR_ENV_FIELDS,
} from '../shared/env-fields';

/** The API's environment; the one place its variables are named (CDK and local mode import these names). */
export const ApiEnvSchema = z
  .object({
    // STATE_TABLE_NAME (snapshot, events, rider tracks) and TOUR_ID (the only tour the API serves).
    ...TABLE_AND_TOUR_ENV_FIELDS,
    // Where partner history is read from: Timestream when the tour has it, else the S3 raw archive.
    ...HISTORY_STORE_ENV_FIELDS,
    /** Raw archive bucket, read for partner history when HISTORY_STORE=none; unset = no history route. */
    ARCHIVE_BUCKET_NAME: z.string().min(1).optional(),
    /** Access-Control-Allow-Origin for public GETs (the second-screen page). @default * */
    CORS_ALLOW_ORIGIN: z.string().min(1).default('*'),
    ...LOCAL_ENDPOINT_ENV_FIELDS,
  })
  .check(historyStoreComplete);

/** The validated API environment. */
export type ApiEnv = z.output<typeof ApiEnvSchema>;

/** Validates the environment once per cold start; throws with every problem listed. */
export function loadApiEnv(env: NodeJS.ProcessEnv): ApiEnv {
  return ApiEnvSchema.parse(env);
}
