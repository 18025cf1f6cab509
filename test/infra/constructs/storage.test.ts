import { Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterEach, describe, expect, it } from 'vitest';
import type { StorageProps } from '../../../lib/constructs/storage';
import { constructStack, logicalId, naggedApp, tourStorage, type NaggedApp } from '../cdk-app';

/** The logical id of an L1 resource (`logicalId` takes an L2's default child). */
const cfnId = (element: CfnElement): string => Stack.of(element).getLogicalId(element);

describe('StorageConstruct', () => {
  let nagged: NaggedApp;
  afterEach(() => nagged.cleanup());

  // eu-west-1 has Timestream for LiveAnalytics; eu-west-3 does not (see the stack test).
  function synth(props: Pick<StorageProps, 'historyStore'>) {
    nagged = naggedApp();
    const stack = constructStack(nagged.app, 'eu-west-1');
    const storage = tourStorage(stack, props.historyStore);
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

    expect(storage.history.store).toBe('none');
    expect(storage.history.database).toBeUndefined();
    template.resourceCountIs('AWS::Timestream::Database', 0);
    template.resourceCountIs('AWS::Timestream::Table', 0);
  });

  it('encrypts the Timestream database with the storage key', () => {
    const { storage, template } = synth({ historyStore: 'timestream' });

    template.hasResourceProperties('AWS::Timestream::Database', {
      KmsKeyId: { 'Fn::GetAtt': [logicalId(storage.key), 'Arn'] },
    });
  });

  it('keeps the logical ids the Timestream database and table were deployed with, so that neither is replaced', () => {
    const { storage } = synth({ historyStore: 'timestream' });

    expect(cfnId(storage.history.database!)).toBe('StorageHistoryDatabase2748FB17');
    expect(cfnId(storage.history.table!)).toBe('StorageHistoryTable615A024D');
  });

  it('leaves no unacknowledged AwsSolutions finding, warnings included', () => {
    synth({ historyStore: 'timestream' });

    expect(nagged.nagReport().violations).toEqual([]);
  });
});
