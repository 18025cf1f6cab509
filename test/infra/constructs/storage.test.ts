import { Stack, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { Construct } from 'constructs';
import { afterEach, describe, expect, it } from 'vitest';
import { StorageConstruct, type StorageProps } from '../../../lib/constructs/storage';
import { constructStack, logicalId, naggedApp, type NaggedApp } from '../cdk-app';

const stack = (construct: Construct): Stack => Stack.of(construct);
/** The logical id of an L1 resource (`logicalId` takes an L2's default child). */
const cfnId = (element: CfnElement): string => Stack.of(element).getLogicalId(element);

describe('StorageConstruct', () => {
  let nagged: NaggedApp;
  afterEach(() => nagged.cleanup());

  // eu-west-1 has Timestream for LiveAnalytics; eu-west-3 does not (see the stack test).
  function synth(props: StorageProps) {
    nagged = naggedApp();
    const stack = constructStack(nagged.app, 'eu-west-1');
    const storage = new StorageConstruct(stack, 'Storage', props);
    return { storage, template: Template.fromStack(stack) };
  }

  it('keeps the state table on-demand, encrypted with its own key, with PITR, a stream and deletion protection', () => {
    const { storage, template } = synth({ historyStore: 'none' });

    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [logicalId(storage.key), 'Arn'] },
      },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      DeletionProtectionEnabled: true,
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('creates no Timestream resource when the history store is none', () => {
    const { storage, template } = synth({ historyStore: 'none' });

    expect(storage.historyDatabase).toBeUndefined();
    expect(storage.history).toBeUndefined();
    template.resourceCountIs('AWS::Timestream::Database', 0);
    template.resourceCountIs('AWS::Timestream::Table', 0);
  });

  it('creates a KMS-encrypted Timestream database and a table with retention and magnetic store writes', () => {
    const { storage, template } = synth({ historyStore: 'timestream' });

    template.hasResourceProperties('AWS::Timestream::Database', {
      KmsKeyId: { 'Fn::GetAtt': [logicalId(storage.key), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Timestream::Table', {
      DatabaseName: { Ref: Match.stringLikeRegexp('HistoryDatabase') },
      RetentionProperties: { MemoryStoreRetentionPeriodInHours: '24', MagneticStoreRetentionPeriodInDays: '730' },
      MagneticStoreWriteProperties: { EnableMagneticStoreWrites: true },
    });
    expect(stack(storage).resolve(storage.history)).toEqual({
      databaseName: { Ref: cfnId(storage.historyDatabase!) },
      tableName: { 'Fn::GetAtt': [cfnId(storage.historyTable!), 'Name'] },
      tableArn: { 'Fn::GetAtt': [cfnId(storage.historyTable!), 'Arn'] },
    });
  });

  it('leaves no unacknowledged AwsSolutions finding, warnings included', () => {
    synth({ historyStore: 'timestream' });

    expect(nagged.nagReport().violations).toEqual([]);
  });
});
