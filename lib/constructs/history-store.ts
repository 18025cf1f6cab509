import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as timestream from 'aws-cdk-lib/aws-timestream';
import { Construct } from 'constructs';
import type { HistoryStore } from '../../core/tour-config/schema';
import type { ApiEnv } from '../../lambdas/api/env';
import { historyStoreVariables, type HistoryStoreVariables } from '../../lambdas/shared/env-fields';

/** What a history reader is told: where the history is, and for store `none` the archive bucket to read it from. */
export type HistoryReaderVariables = HistoryStoreVariables &
  Readonly<Partial<Record<Extract<keyof ApiEnv, 'ARCHIVE_BUCKET_NAME'>, string>>>;

/** The fix history of a tour, as its config chooses it (DESIGN §9). */
export interface HistoryStoreProps {
  /** From the tour config's `history.store`: with `none` no Timestream resource is created at all. */
  readonly store: HistoryStore;
  /** Customer-managed key the Timestream database encrypts with. */
  readonly key: kms.IKey;
  /** The raw S3 archive: what history is read from when the store is `none`. */
  readonly archiveBucket: s3.IBucket;
  /** Tour id: reads from the archive are limited to its prefix, `raw/<tourId>/`. */
  readonly tourId: string;
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
}

/**
 * The one owner of the history store choice: the Timestream database and table when the store is `timestream`, the
 * tour's prefix of the raw archive when it is `none`. Functions get their access and their variables from it only.
 */
export class HistoryStoreConstruct extends Construct {
  /** The tour config's choice. */
  readonly store: HistoryStore;
  /** Timestream database, or undefined when the store is `none`. */
  readonly database?: timestream.CfnDatabase;
  /** Timestream fixes table, or undefined when the store is `none`. */
  readonly table?: timestream.CfnTable;
  /** The raw archive, read for history when the store is `none`. */
  readonly archiveBucket: s3.IBucket;
  private readonly archivePrefix: string;

  constructor(scope: Construct, id: string, props: HistoryStoreProps) {
    super(scope, id);
    this.store = props.store;
    this.archiveBucket = props.archiveBucket;
    this.archivePrefix = `raw/${props.tourId}/`;
    if (props.store !== 'timestream') return;

    const memoryHours = (props.memoryStoreRetention ?? Duration.hours(24)).toHours();
    const magneticDays = (props.magneticStoreRetention ?? Duration.days(730)).toDays();
    this.database = new timestream.CfnDatabase(this, 'HistoryDatabase', { kmsKeyId: props.key.keyArn });
    this.database.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.table = new timestream.CfnTable(this, 'HistoryTable', {
      databaseName: this.database.ref,
      retentionProperties: {
        MemoryStoreRetentionPeriodInHours: String(memoryHours),
        MagneticStoreRetentionPeriodInDays: String(magneticDays),
      },
      // Fixes older than the memory store (a relay spool flushed late) must still land.
      magneticStoreWriteProperties: { EnableMagneticStoreWrites: true },
    });
    this.table.applyRemovalPolicy(RemovalPolicy.RETAIN);
    for (const resource of [this.database, this.table]) {
      Validations.of(resource).acknowledge({
        id: 'CloudFormation-Validate::W3697',
        reason:
          'Timestream is in maintenance mode; only tours whose config sets history.store to timestream (existing accounts) get it',
      });
    }
  }

  /** Lets `grantee` write fixes: WriteRecords on the Timestream table only; nothing when the store is `none`. */
  grantWrite(grantee: iam.IGrantable): iam.Grant {
    if (this.table === undefined) return iam.Grant.drop(grantee, 'write fix history (the tour has no history store)');
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['timestream:WriteRecords'],
      resourceArns: [this.table.attrArn],
    }).combine(this.grantDescribeEndpoints(grantee));
  }

  /**
   * Lets `grantee` read history: Select on the Timestream table, or with store `none` GetObject and ListBucket on the
   * tour's archive prefix and Decrypt on the archive's key. Named actions only.
   */
  grantRead(grantee: iam.IGrantable): iam.Grant {
    if (this.table !== undefined) {
      return iam.Grant.addToPrincipal({
        grantee,
        actions: ['timestream:Select'],
        resourceArns: [this.table.attrArn],
      }).combine(this.grantDescribeEndpoints(grantee));
    }
    const objects = iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject'],
      resourceArns: [this.archiveBucket.arnForObjects(`${this.archivePrefix}*`)],
    });
    const listing = iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:ListBucket'],
      resourceArns: [this.archiveBucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${this.archivePrefix}*`] } },
    });
    const key = this.archiveBucket.encryptionKey?.grant(grantee, 'kms:Decrypt');
    return key === undefined ? objects.combine(listing) : objects.combine(listing).combine(key);
  }

  /** The variables a writer (the processor) needs: the store and, for Timestream, its database and table. */
  writerEnvironment(): HistoryStoreVariables {
    return historyStoreVariables(
      this.database && this.table
        ? { store: 'timestream', databaseName: this.database.ref, tableName: this.table.attrName }
        : { store: 'none' },
    );
  }

  /** The variables a reader (the API) needs: the writer's, plus the archive bucket when the store is `none`. */
  readerEnvironment(): HistoryReaderVariables {
    const variables = this.writerEnvironment();
    return this.store === 'none' ? { ...variables, ARCHIVE_BUCKET_NAME: this.archiveBucket.bucketName } : variables;
  }

  /** The cdk-nag findings `grantRead` leaves on its grantee that are not `Resource::*`, each with why it is fine. */
  readAcknowledgements(): Readonly<Record<string, string>> {
    if (this.store !== 'none') return {};
    const bucketArn = Stack.of(this).resolve(this.archiveBucket.bucketArn) as { 'Fn::GetAtt'?: [string, string] };
    const bucketRef = bucketArn['Fn::GetAtt'] ? `<${bucketArn['Fn::GetAtt'][0]}.Arn>` : this.archiveBucket.bucketArn;
    return {
      [`AwsSolutions-IAM5[Resource::${bucketRef}/${this.archivePrefix}*]`]:
        "History reads any hour object of this tour's raw archive prefix (raw/<tourId>/yyyy/MM/dd/HH/), nothing else",
    };
  }

  /** The SDK discovers the Timestream endpoint first; DescribeEndpoints has no resource-level permission. */
  private grantDescribeEndpoints(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['timestream:DescribeEndpoints'], resourceArns: ['*'] });
  }
}
