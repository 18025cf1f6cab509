/**
 * Key schema of the single state table (DESIGN §6): partition `pk` = `STAGE#<tour>#<n>`, sort `sk` =
 * `RIDER#<bib>` (live state) or `TRACK#<bib>#<bucket>` (track points). Shared by the CDK construct and tests.
 */
export const STATE_TABLE_KEY = { partitionKey: 'pk', sortKey: 'sk' } as const;

/**
 * What the state table's stream carries: the new image only. The aggregator reads a rider item's keys and its
 * `newestFixMs`; old images would double every record (Lambda's payload and, locally, moto's stream reads).
 */
export const STATE_TABLE_STREAM_VIEW = 'NEW_IMAGE' as const;

/** CreateTable input for the state table (on-demand), for tests and local mode. */
export function stateTableCreateInput(tableName: string): {
  TableName: string;
  BillingMode: 'PAY_PER_REQUEST';
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' }[];
  KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
} {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: STATE_TABLE_KEY.partitionKey, AttributeType: 'S' },
      { AttributeName: STATE_TABLE_KEY.sortKey, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: STATE_TABLE_KEY.partitionKey, KeyType: 'HASH' },
      { AttributeName: STATE_TABLE_KEY.sortKey, KeyType: 'RANGE' },
    ],
  };
}

/** Sort key prefix of every rider live-state item (the aggregator's stream filter passes these only). */
export const RIDER_SORT_KEY_PREFIX = 'RIDER#';

/** Sort key prefix of every track item. */
export const TRACK_SORT_KEY_PREFIX = 'TRACK#';

/** Sort key of a rider's live state item. */
export function riderSortKey(bib: number): string {
  return `${RIDER_SORT_KEY_PREFIX}${bib}`;
}

/** What the sort key of every track bucket of a rider starts with. */
export function riderTrackSortKeyPrefix(bib: number): string {
  return `${TRACK_SORT_KEY_PREFIX}${bib}#`;
}

/** Sort key of a track bucket; the bucket start is zero-padded so keys sort by time. */
export function trackSortKey(bib: number, bucketMs: number): string {
  return `${riderTrackSortKeyPrefix(bib)}${String(bucketMs).padStart(14, '0')}`;
}
