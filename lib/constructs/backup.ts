import { ArnFormat, Aws, Duration, RemovalPolicy, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import type { ArchiveConstruct } from './archive';
import { accessLogsBucket, PRIVATE_BUCKET, retainedRotatingKey } from './secure-defaults';

/**
 * Names of the backup region's resources, shared by both regions: the primary region refers to them by name,
 * because a cross-region reference would need a lookup or a custom resource.
 */
export interface BackupNames {
  /** Vault in the backup region that receives the copied recovery points. */
  readonly vaultName: string;
  /** Replica of the raw archive in the backup region (≤ 63 characters with a 31-character tour id). */
  readonly replicaBucketName: string;
  /** Alias of the replica bucket's key in the backup region. */
  readonly replicaKeyAlias: string;
}

/**
 * The backup region's resource names of a tour; the bucket name carries the account (bucket names are global).
 * `account` is `Stack.of(scope).account`: a literal when the stack has one, else the AWS::AccountId token.
 */
export function backupNames(tourId: string, account: string = Aws.ACCOUNT_ID): BackupNames {
  return {
    vaultName: `tour-tracker-${tourId}-copies`,
    replicaBucketName: `tt-${tourId}-archive-replica-${account}`,
    replicaKeyAlias: `alias/tour-tracker-${tourId}-archive-replica`,
  };
}

/** The backup region's side: the vault that receives copies and the replica of the raw archive. */
export interface BackupVaultProps {
  readonly tourId: string;
  /**
   * Age at which replicated objects move to Glacier Instant Retrieval.
   * @default Duration.days(30) — the replica is read only in a regional disaster, and then within milliseconds
   */
  readonly replicaGlacierAfter?: Duration;
}

/** Copies vault (KMS, recovery points cannot be deleted) and the versioned, KMS-encrypted, TLS-only archive replica. */
export class BackupVaultConstruct extends Construct {
  readonly names: BackupNames;
  /** Receives the primary region's copied recovery points. */
  readonly vault: backup.BackupVault;
  /** Customer-managed key of the vault. */
  readonly vaultKey: kms.Key;
  /** Replica of the raw archive (S3 replication from the primary region). */
  readonly replicaBucket: s3.Bucket;
  /** Customer-managed key of the replica, reachable from the primary region through its alias. */
  readonly replicaKey: kms.Key;
  /** Server access logs of the replica bucket. */
  readonly logsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: BackupVaultProps) {
    super(scope, id);
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    this.names = backupNames(props.tourId, Stack.of(this).account);
    this.vaultKey = retainedRotatingKey(
      this,
      'VaultKey',
      'Encrypts tour-tracker recovery points copied to this region',
    );
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: this.names.vaultName,
      encryptionKey: this.vaultKey,
      // The copies are the last line of defence: nobody deletes them by hand, only their lifecycle does.
      blockRecoveryPointDeletion: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.replicaKey = retainedRotatingKey(this, 'ReplicaKey', 'Encrypts the tour-tracker archive replica at rest');
    this.replicaKey.addAlias(this.names.replicaKeyAlias);
    this.logsBucket = accessLogsBucket(this, 'AccessLogs', 'the archive replica');
    this.replicaBucket = new s3.Bucket(this, 'Replica', {
      bucketName: this.names.replicaBucketName,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.replicaKey,
      bucketKeyEnabled: true,
      ...PRIVATE_BUCKET,
      versioned: true,
      lifecycleRules: [
        {
          transitions: [
            {
              storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
              transitionAfter: props.replicaGlacierAfter ?? Duration.days(30),
            },
          ],
          noncurrentVersionExpiration: Duration.days(90),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 'replica/',
    });
  }
}

/** The primary region's side: AWS Backup of the state table (and archive) with copies to the backup region, plus archive replication. */
export interface BackupProps {
  readonly tourId: string;
  /** The tour's backup region, where `BackupVaultConstruct` made the copies vault and the replica bucket. */
  readonly backupRegion: string;
  /** The live-state table; backed up daily (PITR covers the minutes in between). */
  readonly table: dynamodb.ITable;
  /**
   * The raw archive: backed up by AWS Backup (it is versioned) and replicated to the backup region.
   * @default undefined — table only
   */
  readonly archive?: ArchiveConstruct;
  /**
   * How long recovery points stay in this region's vault.
   * @default Duration.days(35) — the three-week tour plus two weeks to notice a bad write
   */
  readonly retention?: Duration;
  /**
   * How long copies stay in the backup region's vault.
   * @default Duration.days(365) — until the next edition; results and history may be disputed for months
   */
  readonly copyRetention?: Duration;
}

/** Local vault (KMS), daily backup plan copying to the backup region, and S3 replication of the archive. */
export class BackupConstruct extends Construct {
  readonly names: BackupNames;
  /** This region's vault (recovery points before and besides the copies). */
  readonly vault: backup.BackupVault;
  readonly vaultKey: kms.Key;
  readonly plan: backup.BackupPlan;
  /** Role AWS Backup assumes to back up and restore the selected resources. */
  readonly role: iam.Role;
  /** ARN of the copies vault in the backup region, built from its name. */
  readonly copyVaultArn: string;

  constructor(scope: Construct, id: string, props: BackupProps) {
    super(scope, id);
    this.names = backupNames(props.tourId, Stack.of(this).account);
    this.vaultKey = retainedRotatingKey(this, 'VaultKey', 'Encrypts tour-tracker recovery points in this region');
    this.vault = new backup.BackupVault(this, 'Vault', {
      encryptionKey: this.vaultKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.copyVaultArn = Stack.of(this).formatArn({
      service: 'backup',
      region: props.backupRegion,
      resource: 'backup-vault',
      resourceName: this.names.vaultName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: `tour-tracker-${props.tourId}`,
      backupVault: this.vault,
    });
    this.plan.addRule(
      new backup.BackupPlanRule({
        ruleName: 'DailyAfterStage',
        // 21:00 UTC: after the last rider of every European stage is in, before the next day's warm-up.
        scheduleExpression: events.Schedule.cron({ minute: '0', hour: '21' }),
        scheduleExpressionTimezone: TimeZone.ETC_UTC,
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(8),
        deleteAfter: props.retention ?? Duration.days(35),
        copyActions: [
          {
            destinationBackupVault: backup.BackupVault.fromBackupVaultArn(this, 'CopyVault', this.copyVaultArn),
            deleteAfter: props.copyRetention ?? Duration.days(365),
          },
        ],
      }),
    );

    const s3Policies = props.archive
      ? ['AWSBackupServiceRolePolicyForS3Backup', 'AWSBackupServiceRolePolicyForS3Restore']
      : [];
    const managedPolicies = [
      'service-role/AWSBackupServiceRolePolicyForBackup',
      'service-role/AWSBackupServiceRolePolicyForRestores',
      ...s3Policies,
    ];
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'AWS Backup: backs up and restores the tour-tracker state table and raw archive',
      managedPolicies: managedPolicies.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    const managedPolicyReasons: Record<string, string> = {
      'service-role/AWSBackupServiceRolePolicyForBackup':
        "AWS-maintained backup permissions for DynamoDB; the selection limits them to this tour's table and archive",
      'service-role/AWSBackupServiceRolePolicyForRestores':
        'AWS-maintained restore permissions, needed by the restore drill (docs/restore-drill.md)',
      AWSBackupServiceRolePolicyForS3Backup:
        'AWS-maintained S3 backup permissions (versions, tags, KMS via S3); the selection names the archive bucket only',
      AWSBackupServiceRolePolicyForS3Restore: 'AWS-maintained S3 restore permissions for the restore drill',
    };
    for (const name of managedPolicies) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`,
        reason: managedPolicyReasons[name] ?? name,
      });
    }

    const resources = [backup.BackupResource.fromDynamoDbTable(props.table)];
    if (props.archive) resources.push(backup.BackupResource.fromArn(props.archive.bucket.bucketArn));
    this.plan.addSelection('Selection', { resources, role: this.role, disableDefaultBackupPolicy: true });

    props.archive?.replicateTo({
      region: props.backupRegion,
      bucketName: this.names.replicaBucketName,
      keyAlias: this.names.replicaKeyAlias,
    });
  }
}
