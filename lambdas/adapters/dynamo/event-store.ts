import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RaceEvent } from '../../race';
import { storeErrorOf, StoreError } from '../errors';
import { EVENT_SORT_KEY_PREFIX, eventSortKey, type EventStore, type PutEventsResult } from '../event-store';
import { stagePartitionKey, type StageKey } from '../stage-key';
import { conditionalPuts } from './conditional-put';

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
    return (page.Items ?? []).map((item) => {
      if (typeof item.event !== 'string') throw new StoreError(`event item ${String(item.sk)} has no event blob`);
      return JSON.parse(item.event) as RaceEvent;
    });
  }
}
