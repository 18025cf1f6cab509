import { z } from 'zod';
import { LOCAL_ENDPOINT_ENV_FIELDS, TABLE_AND_TOUR_ENV_FIELDS } from '../shared/env-fields';

/** The aggregator's environment; the one place its variables are named (CDK and local mode import these names). */
export const AggregatorEnvSchema = z.object({
  // The state table: rider live state in, stage snapshot, passages and race events out.
  ...TABLE_AND_TOUR_ENV_FIELDS,
  /** EventBridge bus new race events are published to; unset: events are only stored. */
  EVENT_BUS_NAME: z.string().min(1).optional(),
  ...LOCAL_ENDPOINT_ENV_FIELDS,
});

/** The validated aggregator environment. */
export type AggregatorEnv = z.output<typeof AggregatorEnvSchema>;

/** Validates the environment once per cold start; throws with every problem listed. */
export function loadAggregatorEnv(env: NodeJS.ProcessEnv): AggregatorEnv {
  return AggregatorEnvSchema.parse(env);
}
