import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StoreError } from '../../../core/ports/errors';
import type { PutIfNewerResult, RiderStateStore, StoredRider } from '../../../core/ports/rider-state-store';
import { stagePartitionKey, type StageKey } from '../../../core/ports/stage-key';
import { conditionalPuts } from './conditional-put';
import { batchGetAll } from './batch-get';
import { riderSortKey } from './table-definition';

/**
 * Rider live state in the state table, one item per rider. The engine state is kept as a JSON blob (`state`):
 * it holds optional fields and nested device tracks that DynamoDB would not round-trip as is; `newestFixMs`,
 * `tMs` and `distanceMeters` are top-level so the condition and readers can use them.
 */
export class DynamoRiderStateStore implements RiderStateStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async load(stage: StageKey, bibs: readonly number[]): Promise<ReadonlyMap<number, StoredRider>> {
    const pk = stagePartitionKey(stage);
    const keys = [...new Set(bibs)].map((bib) => ({ pk, sk: riderSortKey(bib) }));
    const items = await batchGetAll(this.client, this.tableName, keys);
    const riders = new Map<number, StoredRider>();
    for (const item of items) {
      const rider = riderOfItemState(typeof item.state === 'string' ? item.state : undefined);
      if (rider === undefined) throw new StoreError(`rider item ${String(item.sk)} has no state blob`);
      riders.set(rider.bib, rider);
    }
    return riders;
  }

  async putIfNewer(stage: StageKey, riders: readonly StoredRider[]): Promise<PutIfNewerResult> {
    const pk = stagePartitionKey(stage);
    return conditionalPuts(
      this.client,
      riders.map((rider) => ({
        TableName: this.tableName,
        Item: {
          pk,
          sk: riderSortKey(rider.bib),
          bib: rider.bib,
          newestFixMs: rider.newestFixMs,
          tMs: rider.live.tMs,
          distanceMeters: rider.live.distanceMeters,
          state: JSON.stringify(rider),
        },
        ConditionExpression: 'attribute_not_exists(pk) OR newestFixMs < :t',
        ExpressionAttributeValues: { ':t': rider.newestFixMs },
      })),
    );
  }
}

/** The rider a state item's `state` blob holds (also read from the table's stream images), or undefined without one. */
export function riderOfItemState(state: string | undefined): StoredRider | undefined {
  return state === undefined ? undefined : (JSON.parse(state) as StoredRider);
}
