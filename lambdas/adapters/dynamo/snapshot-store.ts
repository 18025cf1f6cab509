import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StageSnapshot } from '../../race';
import { storeErrorOf, StoreError } from '../errors';
import { SNAPSHOT_SORT_KEY } from '../event-store';
import type { PutIfNewerResult } from '../rider-state-store';
import type { SnapshotStore } from '../snapshot-store';
import { stagePartitionKey, type StageKey } from '../stage-key';
import { conditionalPuts } from './conditional-put';

/**
 * The stage snapshot in the state table: one item (`sk` = `SNAPSHOT`) holding the snapshot as a JSON blob, with
 * `tMs` and `v` top-level for the newer-only condition and for readers.
 */
export class DynamoSnapshotStore implements SnapshotStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(stage: StageKey): Promise<StageSnapshot | undefined> {
    const out = await this.client
      .send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: stagePartitionKey(stage), sk: SNAPSHOT_SORT_KEY },
          ConsistentRead: true,
        }),
      )
      .catch((error: unknown) => {
        throw storeErrorOf('GetItem', error);
      });
    if (out.Item === undefined) return undefined;
    if (typeof out.Item.snapshot !== 'string') throw new StoreError('snapshot item has no snapshot blob');
    return JSON.parse(out.Item.snapshot) as StageSnapshot;
  }

  async putIfNewer(stage: StageKey, snapshot: StageSnapshot): Promise<PutIfNewerResult> {
    return conditionalPuts(this.client, [
      {
        TableName: this.tableName,
        Item: {
          pk: stagePartitionKey(stage),
          sk: SNAPSHOT_SORT_KEY,
          v: snapshot.v,
          tMs: snapshot.tMs,
          snapshot: JSON.stringify(snapshot),
        },
        ConditionExpression: 'attribute_not_exists(pk) OR tMs < :t',
        ExpressionAttributeValues: { ':t': snapshot.tMs },
      },
    ]);
  }
}
