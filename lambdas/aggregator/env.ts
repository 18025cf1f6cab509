import { z } from 'zod';

/** The aggregator's environment; the one place its variables are named (CDK and local mode import these names). */
export const AggregatorEnvSchema = z.object({
  /** The single state table: rider live state in, stage snapshot and race events out. */
  STATE_TABLE_NAME: z.string().min(1),
  /** Tour id of the config in config/tours, e.g. `tdf2022`. */
  TOUR_ID: z.string().regex(/^[a-z0-9-]+$/, 'must be a lowercase tour id'),
  /** EventBridge bus new race events are published to; unset: events are only stored. */
  EVENT_BUS_NAME: z.string().min(1).optional(),
  /** Endpoint of a local AWS (moto) in local mode and integration tests; unset in AWS. */
  AWS_ENDPOINT_URL: z.url().optional(),
});

/** The validated aggregator environment. */
export type AggregatorEnv = z.output<typeof AggregatorEnvSchema>;

/** Validates the environment once per cold start; throws with every problem listed. */
export function loadAggregatorEnv(env: NodeJS.ProcessEnv): AggregatorEnv {
  return AggregatorEnvSchema.parse(env);
}
