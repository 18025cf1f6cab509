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
  /** Events with `afterMs < tMs <= untilMs`, oldest first (ties by id), at most `limit`: a fan's "what's new". */
  since(stage: StageKey, query: EventsSinceQuery): Promise<readonly RaceEvent[]>;
}

/** A range of events by time, for `EventStore.since`. */
export interface EventsSinceQuery {
  /** Exclusive lower bound, epoch ms (integer). */
  readonly afterMs: number;
  /** Inclusive upper bound, epoch ms (integer). @default no bound - the newest event */
  readonly untilMs?: number;
  /** Most events to return (the oldest of the range). */
  readonly limit: number;
}

/** Sort key prefix of every event item. */
export const EVENT_SORT_KEY_PREFIX = 'EVENT#';

/** Sort key of the stage snapshot item. */
export const SNAPSHOT_SORT_KEY = 'SNAPSHOT';

/** Sort key of an event item; the time is zero-padded so keys sort by time. */
export function eventSortKey(event: Pick<RaceEvent, 'tMs' | 'id'>): string {
  return `${EVENT_SORT_KEY_PREFIX}${String(event.tMs).padStart(14, '0')}#${event.id}`;
}

/** Largest time a 14-digit padded sort key holds (year 5138): the open upper bound of a time range. */
const MAX_PADDED_MS = 99_999_999_999_999;

/**
 * Inclusive sort key bounds of the events with `afterMs < tMs <= untilMs` (integer ms). The upper bound ends in
 * `$`, which sorts after the `#` that follows the time in every key of that millisecond, and before any later time.
 */
export function eventSortKeyRange(afterMs: number, untilMs = MAX_PADDED_MS): { from: string; to: string } {
  const pad = (ms: number): string => String(Math.min(Math.max(ms, 0), MAX_PADDED_MS)).padStart(14, '0');
  return { from: `${EVENT_SORT_KEY_PREFIX}${pad(afterMs + 1)}`, to: `${EVENT_SORT_KEY_PREFIX}${pad(untilMs)}$` };
}
