import { Aws, Duration, RemovalPolicy, Size, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { accessLogsBucket, PRIVATE_BUCKET, retainedRotatingKey } from './secure-defaults';
import { ConstructPropsError } from '../errors';

/** Archive: every raw wire frame, delivered by Firehose from the ingest stream to S3 — the replay source (DESIGN §2). */
export interface ArchiveProps {
  /** The ingest stream; Firehose reads it as its source and gets read access only. */
  readonly stream: kinesis.IStream;
  /** Tour id, the first partition of every object key (`raw/<tourId>/yyyy/MM/dd/HH/`). */
  readonly tourId: string;
  /**
   * Age at which archived objects move to S3 Standard-IA.
   * @default Duration.days(30) — replays and analyses happen during the tour; later reads are rare
   */
  readonly infrequentAccessAfter?: Duration;
  /**
   * Age at which archived objects move to Glacier Instant Retrieval.
   * @default Duration.days(120) — after the tour the archive is kept for history, still readable in milliseconds
   */
  readonly glacierAfter?: Duration;
  /**
   * How long Firehose buffers before writing an object: latency of the archive versus the number of objects.
   * @default Duration.seconds(60) — a minute of frames per object keeps replays fine-grained and objects few
   */
  readonly bufferingInterval?: Duration;
  /**
   * How long the Firehose error log keeps its events.
   * @default logs.RetentionDays.ONE_MONTH — long enough to investigate a failed delivery after a stage
   */
  readonly logRetention?: logs.RetentionDays;
  /** Merged over our archive bucket defaults; encryption, TLS, public access block and versioning always win. */
  readonly bucketProps?: Partial<s3.BucketProps>;
}

/** Where the archive replicates to: a bucket and a key alias in another region, known by name (no cross-region lookup). */
export interface ArchiveReplicaTarget {
  /** Region of the replica bucket (the tour's backup region). */
  readonly region: string;
  /** Name of the replica bucket in that region (created by the backup stack, which deploys first). */
  readonly bucketName: string;
  /** Alias of the replica bucket's KMS key in that region, e.g. `alias/tour-tracker-tdf2022-archive-replica`. */
  readonly keyAlias: string;
}

/** A string as cdk-nag renders it in finding ids: pseudo-parameter tokens become `<AWS::AccountId>`, `<AWS::Partition>`. */
function nagRendered(value: string): string {
  return value.split(Aws.ACCOUNT_ID).join('<AWS::AccountId>').split(Aws.PARTITION).join('<AWS::Partition>');
}

/** KMS-encrypted, versioned, TLS-only S3 archive with access logs, fed by a Firehose delivery stream from Kinesis. */
export class ArchiveConstruct extends Construct {
  /** Raw frames, gzip-compressed, partitioned by tour and hour. */
  readonly bucket: s3.Bucket;
  /** Server access logs of the archive bucket. */
  readonly logsBucket: s3.Bucket;
  /** Customer-managed key of the archive bucket; readers need kms:Decrypt on it. */
  readonly key: kms.Key;
  /** Firehose delivery stream from the ingest stream to the archive bucket. */
  readonly deliveryStream: firehose.DeliveryStream;
  /** The S3 replication role, once `replicateTo` has been called. */
  replicationRole?: iam.Role;

  constructor(scope: Construct, id: string, props: ArchiveProps) {
    super(scope, id);
    // Log delivery through a bucket policy (scoped to the archive bucket), not the legacy LogDeliveryWrite ACL (cfn-lint W3045).
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    this.key = retainedRotatingKey(this, 'ArchiveKey', 'Encrypts the tour-tracker raw archive at rest');
    this.logsBucket = accessLogsBucket(this, 'AccessLogs', 'the archive');

    this.bucket = new s3.Bucket(this, 'Archive', {
      lifecycleRules: [
        {
          transitions: [
            {
              storageClass: s3.StorageClass.INFREQUENT_ACCESS,
              transitionAfter: props.infrequentAccessAfter ?? Duration.days(30),
            },
            {
              storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
              transitionAfter: props.glacierAfter ?? Duration.days(120),
            },
          ],
          noncurrentVersionExpiration: Duration.days(90),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
      ...props.bucketProps,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      ...PRIVATE_BUCKET,
      versioned: true,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 'archive/',
    });

    const logGroup = new logs.LogGroup(this, 'DeliveryLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.deliveryStream = new firehose.DeliveryStream(this, 'Delivery', {
      source: new firehose.KinesisStreamSource(props.stream),
      destination: new firehose.S3Bucket(this.bucket, {
        dataOutputPrefix: `raw/${props.tourId}/!{timestamp:yyyy/MM/dd/HH}/`,
        errorOutputPrefix: `errors/${props.tourId}/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/`,
        bufferingInterval: props.bufferingInterval ?? Duration.seconds(60),
        bufferingSize: Size.mebibytes(64),
        compression: firehose.Compression.GZIP,
        encryptionKey: this.key,
        loggingConfig: new firehose.EnableLogging(logGroup),
      }),
    });
    const bucketLogicalId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    // The S3 destination's grants come from Bucket.grantReadWrite and Key.grantEncryptDecrypt, scoped to this bucket and key.
    const firehoseWildcards: Record<string, string> = {
      'Action::s3:GetObject*':
        'Firehose reads back objects of the archive bucket only (CDK grantReadWrite, scoped to it)',
      'Action::s3:GetBucket*': 'Firehose reads the location and settings of the archive bucket only',
      'Action::s3:List*': 'Firehose lists the archive bucket and its multipart uploads only',
      'Action::s3:DeleteObject*':
        'Firehose cleans up its own partial objects in the archive bucket only; versioning keeps the data',
      'Action::s3:Abort*': 'Firehose aborts its own failed multipart uploads in the archive bucket only',
      [`Resource::<${bucketLogicalId}.Arn>/*`]:
        'Firehose writes any key under the archive bucket: keys are time-partitioned',
      'Action::kms:ReEncrypt*': 'Firehose encrypts with the archive key only, which is scoped to this one bucket',
      'Action::kms:GenerateDataKey*':
        'Firehose generates data keys from the archive key only, which encrypts this bucket',
    };
    for (const [finding, reason] of Object.entries(firehoseWildcards)) {
      Validations.of(this.deliveryStream).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    }
    Validations.of(this.deliveryStream).acknowledge({
      id: 'AwsSolutions-KDF1',
      reason:
        'A delivery stream with a Kinesis source cannot enable SSE; the data is encrypted by the stream CMK before and the archive CMK after',
    });
  }

  /**
   * Replicates every archived object (KMS-encrypted) to a bucket in another region, through a role that may only
   * read this bucket's versions for replication, decrypt with the archive key, replicate into the replica bucket and
   * encrypt with the replica key (found by its alias). Called once; returns the replication role.
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
   */
  replicateTo(target: ArchiveReplicaTarget): iam.Role {
    if (this.replicationRole) {
      throw new ConstructPropsError('ArchiveConstruct: replicateTo was already called; one replica only');
    }
    const stack = Stack.of(this);
    const replicaBucketArn = `arn:${stack.partition}:s3:::${target.bucketName}`;
    const replicaAliasArn = `arn:${stack.partition}:kms:${target.region}:${stack.account}:${target.keyAlias}`;
    const role = new iam.Role(this, 'ReplicationRole', {
      assumedBy: new iam.ServicePrincipal('s3.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: `S3 replication of the raw archive to ${target.bucketName} (${target.region})`,
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
        resources: [this.bucket.bucketArn],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ReplicateObject', 's3:ReplicateTags'],
        resources: [`${replicaBucketArn}/*`],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
      }),
    );
    // The replica key lives in another region and stack: it is named by alias, so the grant matches on that alias.
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [`arn:${stack.partition}:kms:${target.region}:${stack.account}:key/*`],
        conditions: {
          StringEquals: { 'kms:ViaService': `s3.${target.region}.amazonaws.com` },
          'ForAnyValue:StringEquals': { 'kms:ResourceAliases': target.keyAlias },
        },
      }),
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
      reason:
        'Replication reads every object version of the archive bucket only: every raw frame must reach the replica',
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagRendered(`${replicaBucketArn}/*`)}]`,
      reason: 'Replication writes every object into the replica bucket only, under the same keys as the archive',
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagRendered(`arn:${stack.partition}:kms:${target.region}:${stack.account}:key/*`)}]`,
      reason:
        'The replica key is in the backup region and stack, known by alias only; kms:ResourceAliases limits the grant to it',
    });

    const cfnBucket = this.bucket.node.defaultChild as s3.CfnBucket;
    cfnBucket.replicationConfiguration = {
      role: role.roleArn,
      rules: [
        {
          id: 'ToBackupRegion',
          status: 'Enabled',
          priority: 1,
          filter: { prefix: '' },
          deleteMarkerReplication: { status: 'Disabled' },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
          destination: {
            bucket: replicaBucketArn,
            encryptionConfiguration: { replicaKmsKeyId: replicaAliasArn },
          },
        },
      ],
    };
    this.replicationRole = role;
    return role;
  }

  /** Bytes delivered to S3 per period (Sum). */
  metricDeliveredBytes(props?: Parameters<firehose.DeliveryStream['metric']>[1]) {
    return this.deliveryStream.metric('DeliveryToS3.Bytes', { statistic: 'Sum', ...props });
  }

  /** Age of the oldest record Firehose has not delivered yet (Maximum), seconds. */
  metricDataFreshnessSeconds(props?: Parameters<firehose.DeliveryStream['metric']>[1]) {
    return this.deliveryStream.metric('DeliveryToS3.DataFreshness', { statistic: 'Maximum', ...props });
  }
}
