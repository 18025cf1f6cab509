import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterEach, describe, expect, it } from 'vitest';
import { IngestConstruct } from '../../../lib/constructs/ingest';
import { constructStack, logicalId, naggedApp, type NaggedApp } from '../cdk-app';

describe('IngestConstruct', () => {
  let nagged: NaggedApp;
  afterEach(() => nagged.cleanup());

  function synth(props?: ConstructorParameters<typeof IngestConstruct>[2]) {
    nagged = naggedApp();
    const stack = constructStack(nagged.app);
    const ingest = new IngestConstruct(stack, 'Ingest', props);
    return { ingest, template: Template.fromStack(stack) };
  }

  it('encrypts the on-demand stream with a customer-managed key that rotates', () => {
    const { ingest, template } = synth();

    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      StreamEncryption: { EncryptionType: 'KMS', KeyId: { 'Fn::GetAtt': [logicalId(ingest.key), 'Arn'] } },
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      ShardCount: Match.absent(),
      RetentionPeriodHours: 24,
    });
  });

  it('grants the producer role exactly PutRecord(s) on the stream and GenerateDataKey on its key', () => {
    const { ingest, template } = synth();

    const streamArn = { 'Fn::GetAtt': [logicalId(ingest.stream), 'Arn'] };
    const keyArn = { 'Fn::GetAtt': [logicalId(ingest.key), 'Arn'] };
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: logicalId(ingest.producerRole) }] },
    });
    const statements = Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['kinesis:PutRecord', 'kinesis:PutRecords'],
        Resource: streamArn,
      },
      { Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: keyArn },
    ]);
  });

  it('creates a provisioned stream with the given shard count', () => {
    const { template } = synth({ shardCount: 4 });

    template.hasResourceProperties('AWS::Kinesis::Stream', {
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      ShardCount: 4,
    });
  });

  it("switches an on-demand stream to the capacity plan's idle shard count", () => {
    nagged = naggedApp();
    const stack = constructStack(nagged.app);
    const ingest = new IngestConstruct(stack, 'Ingest');

    ingest.useProvisionedShards(1);

    expect(ingest.provisioned).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', {
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      ShardCount: 1,
    });
  });

  it('reports an on-demand stream as not provisioned', () => {
    const { ingest } = synth();

    expect(ingest.provisioned).toBe(false);
  });

  it('refuses a shard count below one', () => {
    const { ingest } = synth();

    expect(() => ingest.useProvisionedShards(0)).toThrow(
      'IngestConstruct: shardCount must be a positive integer, received 0',
    );
  });

  it('throws naming both props when onDemand and shardCount are given together', () => {
    nagged = naggedApp();
    const stack = constructStack(nagged.app);

    expect(() => new IngestConstruct(stack, 'Ingest', { onDemand: true, shardCount: 2 })).toThrow(
      /onDemand and shardCount exclude each other/,
    );
  });

  it('leaves no unacknowledged AwsSolutions finding, warnings included', () => {
    synth({ shardCount: 2 });

    expect(nagged.nagReport().violations).toEqual([]);
  });
});
