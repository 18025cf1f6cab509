import type { RaceEvent } from '../../../core/race';
import {
  eventSortKey,
  eventSortKeyRange,
  type EventsSinceQuery,
  type EventStore,
  type PutEventsResult,
} from '../../../core/ports/event-store';
import { stagePartitionKey, type StageKey } from '../../../core/ports/stage-key';
import { FaultQueue } from './faults';

/** In-memory `EventStore` with DynamoDB's semantics (JSON round-trip, first write wins, sort-key order). */
export class MemoryEventStore implements EventStore {
  /** Faults thrown by the next calls (either method). */
  readonly faults = new FaultQueue();
  private readonly stages = new Map<string, Map<string, string>>();

  putAll(stage: StageKey, events: readonly RaceEvent[]): Promise<PutEventsResult> {
    this.faults.check();
    const pk = stagePartitionKey(stage);
    const stored = this.stages.get(pk) ?? new Map<string, string>();
    this.stages.set(pk, stored);
    let written = 0;
    for (const event of events) {
      const sk = eventSortKey(event);
      if (stored.has(sk)) continue;
      stored.set(sk, JSON.stringify(event));
      written += 1;
    }
    return Promise.resolve({ written, skipped: events.length - written });
  }

  latest(stage: StageKey, limit: number): Promise<readonly RaceEvent[]> {
    this.faults.check();
    const stored = this.stages.get(stagePartitionKey(stage)) ?? new Map<string, string>();
    const keys = [...stored.keys()].sort().reverse().slice(0, Math.max(0, limit));
    return Promise.resolve(keys.map((sk) => JSON.parse(stored.get(sk)!) as RaceEvent));
  }

  since(stage: StageKey, query: EventsSinceQuery): Promise<readonly RaceEvent[]> {
    this.faults.check();
    if (query.untilMs !== undefined && query.untilMs <= query.afterMs) return Promise.resolve([]);
    const stored = this.stages.get(stagePartitionKey(stage)) ?? new Map<string, string>();
    // The same inclusive key range the DynamoDB adapter queries, compared the same way (code units of ASCII keys).
    const { from, to } = eventSortKeyRange(query.afterMs, query.untilMs);
    const keys = [...stored.keys()]
      .filter((sk) => sk >= from && sk <= to)
      .sort()
      .slice(0, Math.max(0, query.limit));
    return Promise.resolve(keys.map((sk) => JSON.parse(stored.get(sk)!) as RaceEvent));
  }
}
