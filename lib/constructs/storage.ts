import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as timestream from 'aws-cdk-lib/aws-timestream';
import { Construct } from 'constructs';
import { retainedRotatingKey } from './secure-defaults';
import { SNAPSHOT_COPY_TTL_ATTRIBUTE } from '../../core/ports/snapshot-store';
import { STATE_TABLE_STREAM_VIEW } from '../../lambdas/adapters/dynamo/table-definition';

/** Where fix history goes: Timestream for LiveAnalytics (existing accounts only) or nowhere but the S3 archive (DESIGN §9). */
export type HistoryStore = 'timestream' | 'none';

/** Where the processor writes fix history: a Timestream database and table (names and the table ARN). */
export interface HistoryTarget {
  readonly databaseName: string;
  readonly tableName: string;
  /** ARN of the table: the only resource the processor may write records to. */
  readonly tableArn: string;
}

/** Storage: the live-state table (riders, snapshots, events) and, when enabled, the Timestream fix history (DESIGN §2). */
export interface StorageProps {
  /** From the tour config's `history.store`: with 'none' no Timestream resource is created at all. */
  readonly historyStore: HistoryStore;
  /**
   * How long fixes stay in the Timestream memory store, where writes and recent queries are cheapest.
   * @default Duration.hours(24) — a stage lasts ≤ 7 h; late fixes from the relay's spool arrive within the day
   */
  readonly memoryStoreRetention?: Duration;
  /**
   * How long fixes stay in the Timestream magnetic store.
   * @default Duration.days(730) — two tours of analyst history; the S3 archive keeps the raw frames beyond that
   */
  readonly magneticStoreRetention?: Duration;
  /** Merged over our table defaults; keys, encryption, PITR, stream and deletion protection always win. */
  readonly tableProps?: Partial<dynamodb.TableProps>;
}

/** DynamoDB live-state table (pk/sk, on-demand, PITR, CMK, stream) and the optional Timestream history database. */
export class StorageConstruct extends Construct {
  /** Rider live state, downsampled tracks, stage snapshots and events (single-table, pk/sk strings). */
  readonly table: dynamodb.Table;
  /** Customer-managed key for the table and the Timestream database. */
  readonly key: kms.Key;
  /** Timestream database, or undefined when the tour's history store is 'none'. */
  readonly historyDatabase?: timestream.CfnDatabase;
  /** Timestream fixes table, or undefined when the tour's history store is 'none'. */
  readonly historyTable?: timestream.CfnTable;
  /** The history as ProcessingConstruct's `history` prop wants it, or undefined when the store is 'none'. */
  readonly history?: HistoryTarget;

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

    if (props.historyStore === 'timestream') {
      const memoryHours = (props.memoryStoreRetention ?? Duration.hours(24)).toHours();
      const magneticDays = (props.magneticStoreRetention ?? Duration.days(730)).toDays();
      this.historyDatabase = new timestream.CfnDatabase(this, 'HistoryDatabase', { kmsKeyId: this.key.keyArn });
      this.historyDatabase.applyRemovalPolicy(RemovalPolicy.RETAIN);
      this.historyTable = new timestream.CfnTable(this, 'HistoryTable', {
        databaseName: this.historyDatabase.ref,
        retentionProperties: {
          MemoryStoreRetentionPeriodInHours: String(memoryHours),
          MagneticStoreRetentionPeriodInDays: String(magneticDays),
        },
        // Fixes older than the memory store (a relay spool flushed late) must still land.
        magneticStoreWriteProperties: { EnableMagneticStoreWrites: true },
      });
      this.historyTable.applyRemovalPolicy(RemovalPolicy.RETAIN);
      this.history = {
        databaseName: this.historyDatabase.ref,
        tableName: this.historyTable.attrName,
        tableArn: this.historyTable.attrArn,
      };
      for (const resource of [this.historyDatabase, this.historyTable]) {
        Validations.of(resource).acknowledge({
          id: 'CloudFormation-Validate::W3697',
          reason:
            'Timestream is in maintenance mode; only tours whose config sets history.store to timestream (existing accounts) get it',
        });
      }
    }
  }

  /** Read and write capacity units consumed that were throttled, per period (Sum). */
  metricThrottledRequests(props?: Parameters<dynamodb.Table['metricThrottledRequestsForOperations']>[0]) {
    return this.table.metricThrottledRequestsForOperations(props);
  }
}
