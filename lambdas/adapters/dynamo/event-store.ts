import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RaceEvent } from '../../../core/race';
import { storeErrorOf, StoreError } from '../../../core/ports/errors';
import {
  EVENT_SORT_KEY_PREFIX,
  eventSortKey,
  eventSortKeyRange,
  type EventsSinceQuery,
  type EventStore,
  type PutEventsResult,
} from '../../../core/ports/event-store';
import { stagePartitionKey, type StageKey } from '../../../core/ports/stage-key';
import { conditionalPuts } from './conditional-put';
import { queryUpTo } from './query-all';

/** Race events in the state table, one item per event; the first write of an event wins (idempotent). */
export class DynamoEventStore implements EventStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putAll(stage: StageKey, events: readonly RaceEvent[]): Promise<PutEventsResult> {
    const pk = stagePartitionKey(stage);
    return conditionalPuts(
      this.client,
      events.map((event) => ({
        TableName: this.tableName,
        Item: {
          pk,
          sk: eventSortKey(event),
          id: event.id,
          kind: event.kind,
          tMs: event.tMs,
          event: JSON.stringify(event),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      })),
    );
  }

  async latest(stage: StageKey, limit: number): Promise<readonly RaceEvent[]> {
    if (limit <= 0) return [];
    const page = await this.client
      .send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': stagePartitionKey(stage), ':prefix': EVENT_SORT_KEY_PREFIX },
          ScanIndexForward: false,
          Limit: limit,
        }),
      )
      .catch((error: unknown) => {
        throw storeErrorOf('Query', error);
      });
    return (page.Items ?? []).map(eventOfItem);
  }

  async since(stage: StageKey, query: EventsSinceQuery): Promise<readonly RaceEvent[]> {
    if (query.limit <= 0 || (query.untilMs !== undefined && query.untilMs <= query.afterMs)) return [];
    const { from, to } = eventSortKeyRange(query.afterMs, query.untilMs);
    const items = await queryUpTo(
      this.client,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': stagePartitionKey(stage), ':from': from, ':to': to },
        ScanIndexForward: true,
      },
      query.limit,
    );
    return items.map(eventOfItem);
  }
}

/** The race event an event item holds. */
export function eventOfItem(item: Record<string, unknown>): RaceEvent {
  if (typeof item.event !== 'string') throw new StoreError(`event item ${String(item.sk)} has no event blob`);
  return JSON.parse(item.event) as RaceEvent;
}
