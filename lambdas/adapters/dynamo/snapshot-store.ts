import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StageSnapshot } from '../../../core/race';
import { storeErrorOf, StoreError } from '../../../core/ports/errors';
import { SNAPSHOT_SORT_KEY } from '../../../core/ports/event-store';
import type { PutIfNewerResult } from '../../../core/ports/rider-state-store';
import {
  SNAPSHOT_COPY_RETENTION_MS,
  SNAPSHOT_COPY_SORT_KEY_PREFIX,
  SNAPSHOT_COPY_TTL_ATTRIBUTE,
  snapshotCopySortKey,
  type SnapshotStore,
} from '../../../core/ports/snapshot-store';
import { stagePartitionKey, type StageKey } from '../../../core/ports/stage-key';
import { conditionalPuts } from './conditional-put';

/**
 * The stage snapshot in the state table: one item (`sk` = `SNAPSHOT`) holding the snapshot as a JSON blob, with
 * `tMs` and `v` top-level for the newer-only condition and for readers; plus one copy per snapshot time
 * (`sk` = `COPY#SNAPSHOT#<padded tMs>`) that the table's TTL (`expiresAt`, epoch s) removes after a while.
 */
export class DynamoSnapshotStore implements SnapshotStore {
  /**
   * @param keepCopies - write the time-keyed copies the lagged public tier reads. Each doubles the snapshot's write
   *   units (a 200-rider snapshot is ~60 kB); a writer may pass `publicLagSeconds > 0` to skip them when no tier
   *   lags. @default true
   */
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keepCopies = true,
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
    return out.Item === undefined ? undefined : snapshotOfItem(out.Item);
  }

  async putIfNewer(stage: StageKey, snapshot: StageSnapshot): Promise<PutIfNewerResult> {
    const pk = stagePartitionKey(stage);
    const blob = JSON.stringify(snapshot);
    const current = {
      TableName: this.tableName,
      Item: { pk, sk: SNAPSHOT_SORT_KEY, v: snapshot.v, tMs: snapshot.tMs, snapshot: blob },
      ConditionExpression: 'attribute_not_exists(pk) OR tMs < :t',
      ExpressionAttributeValues: { ':t': snapshot.tMs },
    };
    if (!this.keepCopies) return conditionalPuts(this.client, [current]);
    const copy = {
      TableName: this.tableName,
      Item: {
        pk,
        sk: snapshotCopySortKey(snapshot.tMs),
        v: snapshot.v,
        tMs: snapshot.tMs,
        snapshot: blob,
        // Expiry follows the snapshot's own time, not a clock: a replayed old stage writes copies already due.
        [SNAPSHOT_COPY_TTL_ATTRIBUTE]: Math.floor((snapshot.tMs + SNAPSHOT_COPY_RETENTION_MS) / 1000),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    };
    // Both writes are idempotent on their own, so they can run together: a retry after either failed completes it.
    const [written] = await Promise.all([
      conditionalPuts(this.client, [current]),
      conditionalPuts(this.client, [copy]),
    ]);
    return written;
  }

  async getAtOrBefore(stage: StageKey, atMs: number): Promise<StageSnapshot | undefined> {
    const [current, copies] = await Promise.all([
      this.get(stage),
      this.client
        .send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :oldest AND :at',
            ExpressionAttributeValues: {
              ':pk': stagePartitionKey(stage),
              ':oldest': SNAPSHOT_COPY_SORT_KEY_PREFIX,
              ':at': snapshotCopySortKey(Math.max(0, Math.floor(atMs))),
            },
            ScanIndexForward: false,
            Limit: 1,
          }),
        )
        .catch((error: unknown) => {
          throw storeErrorOf('Query', error);
        }),
    ]);
    // The current item outlives the copies (no TTL), so a finished stage stays readable once its copies expire.
    if (current !== undefined && current.tMs <= atMs) return current;
    const copy = copies.Items?.[0];
    return copy === undefined ? undefined : snapshotOfItem(copy);
  }
}

function snapshotOfItem(item: Record<string, unknown>): StageSnapshot {
  if (typeof item.snapshot !== 'string') throw new StoreError(`snapshot item ${String(item.sk)} has no snapshot blob`);
  return JSON.parse(item.snapshot) as StageSnapshot;
}
