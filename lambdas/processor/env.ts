import { z } from 'zod';
import {
  HISTORY_STORE_ENV_FIELDS,
  historyStoreComplete,
  LOCAL_ENDPOINT_ENV_FIELDS,
  TABLE_AND_TOUR_ENV_FIELDS,
} from '../shared/env-fields';

/** The processor's environment; the one place its variables are named (CDK and local mode import these names). */
export const ProcessorEnvSchema = z
  .object({
    // STATE_TABLE_NAME (rider live state and tracks) and TOUR_ID.
    ...TABLE_AND_TOUR_ENV_FIELDS,
    /** The bucket quarantined input is written to. */
    QUARANTINE_BUCKET_NAME: z.string().min(1),
    // Where every accepted fix is also written (DESIGN §9); `none` keeps history in the S3 archive only.
    ...HISTORY_STORE_ENV_FIELDS,
    ...LOCAL_ENDPOINT_ENV_FIELDS,
  })
  .check(historyStoreComplete);

/** The validated processor environment. */
export type ProcessorEnv = z.output<typeof ProcessorEnvSchema>;

/** Validates the environment once per cold start; throws with every problem listed. */
export function loadProcessorEnv(env: NodeJS.ProcessEnv): ProcessorEnv {
  return ProcessorEnvSchema.parse(env);
}
