import type { RaceEvent } from '../race';
import type { PutIfNewerResult } from './rider-state-store';
import type { StageKey } from './stage-key';

/** Outcome of `putAll`: events written, and events skipped because they were already stored. */
export type PutEventsResult = PutIfNewerResult;

/** Race events of a stage, one item per event (sort key `EVENT#<tMs padded>#<id>`). */
export interface EventStore {
  /** Stores the events; an event already stored (same time and id) is skipped, so a replay writes nothing. */
  putAll(stage: StageKey, events: readonly RaceEvent[]): Promise<PutEventsResult>;
  /** The newest `limit` events of the stage, newest first (ties by id, descending). */
  latest(stage: StageKey, limit: number): Promise<readonly RaceEvent[]>;
}

/** Sort key of an event item; the time is zero-padded so keys sort by time. */
export function eventSortKey(event: Pick<RaceEvent, 'tMs' | 'id'>): string {
  return `EVENT#${String(event.tMs).padStart(14, '0')}#${event.id}`;
}

/** Sort key prefix of every event item. */
export const EVENT_SORT_KEY_PREFIX = 'EVENT#';

/** Sort key of the stage snapshot item. */
export const SNAPSHOT_SORT_KEY = 'SNAPSHOT';
