import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveConstruct } from '../../../lib/constructs/archive';
import { IngestConstruct } from '../../../lib/constructs/ingest';
import { constructStack, logicalId, naggedApp, type NaggedApp } from '../cdk-app';

describe('ArchiveConstruct', () => {
  let nagged: NaggedApp;
  afterEach(() => nagged.cleanup());

  function synth() {
    nagged = naggedApp();
    const stack = constructStack(nagged.app);
    const { stream } = new IngestConstruct(stack, 'Ingest');
    const archive = new ArchiveConstruct(stack, 'Archive', { stream, tourId: 'tdf2022' });
    return { archive, stream, template: Template.fromStack(stack) };
  }

  it('encrypts the archive with its own rotating key, versions it, blocks public access and logs accesses', () => {
    const { archive, template } = synth();

    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [logicalId(archive.key), 'Arn'] },
            },
          },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(archive.logsBucket) } },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Transitions: [
              { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
              { StorageClass: 'GLACIER_IR', TransitionInDays: 120 },
            ],
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('denies every request to either bucket that does not use TLS', () => {
    const { archive, template } = synth();

    for (const bucket of [archive.bucket, archive.logsBucket]) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logicalId(bucket) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              Principal: { AWS: '*' },
            }),
          ]),
        },
      });
    }
  });

  it('delivers the stream to the archive under raw/<tour>/yyyy/MM/dd/HH/, gzip, KMS, with an error prefix', () => {
    const { archive, stream, template } = synth();

    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: { KinesisStreamARN: { 'Fn::GetAtt': [logicalId(stream), 'Arn'] } },
      ExtendedS3DestinationConfiguration: Match.objectLike({
        BucketARN: { 'Fn::GetAtt': [logicalId(archive.bucket), 'Arn'] },
        Prefix: 'raw/tdf2022/!{timestamp:yyyy/MM/dd/HH}/',
        ErrorOutputPrefix: 'errors/tdf2022/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/',
        CompressionFormat: 'GZIP',
        EncryptionConfiguration: {
          KMSEncryptionConfig: { AWSKMSKeyARN: { 'Fn::GetAtt': [logicalId(archive.key), 'Arn'] } },
        },
        CloudWatchLoggingOptions: Match.objectLike({ Enabled: true }),
      }),
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('lets S3 deliver access logs only from the archive bucket, through a bucket policy rather than an ACL', () => {
    const { archive, template } = synth();

    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(archive.logsBucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:PutObject',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Condition: Match.objectLike({
              ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalId(archive.bucket), 'Arn'] } },
            }),
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: Match.absent(),
      AccessControl: Match.absent(),
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  it('leaves no unacknowledged AwsSolutions finding, warnings included', () => {
    synth();

    expect(nagged.nagReport().violations).toEqual([]);
  });

  it('replicates to one replica only and refuses a second', () => {
    const { archive } = synth();
    const target = { region: 'eu-central-1', bucketName: 'replica', keyAlias: 'alias/replica' };
    archive.replicateTo(target);

    expect(() => archive.replicateTo(target)).toThrow(
      'ArchiveConstruct: replicateTo was already called; one replica only',
    );
  });

  it('leaves no unacknowledged AwsSolutions finding with replication in an env-agnostic stack', () => {
    nagged = naggedApp();
    const stack = new Stack(nagged.app, 'Agnostic');
    const { stream } = new IngestConstruct(stack, 'Ingest');
    const archive = new ArchiveConstruct(stack, 'Archive', { stream, tourId: 'tdf2022' });

    archive.replicateTo({ region: 'eu-central-1', bucketName: `replica-${stack.account}`, keyAlias: 'alias/replica' });

    expect(nagged.nagReport().violations).toEqual([]);
  });
});
