import { z } from 'zod';

/** The processor's environment; the one place its variables are named (CDK and local mode import these names). */
export const ProcessorEnvSchema = z.object({
  /** The single state table (rider live state and tracks). */
  STATE_TABLE_NAME: z.string().min(1),
  /** The bucket quarantined input is written to. */
  QUARANTINE_BUCKET_NAME: z.string().min(1),
  /** Tour id of the config in config/tours, e.g. `tdf2022`. */
  TOUR_ID: z.string().regex(/^[a-z0-9-]+$/, 'must be a lowercase tour id'),
  /** Endpoint of a local AWS (moto) in local mode and integration tests; unset in AWS. */
  AWS_ENDPOINT_URL: z.url().optional(),
});

/** The validated processor environment. */
export type ProcessorEnv = z.output<typeof ProcessorEnvSchema>;

/** Validates the environment once per cold start; throws with every problem listed. */
export function loadProcessorEnv(env: NodeJS.ProcessEnv): ProcessorEnv {
  return ProcessorEnvSchema.parse(env);
}
