import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stagePartitionKey, type StageKey } from '../../../core/ports/stage-key';
import { trackBucketOf, type AppendResult, type TrackPoint, type TrackStore } from '../../../core/ports/track-store';
import { batchPutAll } from './batch-write';
import { conditionalPuts } from './conditional-put';
import { queryAll } from './query-all';
import { riderTrackSortKeyPrefix, trackSortKey } from './table-definition';

/**
 * Rider tracks in the state table, one item per rider and bucket: `append` puts each point on the condition that its
 * bucket is empty, `appendNewBuckets` puts the points of new buckets 25 to a BatchWriteItem (one PutItem per point, a
 * point per rider every 10 s, would be most of the processor's DynamoDB calls).
 */
export class DynamoTrackStore implements TrackStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async append(stage: StageKey, points: readonly TrackPoint[]): Promise<AppendResult> {
    return conditionalPuts(
      this.client,
      points.map((p) => ({
        TableName: this.tableName,
        Item: trackItem(stage, p),
        ConditionExpression: 'attribute_not_exists(pk)',
      })),
    );
  }

  async appendNewBuckets(stage: StageKey, points: readonly TrackPoint[]): Promise<AppendResult> {
    await batchPutAll(
      this.client,
      this.tableName,
      points.map((p) => trackItem(stage, p)),
    );
    return { written: points.length, skipped: 0 };
  }

  async track(stage: StageKey, bib: number): Promise<readonly TrackPoint[]> {
    const items = await queryAll(this.client, this.tableName, stagePartitionKey(stage), riderTrackSortKeyPrefix(bib));
    return items.map((item) => ({
      bib: Number(item.bib),
      tMs: Number(item.tMs),
      distanceMeters: Number(item.distanceMeters),
      lat: Number(item.lat),
      lon: Number(item.lon),
    }));
  }
}

function trackItem(stage: StageKey, p: TrackPoint): Record<string, unknown> {
  return { pk: stagePartitionKey(stage), sk: trackSortKey(p.bib, trackBucketOf(p.tMs)), ...p };
}
