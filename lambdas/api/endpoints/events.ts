import type { RaceEvent } from '../../../core/race';
import { badRequest, ok } from '../outcome';
import { EventsQuery, parseParams } from '../params';
import type { TierPolicy } from '../tiers';
import { resolveStage } from './stage-lookup';
import type { Endpoint } from './endpoint';

/** Race events of a stage after a time, as a tier sees them. */
export interface EventsBody {
  readonly tour: string;
  readonly stage: number;
  readonly tier: TierPolicy['tier'];
  readonly lagSeconds: number;
  /** The `since` asked for, epoch ms. */
  readonly since: number;
  /**
   * The `since` of the next poll. When the reply is full (`limit` events) it steps back 1 ms so events sharing
   * the last event's millisecond are not skipped; clients de-duplicate by event `id`.
   */
  readonly next: number;
  /** Oldest first. */
  readonly events: readonly RaceEvent[];
}

/** `GET /v1[/partner]/tours/{tour}/stages/{stage}/events?since=&limit=`: events newer than `since`, oldest first. */
export const eventsEndpoint: Endpoint = async (deps, request) => {
  const stage = resolveStage(deps, request.params);
  if (!stage.ok) return stage;
  const query = parseParams(EventsQuery, request.query);
  if (!query.ok) return badRequest(query.message);
  const { since, limit } = query.value;
  const events = await deps.events.since(stage.value.key, {
    afterMs: since,
    untilMs: request.policy.cutoffMs,
    limit,
  });
  const last = events[events.length - 1];
  const body: EventsBody = {
    tour: deps.tourId,
    stage: stage.value.key.stage,
    tier: request.policy.tier,
    lagSeconds: request.policy.lagSeconds,
    since,
    next: last === undefined ? since : events.length === limit ? Math.max(since, last.tMs - 1) : last.tMs,
    events,
  };
  return ok(body);
};
