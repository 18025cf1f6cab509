import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveConstruct } from '../../../lib/constructs/archive';
import { BackupConstruct, BackupVaultConstruct } from '../../../lib/constructs/backup';
import { StorageConstruct } from '../../../lib/constructs/storage';
import { constructStack, logicalId, naggedApp, type NaggedApp } from '../cdk-app';

/** An ARN as CDK renders it when only the partition is a token: `arn:<AWS::Partition>` + the rest. */
function arn(rest: string) {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] };
}

describe('BackupConstruct', () => {
  let nagged: NaggedApp;
  afterEach(() => nagged.cleanup());

  function synth() {
    nagged = naggedApp();
    const stack = constructStack(nagged.app, 'eu-west-3');
    const stream = kinesis.Stream.fromStreamArn(stack, 'Stream', 'arn:aws:kinesis:eu-west-3:123456789012:stream/s');
    const archive = new ArchiveConstruct(stack, 'Archive', { stream, tourId: 'tdf2022' });
    const storage = new StorageConstruct(stack, 'Storage', {
      historyStore: 'none',
      archiveBucket: archive.bucket,
      tourId: 'tdf2022',
    });
    const backup = new BackupConstruct(stack, 'Backup', {
      tourId: 'tdf2022',
      backupRegion: 'eu-central-1',
      table: storage.table,
      archive,
    });
    return { archive, storage, backup, template: Template.fromStack(stack) };
  }

  it('backs up daily into a KMS-encrypted vault and copies to the backup region vault named tour-tracker-tdf2022-copies', () => {
    const { backup, template } = synth();

    template.hasResourceProperties('AWS::Backup::BackupVault', {
      EncryptionKeyArn: { 'Fn::GetAtt': [logicalId(backup.vaultKey), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: 'tour-tracker-tdf2022',
        BackupPlanRule: [
          Match.objectLike({
            ScheduleExpression: 'cron(0 21 * * ? *)',
            ScheduleExpressionTimezone: 'Etc/UTC',
            Lifecycle: { DeleteAfterDays: 35 },
            CopyActions: [
              {
                DestinationBackupVaultArn: arn(
                  ':backup:eu-central-1:123456789012:backup-vault:tour-tracker-tdf2022-copies',
                ),
                Lifecycle: { DeleteAfterDays: 365 },
              },
            ],
          }),
        ],
      },
    });
  });

  it('selects the state table and the archive bucket', () => {
    const { archive, storage, template } = synth();

    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: {
        Resources: Match.arrayWith([
          { 'Fn::GetAtt': [logicalId(storage.table), 'Arn'] },
          { 'Fn::GetAtt': [logicalId(archive.bucket), 'Arn'] },
        ]),
      },
    });
  });

  it('replicates the archive to the replica bucket and key alias in the backup region', () => {
    const { archive, template } = synth();

    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      ReplicationConfiguration: {
        Role: { 'Fn::GetAtt': [logicalId(archive.replicationRole!), 'Arn'] },
        Rules: [
          Match.objectLike({
            Status: 'Enabled',
            SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
            Destination: {
              Bucket: arn(':s3:::tt-tdf2022-archive-replica-123456789012'),
              EncryptionConfiguration: {
                ReplicaKmsKeyID: arn(':kms:eu-central-1:123456789012:alias/tour-tracker-tdf2022-archive-replica'),
              },
            },
          }),
        ],
      },
    });
  });

  it('lets the replication role read this archive, write the replica and use each key only through S3', () => {
    const { archive, template } = synth();

    const statements = Object.values(
      template.findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: logicalId(archive.replicationRole!) }] },
      }),
    ).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const archiveArn = { 'Fn::GetAtt': [logicalId(archive.bucket), 'Arn'] };
    expect(statements).toEqual([
      { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: archiveArn },
      {
        Effect: 'Allow',
        Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
        Resource: { 'Fn::Join': ['', [archiveArn, '/*']] },
      },
      {
        Effect: 'Allow',
        Action: ['s3:ReplicateObject', 's3:ReplicateTags'],
        Resource: arn(':s3:::tt-tdf2022-archive-replica-123456789012/*'),
      },
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: { 'Fn::GetAtt': [logicalId(archive.key), 'Arn'] },
        Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-3.amazonaws.com' } },
      },
      {
        Effect: 'Allow',
        Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: arn(':kms:eu-central-1:123456789012:key/*'),
        Condition: {
          StringEquals: { 'kms:ViaService': 's3.eu-central-1.amazonaws.com' },
          'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/tour-tracker-tdf2022-archive-replica' },
        },
      },
    ]);
  });

  it('leaves no unacknowledged AwsSolutions finding, warnings included', () => {
    synth();

    expect(nagged.nagReport().violations).toEqual([]);
  });
});

describe('BackupVaultConstruct', () => {
  let nagged: NaggedApp;
  afterEach(() => nagged.cleanup());

  function synth() {
    nagged = naggedApp();
    const stack = constructStack(nagged.app, 'eu-central-1');
    const vault = new BackupVaultConstruct(stack, 'Backup', { tourId: 'tdf2022' });
    return { vault, template: Template.fromStack(stack) };
  }

  it('names the copies vault as the primary region expects, encrypts it with its key and blocks deleting copies', () => {
    const { vault, template } = synth();

    template.hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: 'tour-tracker-tdf2022-copies',
      EncryptionKeyArn: { 'Fn::GetAtt': [logicalId(vault.vaultKey), 'Arn'] },
      AccessPolicy: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
          }),
        ],
      },
    });
  });

  it('keeps the replica versioned, KMS-encrypted under the aliased key, private and TLS-only', () => {
    const { vault, template } = synth();

    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'tt-tdf2022-archive-replica-123456789012',
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [logicalId(vault.replicaKey), 'Arn'] },
            },
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/tour-tracker-tdf2022-archive-replica' });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(vault.replicaBucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('leaves no unacknowledged AwsSolutions finding, warnings included', () => {
    synth();

    expect(nagged.nagReport().violations).toEqual([]);
  });
});
