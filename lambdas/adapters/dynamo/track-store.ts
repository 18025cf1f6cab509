import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stagePartitionKey, type StageKey } from '../stage-key';
import { trackBucketOf, type AppendResult, type TrackPoint, type TrackStore } from '../track-store';
import { conditionalPuts } from './conditional-put';
import { queryAll } from './query-all';
import { trackSortKey } from './table-definition';

/** Rider tracks in the state table, one item per rider and bucket; the first point of a bucket wins. */
export class DynamoTrackStore implements TrackStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async append(stage: StageKey, points: readonly TrackPoint[]): Promise<AppendResult> {
    const pk = stagePartitionKey(stage);
    return conditionalPuts(
      this.client,
      points.map((p) => ({
        TableName: this.tableName,
        Item: { pk, sk: trackSortKey(p.bib, trackBucketOf(p.tMs)), ...p },
        ConditionExpression: 'attribute_not_exists(pk)',
      })),
    );
  }

  async track(stage: StageKey, bib: number): Promise<readonly TrackPoint[]> {
    const items = await queryAll(this.client, this.tableName, stagePartitionKey(stage), `TRACK#${bib}#`);
    return items.map((item) => ({
      bib: Number(item.bib),
      tMs: Number(item.tMs),
      distanceMeters: Number(item.distanceMeters),
      lat: Number(item.lat),
      lon: Number(item.lon),
    }));
  }
}
