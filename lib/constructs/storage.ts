import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { HistoryStoreConstruct } from './history-store';
import { retainedRotatingKey } from './secure-defaults';
import type { HistoryStore } from '../../core/tour-config/schema';
import { SNAPSHOT_COPY_TTL_ATTRIBUTE } from '../../core/ports/snapshot-store';
import { STATE_TABLE_STREAM_VIEW } from '../../lambdas/adapters/dynamo/table-definition';

/** Storage: the live-state table (riders, snapshots, events) and, when enabled, the Timestream fix history (DESIGN §2). */
export interface StorageProps {
  /** From the tour config's `history.store`: with 'none' no Timestream resource is created at all. */
  readonly historyStore: HistoryStore;
  /** The raw S3 archive (ArchiveConstruct's bucket): the history partners read when the store is 'none'. */
  readonly archiveBucket: s3.IBucket;
  /** Tour id: history reads from the archive are limited to its `raw/<tourId>/` prefix. */
  readonly tourId: string;
  /**
   * How long fixes stay in the Timestream memory store.
   * @default HistoryStoreConstruct's — Duration.hours(24)
   */
  readonly memoryStoreRetention?: Duration;
  /**
   * How long fixes stay in the Timestream magnetic store.
   * @default HistoryStoreConstruct's — Duration.days(730)
   */
  readonly magneticStoreRetention?: Duration;
  /** Merged over our table defaults; keys, encryption, PITR, stream and deletion protection always win. */
  readonly tableProps?: Partial<dynamodb.TableProps>;
}

/** DynamoDB live-state table (pk/sk, on-demand, PITR, CMK, stream) and the fix history store. */
export class StorageConstruct extends Construct {
  /** Rider live state, downsampled tracks, stage snapshots and events (single-table, pk/sk strings). */
  readonly table: dynamodb.Table;
  /** Customer-managed key for the table and the Timestream database. */
  readonly key: kms.Key;
  /** The fix history: Timestream or the raw archive, with the grants and variables of its writers and readers. */
  readonly history: HistoryStoreConstruct;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    this.key = retainedRotatingKey(this, 'StorageKey', 'Encrypts the tour-tracker state table and history at rest');
    this.table = new dynamodb.Table(this, 'StateTable', {
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      ...props.tableProps,
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      stream: dynamodb.StreamViewType[STATE_TABLE_STREAM_VIEW],
      // Time-keyed snapshot copies (the lagged public tier) expire by themselves.
      timeToLiveAttribute: SNAPSHOT_COPY_TTL_ATTRIBUTE,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // 'Default' adds no segment to logical ids: the Timestream database and table keep theirs (StorageHistory…), and a
    // new id would create an empty table beside the retained one.
    this.history = new HistoryStoreConstruct(this, 'Default', {
      store: props.historyStore,
      key: this.key,
      archiveBucket: props.archiveBucket,
      tourId: props.tourId,
      memoryStoreRetention: props.memoryStoreRetention,
      magneticStoreRetention: props.magneticStoreRetention,
    });
  }

  /** Read and write capacity units consumed that were throttled, per period (Sum). */
  metricThrottledRequests(props?: Parameters<dynamodb.Table['metricThrottledRequestsForOperations']>[0]) {
    return this.table.metricThrottledRequestsForOperations(props);
  }
}
