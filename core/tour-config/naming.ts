import type { TourConfig } from './schema';

/** Parts of one tour's deployment, one stack each (STYLE §3: stack ids `TourTracker-<tourId>-<Part>`). */
export type StackPart = 'Core';

/** The stack id of one part of a tour's deployment, e.g. `TourTracker-tdf2024-Core`. */
export function stackId(config: Pick<TourConfig, 'id'>, part: StackPart): string {
  return `TourTracker-${config.id}-${part}`;
}

/** Cost-allocation tags put on every resource of a tour's stacks; `component` is added per construct. */
export function tourTags(config: Pick<TourConfig, 'id'>): Readonly<Record<'tour' | 'cost-centre', string>> {
  return { tour: config.id, 'cost-centre': `tour-tracker-${config.id}` };
}
