import type { RaceEvent } from '../race';
import type { StageKey } from './stage-key';

/** Publishes new race events for the social-media and partner feeds (an EventBridge bus in AWS). */
export interface EventBus {
  /**
   * Publishes the events; consumers must tolerate a repeat (delivery is at least once) and can de-duplicate by
   * the event's deterministic `id`. Throttling surfaces as `StoreThrottledError`.
   */
  publish(stage: StageKey, events: readonly RaceEvent[]): Promise<void>;
}
